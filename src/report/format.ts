/** Small formatting helpers shared by the reporters. */
import type { Span } from '../lang/ast.js';
import type { ScenarioResult } from '../run/result.js';

/** Wall time: `12 ms`, `1.5 s`, `2 m 03 s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1).replace(/\.?0+$/, '')} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m} m ${String(s).padStart(2, '0')} s`;
}

/** How much simulated time the recorded steps of a scenario took (0 when nothing ran). */
export function simulatedMs(s: ScenarioResult): number {
  const steps = s.trace.steps.filter((st) => st.index >= 1);
  if (!steps.length) return 0;
  return Math.max(0, steps[steps.length - 1]!.endMs - steps[0]!.startMs);
}

/** Simulated time of a scenario, as `formatMs` writes it (`1.98 s`). */
export function simulated(s: ScenarioResult): string {
  return formatMs(simulatedMs(s));
}

/** `file:line:col`. */
export function at(span: Span): string {
  return `${span.file}:${span.start.line}:${span.start.col}`;
}

/** `1 scenario`, `2 scenarios`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Counts over a run: `failed` includes scenarios that could not run (`errors`). */
export interface Totals {
  passed: number;
  failed: number;
  errors: number;
  scenarios: number;
  files: number;
  /** Files that could not be read, parsed or checked. */
  badFiles: number;
}

/** Count a run's results. */
export function totals(files: { scenarios: ScenarioResult[]; diagnostics: unknown[] }[]): Totals {
  const t: Totals = { passed: 0, failed: 0, errors: 0, scenarios: 0, files: files.length, badFiles: 0 };
  for (const f of files) {
    if (f.diagnostics.length && !f.scenarios.length) t.badFiles++;
    for (const s of f.scenarios) {
      t.scenarios++;
      if (s.status === 'passed') t.passed++;
      else t.failed++;
      if (s.status === 'error') t.errors++;
    }
  }
  return t;
}
