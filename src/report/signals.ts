/**
 * SIGINT and SIGTERM during `kscn run`: the run stops, Chromium is closed, temporary report
 * files are removed (reports are written under a temporary name and renamed, so none is left
 * half-written) and the process exits 130 (SIGINT) or 143 (SIGTERM), as a shell reports a
 * process killed by the signal. The browser library's own handlers are off (`render.ts`): they
 * closed Chromium and let the run go on to exit 0 with diagrams missing.
 */
import { removePendingTemps } from './out-dir.js';

type Cleanup = () => void | Promise<void>;

const cleanups = new Set<Cleanup>();
let installed = 0;
let stopping = false;

const EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Something to undo when a signal stops the process (close a browser, release a lock). Returns its removal. */
export function onStop(fn: Cleanup): () => void {
  cleanups.add(fn);
  return () => void cleanups.delete(fn);
}

async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  const code = EXIT[signal] ?? 1;
  process.stderr.write(`\nkscn: stopped by ${signal}\n`);
  removePendingTemps();
  // Cleanups get a moment (closing Chromium); the exit does not wait on a stuck one.
  const timer = setTimeout(() => process.exit(code), 3000);
  timer.unref();
  await Promise.allSettled([...cleanups].map(async (f) => f()));
  removePendingTemps();
  process.exit(code);
}

const handlers: Record<string, () => void> = {
  SIGINT: () => void stop('SIGINT'),
  SIGTERM: () => void stop('SIGTERM'),
  SIGHUP: () => void stop('SIGHUP'),
};

/** Handle SIGINT/SIGTERM/SIGHUP until the returned function is called (nested calls are counted). */
export function handleSignals(): () => void {
  if (installed++ === 0) for (const [sig, h] of Object.entries(handlers)) process.on(sig, h);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--installed === 0) for (const [sig, h] of Object.entries(handlers)) process.off(sig, h);
  };
}
