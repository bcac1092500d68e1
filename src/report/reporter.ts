/**
 * The one interface every reporter implements (STYLE.md §12): optional async hooks the runner
 * calls as the run goes, all reading only plain-data results (`src/run/result.ts`). The console
 * reporter streams; the file reporters do their work in `onRunEnd`.
 *
 * The runner calls the hooks of `fanOut(createReporters(…))`:
 * `onRunStart` → per file `onFileStart` → per scenario `onScenarioStart`, `onScenarioEnd` →
 * `onFileEnd` → `onRunEnd`, and last `close` (also after an error).
 */
import type { CliIO } from '../cli/io.js';
import type { FileResult, RunResult, ScenarioResult } from '../run/result.js';

/** What the runner knows when a run starts. */
export interface RunStartInfo {
  /** The files to run, as given. */
  files: string[];
  /** How many scenarios will run, when known (for progress). */
  scenarios?: number;
}

/** What the runner knows when a scenario starts. */
export interface ScenarioStartInfo {
  file: string;
  title: string;
}

/** A reporter. Every hook is optional and may return a promise, which the runner awaits. */
export interface Reporter {
  readonly name: string;
  onRunStart?(info: RunStartInfo): void | Promise<void>;
  onFileStart?(file: string): void | Promise<void>;
  onScenarioStart?(info: ScenarioStartInfo): void | Promise<void>;
  onScenarioEnd?(result: ScenarioResult): void | Promise<void>;
  onFileEnd?(result: FileResult): void | Promise<void>;
  onRunEnd?(run: RunResult): void | Promise<void>;
  /** Release what the reporter holds (a browser). Called once, last, even after a failed run. */
  close?(): void | Promise<void>;
}

/** Options every reporter may read. */
export interface ReporterOptions {
  io: CliIO;
  /** The output folder (relative to `io.cwd` unless absolute), e.g. `reports`. */
  outDir: string;
  /** Render each diagram to SVG too (needs Chromium). */
  svg: boolean;
  /** Render each diagram to PNG too (needs Chromium). */
  png: boolean;
  /** Live progress may rewrite the last line (a terminal). Default: `io.color`. */
  tty?: boolean;
  /** The run is shard `index` of `total` (`--shard I/N`): the JSON report carries the whole run for `kscn merge-reports`. */
  shard?: { index: number; total: number };
  /**
   * At the end of the run, remove what an earlier run generated in the output folder and this one
   * did not write (`kscn run`, unless sharded: shards and `kscn merge-reports` may share a folder).
   */
  sweep?: boolean;
}

/** Reporter names `--reporter` accepts. */
export const REPORTER_NAMES = ['console', 'junit', 'json', 'markdown', 'html', 'github'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

/**
 * One reporter that calls each of `reporters` for every hook, all at once, and waits for all.
 * A hook that throws does not stop the others; the first error is rethrown after all finished.
 */
export function fanOut(reporters: Reporter[]): Required<Reporter> {
  const call = async <K extends keyof Reporter>(hook: K, ...args: unknown[]): Promise<void> => {
    const results = await Promise.allSettled(
      reporters.map((r) => (r[hook] as ((...a: unknown[]) => unknown) | undefined)?.apply(r, args)),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  return {
    name: reporters.map((r) => r.name).join(','),
    onRunStart: (info) => call('onRunStart', info),
    onFileStart: (file) => call('onFileStart', file),
    onScenarioStart: (info) => call('onScenarioStart', info),
    onScenarioEnd: (result) => call('onScenarioEnd', result),
    onFileEnd: (result) => call('onFileEnd', result),
    onRunEnd: (run) => call('onRunEnd', run),
    close: () => call('close'),
  };
}

export { createReporters, type CreateReportersOptions } from './create.js';
