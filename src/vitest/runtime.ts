/**
 * What the test modules `kscn/vitest` generates call: check a `.kscn` file once (when its first
 * test runs) and run one scenario per test. A scenario that does not pass throws an error whose
 * message is kscn's console report of it: each failed expectation with its `file:line:col`, the
 * nearest misses, and problems met while running.
 */
import { checkPaths } from '../lang/check.js';
import { renderDiagnostics } from '../lang/render-diagnostic.js';
import { runScenario } from '../run/run.js';
import { ConsoleReporter } from '../report/console.js';
import type { ScenarioResult } from '../run/result.js';

/** An error with kscn's report as its message and no stack of kscn's own frames. */
export class KscnScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KscnScenarioError';
    this.stack = `${this.name}: ${message}`;
  }
}

/** Checks `file` at the first call; each call runs the scenario at `index` (in file order). */
export function fileRunner(file: string, opts: { seed?: number } = {}): (index: number | undefined) => Promise<ScenarioResult | undefined> {
  let checked: ReturnType<typeof checkPaths> | undefined;
  return async (index) => {
    checked ??= checkPaths([file], { cwd: process.cwd() });
    const c = await checked;
    if (c.diagnostics.some((d) => d.severity === 'error') || !c.files[0]) {
      throw new KscnScenarioError(`${file} does not check:\n${renderDiagnostics(c.diagnostics, c.sources, { color: false })}`);
    }
    if (index === undefined) return undefined;
    const f = c.files[0];
    const sc = f.scenarios[index];
    if (!sc) throw new KscnScenarioError(`${f.path} has no scenario #${index + 1} any more; rerun the file`);
    const r = runScenario(f, sc, { seed: opts.seed });
    if (r.status !== 'passed') throw new KscnScenarioError(report(r));
    return r;
  };
}

/** The console reporter's lines for one scenario, without colour. */
function report(r: ScenarioResult): string {
  let out = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t), color: false, env: {}, cwd: process.cwd() };
  new ConsoleReporter({ io, outDir: '.', svg: false, png: false, tty: false }).onScenarioEnd(r);
  // The first line is the file's header; the scenario's own lines follow.
  return `${r.status === 'error' ? 'could not run' : 'failed'} (seed ${r.seed}):\n${out.split('\n').slice(1).join('\n').trimEnd()}`;
}
