/**
 * `kscn explore`: run each scenario again under other seeds (seed+1, seed+2, …) with jittered
 * latencies, and collect the expectations that failed under some of them — expectations that
 * depend on an order or a timing the scenario does not force.
 */
import type { CheckedFile } from '../lang/model.js';
import type { ScenarioDecl, Span } from '../lang/ast.js';
import { runScenario, seedOf } from './run.js';

/** An expectation that failed in some runs. */
export interface Flaky {
  span: Span;
  text: string;
  /** Seeds under which it failed, in the order tried. */
  seeds: number[];
  /** The failure message of the first of them. */
  message: string;
}

/** What exploring one scenario found. */
export interface Exploration {
  title: string;
  /** The scenario's own seed. */
  seed: number;
  runs: number;
  flaky: Flaky[];
  /** Runs that could not finish (an event cap …), by seed, with the first error's message. */
  errors: { seed: number; message: string }[];
}

/** Run `sc` `runs` more times with seeds seed+1 … seed+runs and latencies jittered by `jitter`. */
export function exploreScenario(file: CheckedFile, sc: ScenarioDecl, runs: number, jitter: number): Exploration {
  const seed = seedOf(sc, {});
  const bySpan = new Map<string, Flaky>();
  const errors: Exploration['errors'] = [];
  for (let k = 1; k <= runs; k++) {
    const s = (seed + k) >>> 0;
    const r = runScenario(file, sc, { seed: s, jitter });
    const err = r.errors.find((e) => e.severity === 'error');
    if (err) errors.push({ seed: s, message: err.message });
    for (const e of r.expectations) {
      if (e.ok) continue;
      const key = `${e.span.start.offset}`;
      const f = bySpan.get(key) ?? bySpan.set(key, { span: e.span, text: e.text, seeds: [], message: e.message }).get(key)!;
      f.seeds.push(s);
    }
  }
  const flaky = [...bySpan.values()].sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { title: sc.title, seed, runs, flaky, errors };
}

/** A shell word: as is when safe, else double-quoted, or single-quoted when it holds `"$\`\\`. */
export function shellQuote(s: string): string {
  if (/^[\w./@%+=:,-]+$/.test(s)) return s;
  if (!/["$`\\!]/.test(s)) return `"${s}"`;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command that replays one run exactly. */
export function replayCommand(path: string, title: string, seed: number, jitter: number): string {
  return `kscn run ${shellQuote(path)} --seed ${seed}${jitter ? ` --jitter ${jitter}` : ''} --grep ${shellQuote(title)}`;
}
