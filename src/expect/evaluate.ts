/**
 * Checks a step's expectations against the recorded trace (LANGUAGE.md §7): message order with
 * greedy matching, `never` over messages, Kubernetes Events, state at the end of the step or
 * `within` a time, and `always` / `never` over every change of state in the step. Every failure
 * says what happened instead and the nearest miss.
 */
import type { Expectation, MessagePattern, StateAssertion } from '../lang/ast.js';
import type { ExpectationResult } from '../run/result.js';
import type { Trace, TraceMessage } from '../trace/types.js';
import { compilePattern } from '../lang/pattern.js';
import { closeness, describeMessage, formatMs, matchMessage } from './messages.js';
import { StateView } from './state-view.js';
import { evaluateState, type StateVerdict } from './state.js';
import { allResourceTypes } from '../engine/apiserver/resources.js';

/** Evaluate every expectation of step `step` (1-based). */
export function evaluateStep(expectations: readonly Expectation[], trace: Trace, step: number): ExpectationResult[] {
  return expectations.map((e) => evaluateOne(e, trace, step));
}

function result(e: Expectation, step: number, ok: boolean, message = '', details: string[] = []): ExpectationResult {
  return { span: e.span, text: e.text, step, ok, message: ok ? '' : message, details: ok ? [] : details };
}

function stepMessages(trace: Trace, step: number): TraceMessage[] {
  return trace.messages.filter((m) => m.step === step);
}

