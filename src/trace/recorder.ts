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
import { setFlagsFromString } from 'node:v8';
import { limitsFrom, traceTooLong } from '../engine/limits.js';

/** Traces shorter than this many messages are never compacted. */
export const COMPACT_FROM = 50_000;
/** The most recent messages (and state changes) compaction never touches. */
const RECENT = 10_000;

function attrsKey(attrs: Record<string, string>): string {
  let out = '';
  // Revisions differ on every write; they do not make a different message.
  for (const k in attrs) if (k !== 'rev' && k !== 'rv') out += `${k}=${attrs[k]},`;
  return out;
}

/** Equal but for resourceVersion and the conditions' lastHeartbeatTime (a node's heartbeat). */
function sameButHeartbeat(a: unknown, b: unknown, key = ''): boolean {
  if (a === b || key === 'lastHeartbeatTime' || key === 'resourceVersion') return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!sameButHeartbeat((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], k)) return false;
  return true;
}

function formatTime(ms: number): string {
  const h = Math.floor(ms / 3600_000);
  const m = Math.floor((ms % 3600_000) / 60_000);
  return h ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

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
    if (this.trace.messages.length >= this.compactAt || this.trace.messages.length > this.maxEntries) this.compact();
    return msg.seq;
  }

  /** The message with this seq, if it is still in the trace (compaction may have dropped it). */
  bySeq(seq: number): TraceMessage | undefined {
    const ms = this.trace.messages;
    // Without compaction, seq N is at index N-1; after it, a binary search.
    const direct = ms[seq - 1];
    if (direct?.seq === seq) return direct;
    let lo = 0;
    let hi = ms.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = ms[mid]!.seq;
      if (s === seq) return ms[mid];
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Mark a recorded message hidden (e.g. a watch notification its receiver ignored). */
  hide(seq: number, reason: HiddenReason): void {
    if (!seq) return;
    const m = this.bySeq(seq);
    if (m && !m.hidden) {
      m.hidden = reason;
      // Its shape, counted by an earlier compaction, changed: the next one counts from the start.
      if (seq <= this.countedSeq) this.countedStale = true;
    }
  }

  /**
   * Shapes counted by compaction: how many times each occurred (see `compact`), by target, then
   * by the rest of the shape (interned: a few hundred of them, shared by every target).
   */
  private counts = new Map<string, Map<string, number>>();
  private readonly shapes = new Map<string, string>();
  /** The messages at the start of `trace.messages` that `counts` has counted (all kept). */
  private counted = 0;
  /** The seq of the last message counted. */
  private countedSeq = 0;
  /** A counted message was hidden since: `counts` no longer says what counting again would. */
  private countedStale = false;

  /** Compact when the messages reach this many (then twice what is kept). */
  private compactAt = COMPACT_FROM;
  /** The trace's cap (messages, notes, Events and state changes together). */
  maxEntries = limitsFrom().maxTraceEntries;

  /**
   * Bounded memory for long simulations (issue 18 §4). A crash loop over 1,000 hours or a node
   * heartbeating for weeks repeats the same work: beyond the most recent RECENT messages, a
   * background message (heartbeats, Event writes, idle watches, bare replies) is kept only the
   * first time its shape (step, sender, receiver, verb, target, attributes) occurs, and a shown
   * one its first three times; a node's state changes that only renew its heartbeat are dropped.
   * What expectations need is kept: every shape's first occurrences in order (for `sequence`,
   * `never`, `always`), every other state change (for state lines), every Event. A note says how
   * many messages were left out. Only traces past COMPACT_FROM messages are touched, so ordinary
   * scenarios keep every message. Past the cap even so, the scenario stops (`LimitError`).
   */
  private compact(): void {
    // A long simulation allocates much that dies young; V8 lets the heap grow to about four times
    // what is live before collecting. Growing it by at most 30% keeps the peak near what is live
    // (a 1,000-hour crash loop: 550 → under 400 MB, for about 10% more time). Set once, from the
    // first compaction on; traces too short to compact never change it.
    if (!this.compactions) setFlagsFromString('--heap-growing-percent=30');
    const ms = this.trace.messages;
    const keepFrom = ms.length - RECENT;
    // Counting every message before `keepFrom` again would give what `counts` says of those an
    // earlier compaction counted: they are the first occurrences of their shapes, all kept, and
    // a shape seen too often then is seen too often still. So only the messages since are counted,
    // unless one counted before was hidden since (its shape changed): then all are, afresh.
    if (this.countedStale || keepFrom < this.counted) {
      this.counts = new Map();
      this.counted = 0;
      this.countedStale = false;
    }
    const seen = this.counts;
    const lastCounted = ms[keepFrom - 1]?.seq;
    // In place: whoever holds the array (a `wait until` polling the trace) sees the compacted one.
    let j = this.counted;
    let dropped = 0;
    let firstMs = Infinity;
    let lastMs = 0;
    for (let i = this.counted; i < ms.length; i++) {
      const m = ms[i]!;
      if (i >= keepFrom) {
        ms[j++] = m;
        continue;
      }
      // An Event's name ends in a timestamp (`crasher.18a2b…`): the same Event again is the same shape.
      const target = m.hidden === 'event' ? m.target.replace(/\.[0-9a-f]{8,}$/, '') : m.target;
      const rest = `${m.step}\0${m.from}\0${m.to}\0${m.kind}\0${m.verb}\0${m.hidden ?? ''}\0${attrsKey(m.attrs)}`;
      let shape = this.shapes.get(rest);
      if (shape === undefined) this.shapes.set(rest, (shape = rest));
      let byShape = seen.get(target);
      if (!byShape) seen.set(target, (byShape = new Map()));
      const n = (byShape.get(shape) ?? 0) + 1;
      byShape.set(shape, n);
      if (n <= (m.hidden ? 1 : 3)) ms[j++] = m;
      else {
        dropped++;
        if (m.timeMs < firstMs) firstMs = m.timeMs;
        if (m.timeMs > lastMs) lastMs = m.timeMs;
      }
    }
    this.counted = j - (ms.length - keepFrom);
    this.countedSeq = lastCounted ?? this.countedSeq;
    ms.length = j;
    this.compactions++;
    this.dropped += dropped;
    if (dropped) {
      this.trace.notes.push({ afterSeq: ms[Math.max(0, j - RECENT)]?.seq ?? this.seq, timeMs: this.time, step: this.step, over: ['apiserver'], text: `trace compacted: ${this.dropped.toLocaleString('en-US')} repeated messages (heartbeats, Event writes, restarts …) between ${formatTime(firstMs)} and ${formatTime(lastMs)} are not kept`, kind: 'info' });
    }
    this.compactAt = Math.max(COMPACT_FROM, 2 * j);
    const entries = this.trace.messages.length + this.trace.notes.length + this.trace.events.length + this.trace.changes.length;
    if (entries > this.maxEntries) throw traceTooLong(this.maxEntries);
  }

  /** Messages dropped by compaction so far. */
  dropped = 0;
  /** How often the trace was compacted (once it was, heartbeat-only node changes are not kept). */
  compactions = 0;
  /** Per node key, the last state change kept. */
  private readonly lastNode = new Map<string, KubeObject>();

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
    // The same Event again (a crash loop's BackOff, thousands of times) shares its strings.
    const ev = { timeMs: this.time, step: this.step, ...e };
    ev.message = this.intern(ev.message);
    ev.object = this.intern(ev.object);
    this.trace.events.push(ev);
  }

  private readonly strings = new Map<string, string>();

  private intern(s: string): string {
    if (typeof s !== 'string' || s.length > 500) return s;
    const had = this.strings.get(s);
    if (had !== undefined) return had;
    if (this.strings.size < 100_000) this.strings.set(s, s);
    return s;
  }

  /**
   * A committed etcd write (value null = deleted). Kept from the start, for state replay. Not
   * kept for Events (they are in `trace.events`) and Leases (heartbeats): no state reads them.
   */
  change(key: string, rev: number, value: KubeObject | null, seq: number): void {
    if (key.startsWith('/registry/events/') || key.startsWith('/registry/leases/')) return;
    if (key.startsWith('/registry/minions/')) {
      // In a trace long enough to be compacted, a change that only renews a node's heartbeat is not kept.
      const prev = this.lastNode.get(key);
      if (value && prev && this.compactions && sameButHeartbeat(prev, value)) return;
      if (value) this.lastNode.set(key, value);
      else this.lastNode.delete(key);
    }
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
