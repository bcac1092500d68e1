/** Matching trace messages against message patterns (`FROM -> TO: VERB [TARGET] [key=value …]`). */
import type { MessagePattern } from '../lang/ast.js';
import type { TraceMessage } from '../trace/types.js';
import { compilePattern } from '../lang/pattern.js';
import { matchParticipant } from './participants.js';

/** Does the message match the pattern (ignoring `within`)? */
export function matchMessage(p: MessagePattern, m: TraceMessage): boolean {
  if (!matchParticipant(p.from, m.from) || !matchParticipant(p.to, m.to)) return false;
  if (!compilePattern(p.verb)(m.verb)) return false;
  if (p.target !== undefined && !compilePattern(p.target)(m.target)) return false;
  for (const { key, value } of p.attrs) {
    const v = m.attrs[key];
    if (v === undefined || !compilePattern(value)(v)) return false;
  }
  return true;
}

/** How near a message is to a pattern (for "nearest miss"): participants, verb, target, attributes. */
export function closeness(p: MessagePattern, m: TraceMessage): number {
  let s = 0;
  if (matchParticipant(p.from, m.from)) s += 2;
  if (matchParticipant(p.to, m.to)) s += 2;
  if (compilePattern(p.verb)(m.verb)) s += 2;
  if (p.target !== undefined && compilePattern(p.target)(m.target)) s += 2;
  for (const { key, value } of p.attrs) if (m.attrs[key] !== undefined && compilePattern(value)(m.attrs[key]!)) s += 1;
  return s;
}

/** One line describing a message: `1.234s kubelet@worker-1 -> apiserver: status pod/web phase=Running`. */
export function describeMessage(m: TraceMessage): string {
  const attrs = Object.entries(m.attrs)
    .filter(([k]) => k !== 'user' && k !== 'ns')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `${formatMs(m.timeMs)} ${m.from} -> ${m.to}: ${m.verb} ${m.target}${attrs ? ' ' + attrs : ''}`;
}

/** Simulated time for reports: `0ms`, `250ms`, `1.5s`, `2m3.25s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(3)}s`;
  return `${Math.floor(ms / 60_000)}m${+((ms % 60_000) / 1000).toFixed(3)}s`;
}
