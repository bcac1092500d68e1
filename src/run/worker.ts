/**
 * A `kscn run --jobs N` worker (node:worker_threads). The main thread checks the files once and
 * sends each worker the checked file (plain data) with the first scenario of it the worker is to
 * run; the worker runs the scenarios it is sent, one at a time, and posts each plain-data
 * ScenarioResult back. Runs from `dist/` (the built code).
 *
 * Messages in: `{ type: 'run', id, file, offset, checked? }` (the scenario at that span offset of
 * file number `file`, whose checked model comes with the worker's first task from it) or
 * `{ type: 'stop' }`. Messages out: `{ id, result }` or `{ id, error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckedFile } from '../lang/model.js';
import { runScenario, type RunOptions } from './run.js';

/** What the main thread gives every worker when it starts. */
export interface WorkerData {
  opts: Pick<RunOptions, 'seed' | 'jitter' | 'explain' | 'maxEventsPerStep'>;
}

/** A task sent to a worker. */
export type WorkerTask = { type: 'run'; id: number; file: number; offset: number; checked?: CheckedFile } | { type: 'stop' };

const data = workerData as WorkerData;
const files = new Map<number, CheckedFile>();

parentPort?.on('message', (task: WorkerTask) => {
  if (task.type === 'stop') {
    parentPort?.close();
    return;
  }
  if (task.checked) files.set(task.file, task.checked);
  const file = files.get(task.file);
  const sc = file?.scenarios.find((s) => s.span.start.offset === task.offset);
  if (!file || !sc) {
    parentPort?.postMessage({ id: task.id, error: `worker: no scenario of file ${task.file} at offset ${task.offset}` });
    return;
  }
  try {
    parentPort?.postMessage({ id: task.id, result: runScenario(file, sc, data.opts) });
  } catch (e) {
    parentPort?.postMessage({ id: task.id, error: (e as Error)?.message ?? String(e) });
  }
});
