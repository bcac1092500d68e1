/**
 * `kscn run --jobs N`: scenarios spread across N worker threads, results merged back in file and
 * scenario order, so reporters see exactly what `--jobs 1` would give them (onScenarioStart and
 * onScenarioEnd in order, the same RunResult). Workers run the built code in `dist/`.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CheckedFile } from '../lang/model.js';
import type { ScenarioDecl } from '../lang/ast.js';
import type { FileResult, RunResult, ScenarioResult } from './result.js';
import { selected, type RunOptions } from './run.js';
import type { WorkerData, WorkerTask } from './worker.js';

/** Where the worker script is: beside this module when built, else the built copy in `dist/`. */
export function workerPath(): string {
  const here = import.meta.url;
  const url = here.endsWith('.ts') ? new URL('../../dist/run/worker.js', here) : new URL('./worker.js', here);
  return fileURLToPath(url);
}

interface Task {
  file: CheckedFile;
  fileIndex: number;
  sc: ScenarioDecl;
}

/**
 * Run the selected scenarios of `files` on `jobs` workers. `paths` and `cwd` are what the files
 * were checked from (each worker checks them again). Throws when the built worker is missing.
 */
export async function runFilesParallel(files: readonly CheckedFile[], paths: string[], cwd: string, jobs: number, opts: RunOptions = {}): Promise<RunResult> {
  const start = performance.now();
  const script = workerPath();
  if (!existsSync(script)) throw new Error(`--jobs needs the built code (${script}); run \`npm run build\``);
  const out: FileResult[] = files.map((f) => ({ path: f.path, scenarios: [], diagnostics: [] }));
  const tasks: Task[] = files.flatMap((file, fileIndex) => file.scenarios.filter((sc) => selected(sc, opts)).map((sc) => ({ file, fileIndex, sc })));
  if (!tasks.length) return { files: out, durationMs: performance.now() - start };
  const results: (ScenarioResult | undefined)[] = new Array(tasks.length);
  let nextTask = 0;
  let flushed = 0;
  let stop = false;
  let failure: Error | undefined;
  const data: WorkerData = { paths, cwd, opts: { seed: opts.seed, jitter: opts.jitter, explain: opts.explain, maxEventsPerStep: opts.maxEventsPerStep } };

  // Hand results to the reporters in order, as soon as every earlier one is in.
  let flushing = Promise.resolve();
  const flush = () => {
    flushing = flushing.then(async () => {
      while (!stop && flushed < tasks.length && results[flushed]) {
        const t = tasks[flushed]!;
        const r = results[flushed++]!;
        await opts.onScenarioStart?.(t.file, t.sc);
        out[t.fileIndex]!.scenarios.push(r);
        await opts.onScenarioEnd?.(r);
        if (opts.bail && r.status !== 'passed') stop = true;
      }
    });
  };

  const worker = () =>
    new Promise<void>((resolve) => {
      const w = new Worker(script, { workerData: data });
      let current = -1;
      const send = () => {
        if (stop || failure || nextTask >= tasks.length) {
          w.postMessage({ type: 'stop' } satisfies WorkerTask);
          return;
        }
        current = nextTask++;
        const t = tasks[current]!;
        w.postMessage({ type: 'run', id: current, path: t.file.path, offset: t.sc.span.start.offset } satisfies WorkerTask);
      };
      w.on('message', (m: { id: number; result?: ScenarioResult; error?: string }) => {
        if (m.error !== undefined) failure ??= new Error(m.error);
        else results[m.id] = m.result;
        flush();
        send();
      });
      w.on('error', (e) => {
        failure ??= e;
      });
      w.on('exit', () => resolve());
      send();
    });

  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, tasks.length)) }, worker));
  flush();
  await flushing;
  if (failure) throw failure;
  return { files: out, durationMs: performance.now() - start };
}