function evaluateOne(e: Expectation, trace: Trace, step: number): ExpectationResult {
  switch (e.type) {
    case 'sequence':
      return sequence(e, trace, step);
    case 'neverMessage': {
      // With `within D`, only the first D of the step counts (LANGUAGE.md §5: from the start of the `when`).
      const until = e.pattern.withinMs === undefined ? Infinity : stepBounds(trace, step).startMs + e.pattern.withinMs;
      const bad = stepMessages(trace, step).find((m) => m.timeMs <= until && matchMessage(e.pattern, m));
      return result(e, step, !bad, bad ? `expected \`${e.text}\`, but a message matched${e.pattern.withinMs !== undefined ? ` within ${formatMs(e.pattern.withinMs)} of the step's start` : ''}: ${describeMessage(bad)}` : '', []);
    }
    case 'events':
      return events(e, trace, step);
    case 'event':
      return event(e, trace, step);
    case 'output':
      return output(e, trace, step);
    case 'state':
      return stateAt(e, trace, step);
    case 'always':
    case 'never':
      return overStep(e, trace, step);
  }
}

function sequence(e: Extract<Expectation, { type: 'sequence' }>, trace: Trace, step: number): ExpectationResult {
  const msgs = stepMessages(trace, step);
  const { startMs } = stepBounds(trace, step);
  let i = 0;
  let prev: TraceMessage | undefined;
  const matched: string[] = [];
  for (const line of e.lines) {
    let found: TraceMessage | undefined;
    for (; i < msgs.length; i++) {
      if (matchMessage(line, msgs[i]!)) {
        found = msgs[i];
        break;
      }
    }
    // `within D` bounds the time since the previous line's message; on the first line, since the step began (§5).
    const since = prev ? prev.timeMs : startMs;
    const tooLate = found && line.withinMs !== undefined && found.timeMs - since > line.withinMs;
    if (!found || tooLate) {
      const after = prev ? `the previous line's message` : `the step began`;
      const details = [
        prev ? `last matched: ${matched[matched.length - 1]}  (${describeMessage(prev)})` : 'no line of the sequence matched',
        ...(tooLate ? [`it came ${formatMs(found!.timeMs - since)} after ${after}, over the limit of ${formatMs(line.withinMs!)}: ${describeMessage(found!)}`] : nearest(line, msgs, prev)),
      ];
      const message = tooLate
        ? `"${line.text}" came too late: ${formatMs(found!.timeMs - since)} after ${prev ? `"${matched[matched.length - 1]}"` : 'the step began'}, over its limit of ${formatMs(line.withinMs!)}`
        : `no message matched "${line.text}"${prev ? ` after "${matched[matched.length - 1]}"` : ''}`;
      const r = result(e, step, false, message, details);
      r.failedLine = { span: line.span, text: line.text, afterSeq: prev?.seq ?? msgs[0]?.seq ?? 0 };
      return r;
    }
    matched.push(line.text);
    prev = found;
    i++;
  }
  return result(e, step, true);
}

/** The closest messages to a pattern: same participants, or same verb and target; the best few. */
function nearest(line: MessagePattern, msgs: TraceMessage[], after: TraceMessage | undefined): string[] {
  // Shown messages first: a hidden Event write is rarely the miss a person is looking for.
  const scored = msgs.map((m) => ({ m, s: closeness(line, m) - (m.hidden ? 1 : 0) })).filter((x) => x.s >= 4);
  scored.sort((a, b) => b.s - a.s || a.m.seq - b.m.seq);
  const best = scored.slice(0, 3);
  if (!best.length) return ['no message in this step comes close (same participants, or same verb and target)'];
  return best.map(({ m }) => `nearest: ${describeMessage(m)}${after && m.seq < after.seq ? '  (before the previous line\'s message)' : ''}`);
}

function events(e: Extract<Expectation, { type: 'events' }>, trace: Trace, step: number): ExpectationResult {
  const match = compilePattern(e.object);
  // Per object: the same name in two namespaces is two objects.
  const byObject = new Map<string, string[]>();
  for (const ev of trace.events) if (ev.step === step && match(ev.object) && inNs(e, ev)) (byObject.get(shownObject(ev)) ?? byObject.set(shownObject(ev), []).get(shownObject(ev))!).push(ev.reason);
  if (!byObject.size) return result(e, step, false, `no Events for ${wanted(e)} in this step`, []);
  // Each listed reason is a pattern like any name (`Pull*`, `Failed|BackOff`).
  const want = e.reasons.map(compilePattern);
  for (const [obj, reasons] of byObject) {
    let k = 0;
    for (const r of reasons) if (k < want.length && want[k]!(r)) k++;
    if (k < e.reasons.length) {
      return result(e, step, false, `${obj}: expected ${e.reasons.join(', ')} in this order; missing ${e.reasons[k]}${k ? ` after ${e.reasons[k - 1]}` : ''}`, [`${obj} had: ${reasons.join(', ')}`]);
    }
  }
  return result(e, step, true);
}

function event(e: Extract<Expectation, { type: 'event' }>, trace: Trace, step: number): ExpectationResult {
  const match = compilePattern(e.object);
  const msg = e.message !== undefined ? compilePattern(e.message) : undefined;
  const candidates = trace.events.filter((ev) => ev.step === step && match(ev.object) && inNs(e, ev) && compilePattern(e.reason)(ev.reason));
  const hits = candidates.filter((ev) => !msg || msg(ev.message));
  if (e.negated) {
    const h = hits[0];
    return result(e, step, !h, h ? `expected \`${e.text}\`, but ${shownObject(h)} got ${h.type} ${h.reason} at ${formatMs(h.timeMs)}: "${h.message}"` : '', []);
  }
  if (hits.length) return result(e, step, true);
  const near = candidates.length
    ? candidates.slice(0, 3).map((ev) => `nearest: ${formatMs(ev.timeMs)} ${shownObject(ev)} ${ev.reason} "${ev.message}"`)
    : trace.events.filter((ev) => ev.step === step && match(ev.object) && inNs(e, ev)).slice(0, 5).map((ev) => `${shownObject(ev)} had ${ev.reason} "${ev.message}"`);
  return result(e, step, false, `no ${e.reason} Event for ${wanted(e)}${e.message !== undefined ? ` with message "${e.message}"` : ''}`, near.length ? near : [`no Events for ${wanted(e)} in this step`]);
}

/** Kinds whose objects have no namespace (their Events are stored in `default`). */
const CLUSTER_SCOPED = new Set(allResourceTypes().filter((t) => !t.namespaced).map((t) => t.kind.toLowerCase()));

/**
 * The object of an Event as failures name it, with its namespace as state failures do:
 * `pod team-a/web`; a cluster-scoped one without (`node/worker-1`).
 */
function shownObject(ev: { object: string; namespace: string }): string {
  const slash = ev.object.indexOf('/');
  const kind = ev.object.slice(0, slash);
  if (slash < 0 || !ev.namespace || CLUSTER_SCOPED.has(kind)) return ev.object;
  return `${kind} ${ev.namespace}/${ev.object.slice(slash + 1)}`;
}

/** What an event expectation asked for: `pod/web`, `pod/web in namespace team-a`. */
function wanted(e: { object: string; namespace?: string }): string {
  return e.namespace === undefined ? e.object : `${e.object} in namespace ${e.namespace}`;
}

/** `output "PATTERN"`: some line kubectl printed in this step (stdout or stderr) matches the pattern. */
function output(e: Extract<Expectation, { type: 'output' }>, trace: Trace, step: number): ExpectationResult {
  const match = compilePattern(e.pattern);
  const lines = (trace.output ?? []).filter((o) => o.step === step);
  if (lines.some((o) => match(o.text))) return result(e, step, true);
  const details = lines.length
    ? lines.slice(0, 8).map((o) => `${formatMs(o.timeMs)} kubectl ${o.command} → ${o.stream === 'stderr' ? '(stderr) ' : ''}${o.text}`)
    : ['kubectl printed nothing in this step'];
  if (lines.length > 8) details.push(`… and ${lines.length - 8} more lines`);
  return result(e, step, false, `no line kubectl printed matched "${e.pattern}"`, details);
}

function stepBounds(trace: Trace, step: number): { startMs: number; endMs: number } {
  const s = trace.steps.find((x) => x.index === step);
  return { startMs: s?.startMs ?? 0, endMs: s?.endMs ?? Infinity };
}

/** A view with every change before the step applied. */
function viewAtStepStart(trace: Trace, step: number): StateView {
  const v = new StateView(trace.changes);
  v.applyWhile((c) => c.step < step);
  return v;
}

function verdict(a: StateAssertion, v: StateView, trace: Trace): StateVerdict {
  const upto = v.next > 0 ? trace.changes[v.next - 1]!.seq || Number.MAX_SAFE_INTEGER : 0;
  return evaluateState(a, v, { messages: trace.messages, uptoSeq: upto });
}

function stateAt(e: Extract<Expectation, { type: 'state' }>, trace: Trace, step: number): ExpectationResult {
  const { startMs } = stepBounds(trace, step);
  const v = viewAtStepStart(trace, step);
  if (e.withinMs === undefined) {
    v.applyWhile((c) => c.step <= step);
    const r = evaluateState(e.state, v, { messages: trace.messages, uptoSeq: Number.MAX_SAFE_INTEGER });
    return result(e, step, r.ok, `expected \`${e.text}\` at the end of the step (${formatMs(stepBounds(trace, step).endMs)}); found ${r.summary}`, r.details);
  }
  const deadline = startMs + e.withinMs;
  let last = verdict(e.state, v, trace);
  if (last.ok) return result(e, step, true);
  for (let c = v.peek(); c && c.step <= step && c.timeMs <= deadline; c = v.peek()) {
    v.applyNext();
    if (v.peek()?.timeMs === c.timeMs && v.peek()?.step === c.step) continue; // evaluate once per moment
    last = verdict(e.state, v, trace);
    if (last.ok) return result(e, step, true);
  }
  return result(e, step, false, `expected \`${e.text}\`, but it did not hold by ${formatMs(deadline)}; then found ${last.summary}`, last.details);
}

function overStep(e: Extract<Expectation, { type: 'always' | 'never' }>, trace: Trace, step: number): ExpectationResult {
  const v = viewAtStepStart(trace, step);
  const want = e.type === 'always';
  let r = verdict(e.state, v, trace);
  let at = stepBounds(trace, step).startMs;
  const check = () => r.ok === want;
  if (check()) {
    for (let c = v.peek(); c && c.step <= step; c = v.peek()) {
      v.applyNext();
      if (v.peek()?.timeMs === c.timeMs && v.peek()?.step === c.step) continue;
      r = verdict(e.state, v, trace);
      at = c.timeMs;
      if (!check()) break;
    }
  }
  if (check()) return result(e, step, true);
  const when = `${formatMs(at)}${at === stepBounds(trace, step).startMs ? ' (the step\'s start)' : ''}`;
  return result(e, step, false, `expected \`${e.text}\`, but at ${when} found ${r.summary}`, r.details);
}

/** `-n NAMESPACE` on an Event expectation (LANGUAGE.md §12.1): without it, every namespace. */
function inNs(e: { namespace?: string }, ev: { namespace: string }): boolean {
  return e.namespace === undefined || ev.namespace === e.namespace;
}
