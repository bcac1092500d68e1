/**
 * `kscn run --jobs N`: scenarios (not files) spread across N worker threads, each taking the next
 * scenario when it is done with one; results merged back in file and scenario order as soon as
 * every earlier one is in, so reporters see exactly what `--jobs 1` would give them
 * (onScenarioStart and onScenarioEnd in order, the same RunResult). Files are checked once, here:
 * a worker gets a file's checked model (plain data) with its first scenario of that file. Workers
 * run the built code in `dist/`.
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

/** Workers started ahead of need (while the files are checked); they hold no process open until used. */
export interface WorkerPool {
  workers: Worker[];
  /** End the workers not used (those used stop when the run is done). */
  close(): void;
}

function workerDataOf(opts: RunOptions): WorkerData {
  return { opts: { seed: opts.seed, jitter: opts.jitter, explain: opts.explain, maxEventsPerStep: opts.maxEventsPerStep } };
}

/** Pool workers that ended before they were used, with their error if any. */
const ended = new WeakMap<Worker, Error | undefined>();

/**
 * Start `jobs` workers now, so that loading the engine in them overlaps with checking the files
 * in this thread. Undefined when the built worker is missing (`runFilesParallel` says so).
 */
export function startWorkers(jobs: number, opts: RunOptions = {}): WorkerPool | undefined {
  const script = workerPath();
  if (!existsSync(script)) return undefined;
  const workers = Array.from({ length: jobs }, () => {
    const w = new Worker(script, { workerData: workerDataOf(opts) });
    w.unref();
    // A worker that fails before it is used: remembered, so the run does not wait for it.
    w.on('error', (e) => { if (!ended.has(w)) ended.set(w, e); });
    w.once('exit', () => { if (!ended.has(w)) ended.set(w, undefined); });
    return w;
  });
  let closed = false;
  return {
    workers,
    close: () => {
      if (closed) return;
      closed = true;
      for (const w of workers) void w.terminate();
    },
  };
}

/**
 * Run the selected scenarios of the checked `files` on `jobs` workers (those of `pool` when
 * given, started with the same options). Throws when the built worker is missing.
 */
export async function runFilesParallel(files: readonly CheckedFile[], jobs: number, opts: RunOptions = {}, pool?: WorkerPool): Promise<RunResult> {
  const start = performance.now();
  const script = workerPath();
  if (!pool && !existsSync(script)) throw new Error(`--jobs needs the built code (${script}); run \`npm run build\``);
  const out: FileResult[] = files.map((f) => ({ path: f.path, scenarios: [], diagnostics: [] }));
  const tasks: Task[] = files.flatMap((file, fileIndex) => file.scenarios.filter((sc) => selected(sc, opts)).map((sc) => ({ file, fileIndex, sc })));
  if (!tasks.length) {
    pool?.close();
    return { files: out, durationMs: performance.now() - start };
  }
  const results: (ScenarioResult | undefined)[] = new Array(tasks.length);
  let nextTask = 0;
  let flushed = 0;
  let stop = false;
  let failure: Error | undefined;
  const data = workerDataOf(opts);

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

  const n = Math.max(1, Math.min(jobs, tasks.length));
  const started = pool?.workers ?? [];
  // Workers started ahead but not needed (fewer scenarios than jobs) end now.
  for (const w of started.slice(n)) void w.terminate();
  const worker = (i: number) =>
    new Promise<void>((resolve) => {
      const w = started[i] ?? new Worker(script, { workerData: data });
      if (ended.has(w)) {
        failure ??= ended.get(w) ?? new Error('a worker ended before it ran a scenario');
        return resolve();
      }
      w.ref();
      // The files this worker has been sent (each once, with its first task from it).
      const has = new Set<number>();
      const send = () => {
        if (stop || failure || nextTask >= tasks.length) {
          w.postMessage({ type: 'stop' } satisfies WorkerTask);
          return;
        }
        const id = nextTask++;
        const t = tasks[id]!;
        const checked = has.has(t.fileIndex) ? undefined : t.file;
        has.add(t.fileIndex);
        w.postMessage({ type: 'run', id, file: t.fileIndex, offset: t.sc.span.start.offset, ...(checked ? { checked } : {}) } satisfies WorkerTask);
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

  await Promise.all(Array.from({ length: n }, (_, i) => worker(i)));
  flush();
  await flushing;
  if (failure) throw failure;
  return { files: out, durationMs: performance.now() - start };
}
