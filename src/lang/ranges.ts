/**
 * Ranges in names (LANGUAGE.md §2): `worker-[1..3]` is `worker-1`, `worker-2`, `worker-3`.
 * Several ranges multiply (`r[1..2]-n[1..2]`); a zero-padded start keeps its width (`[01..10]`).
 */

/** The most names one pattern may expand to. */
export const MAX_RANGE_NAMES = 100_000;

const RANGE = /\[(\d+)\.\.(\d+)\]/;

/** Expand the ranges of `pattern`; an error message when a range is backwards or too large. */
export function expandRange(pattern: string): { names: string[]; error?: string } {
  const m = RANGE.exec(pattern);
  if (!m) {
    if (/[[\]]/.test(pattern)) return { names: [pattern], error: `"${pattern}" has a bracket that is not a range like [1..3]` };
    return { names: [pattern] };
  }
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (to < from) return { names: [pattern], error: `the range [${m[1]}..${m[2]}] counts backwards` };
  const count = to - from + 1;
  if (count > MAX_RANGE_NAMES) return { names: [pattern], error: `the range [${m[1]}..${m[2]}] makes ${count} names (at most ${MAX_RANGE_NAMES})` };
  const width = m[1]!.length > 1 && m[1]!.startsWith('0') ? m[1]!.length : 0;
  const head = pattern.slice(0, m.index);
  const rest = expandRange(pattern.slice(m.index + m[0].length));
  if (rest.error) return { names: [pattern], error: rest.error };
  if (count * rest.names.length > MAX_RANGE_NAMES) return { names: [pattern], error: `"${pattern}" makes more than ${MAX_RANGE_NAMES} names` };
  const names: string[] = [];
  for (let i = from; i <= to; i++) {
    const n = String(i).padStart(width, '0');
    for (const tail of rest.names) names.push(head + n + tail);
  }
  return { names };
}
