/**
 * A `kscn run --jobs N` worker (node:worker_threads). It checks the same paths as the main
 * thread, then runs the scenarios it is sent, one at a time, and posts each plain-data
 * ScenarioResult back. Runs from `dist/` (the built code).
 *
 * Messages in: `{ type: 'run', id, path, offset }` (the scenario at that span offset of that
 * file) or `{ type: 'stop' }`. Messages out: `{ id, result }` or `{ id, error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkPaths } from '../lang/check.js';
import type { CheckedFile } from '../lang/model.js';
import { runScenario, type RunOptions } from './run.js';

/** What the main thread gives every worker when it starts. */
export interface WorkerData {
  paths: string[];
  cwd: string;
  opts: Pick<RunOptions, 'seed' | 'jitter' | 'explain' | 'maxEventsPerStep'>;
}

/** A task sent to a worker. */
export type WorkerTask = { type: 'run'; id: number; path: string; offset: number } | { type: 'stop' };

const data = workerData as WorkerData;
const files = checkPaths(data.paths, { cwd: data.cwd }).then((c) => new Map<string, CheckedFile>(c.files.map((f) => [f.path, f])));

parentPort?.on('message', (task: WorkerTask) => {
  if (task.type === 'stop') {
    parentPort?.close();
    return;
  }
  void files.then((byPath) => {
    const file = byPath.get(task.path);
    const sc = file?.scenarios.find((s) => s.span.start.offset === task.offset);
    if (!file || !sc) {
      parentPort?.postMessage({ id: task.id, error: `worker: no scenario at ${task.path} offset ${task.offset}` });
      return;
    }
    try {
      parentPort?.postMessage({ id: task.id, result: runScenario(file, sc, data.opts) });
    } catch (e) {
      parentPort?.postMessage({ id: task.id, error: (e as Error)?.message ?? String(e) });
    }
  });
});
