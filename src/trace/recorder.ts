/**
 * Every component writes what it does through one recorder: messages, notes, Events and state
 * changes, stamped with the simulated time relative to the start of recording and the current
 * step. Recording of messages and Events starts with the first `when` (set-up is not drawn);
 * state changes are always kept, so state can be replayed from the beginning.
 */
import type {
  HiddenReason,
  KubeObject,
  MessageKind,
  Participant,
  SchedulingAttempt,
  StepInfo,
  Trace,
  TraceEvent,
  TraceMessage,
  TraceNote,
  TraceOutput,
} from './types.js';

export interface MessageInput {
  from: Participant;
  to: Participant;
  kind: MessageKind;
  verb: string;
  target: string;
  attrs?: Record<string, string>;
  label: string;
  hidden?: HiddenReason;
  inReplyTo?: number;
}

export class TraceRecorder {
  readonly trace: Trace = { messages: [], notes: [], events: [], changes: [], steps: [], scheduling: [], output: [] };
  /** Current step: 0 while setting up, then 1, 2 … for each `when`. */
  step = 0;
  /** Absolute simulated time at which recording started (the first `when`). */
  origin = 0;
  private seq = 0;

  constructor(private readonly clock: { now: number }) {}

  /** Is anything but state being recorded yet? */
  get recording(): boolean {
    return this.step > 0;
  }

  /** Simulated ms since recording started. */
  get time(): number {
    return this.clock.now - this.origin;
  }

  /**
   * Record a message. Returns its seq, or 0 when not recording (set-up). The message object stays
   * mutable until the run ends so a receiver can mark it idle.
   */
  message(m: MessageInput): number {
    if (!this.recording) return 0;
    const msg: TraceMessage = {
      seq: ++this.seq,
      timeMs: this.time,
      step: this.step,
      from: m.from,
      to: m.to,
      kind: m.kind,
      verb: m.verb,
      target: m.target,
      attrs: m.attrs ?? {},
      label: m.label,
    };
    if (m.hidden) msg.hidden = m.hidden;
    if (m.inReplyTo) msg.inReplyTo = m.inReplyTo;
    this.trace.messages.push(msg);
    return msg.seq;
  }

  /** Mark a recorded message hidden (e.g. a watch notification its receiver ignored). */
  hide(seq: number, reason: HiddenReason): void {
    if (!seq) return;
    const m = this.trace.messages[seq - 1];
    if (m && !m.hidden) m.hidden = reason;
  }

  /** The last seq recorded (0 before any). */
  get lastSeq(): number {
    return this.seq;
  }

  note(over: Participant[], text: string, kind: TraceNote['kind'] = 'info'): void {
    if (!this.recording) return;
    this.trace.notes.push({ afterSeq: this.seq, timeMs: this.time, step: this.step, over, text, kind });
  }

  event(e: Omit<TraceEvent, 'timeMs' | 'step'>): void {
    if (!this.recording) return;
    this.trace.events.push({ timeMs: this.time, step: this.step, ...e });
  }

  /**
   * A committed etcd write (value null = deleted). Kept from the start, for state replay. Not
   * kept for Events (they are in `trace.events`) and Leases (heartbeats): no state reads them.
   */
  change(key: string, rev: number, value: KubeObject | null, seq: number): void {
    if (key.startsWith('/registry/events/') || key.startsWith('/registry/leases/')) return;
    this.trace.changes.push({ seq, timeMs: Math.max(0, this.time), step: this.step, key, rev, value });
  }

  /** A line kubectl printed (set-up commands print too, at step 0; only `when` steps are checked). */
  output(stream: TraceOutput['stream'], text: string, command: string): void {
    this.trace.output.push({ timeMs: Math.max(0, this.time), step: this.step, stream, text, command });
  }

  scheduling(a: Omit<SchedulingAttempt, 'timeMs'>): void {
    if (!this.recording) return;
    this.trace.scheduling.push({ timeMs: this.time, ...a });
  }

  /** Start step `index` (1 for the first `when`): recording starts with step 1. */
  beginStep(index: number, title: string): void {
    if (index === 1) this.origin = this.clock.now;
    this.step = index;
    this.trace.steps.push({ index, startMs: this.time, endMs: this.time, title, ended: 'settled' });
  }

  endStep(ended: StepInfo['ended']): void {
    const s = this.trace.steps[this.trace.steps.length - 1];
    if (s) {
      s.endMs = this.time;
      s.ended = ended;
    }
  }
}
