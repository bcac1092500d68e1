/**
 * Writing into the output folder (`--out`) safely:
 *
 * - a file is written under a temporary name and renamed into place, so a report is either the
 *   old one or the new one, never half of one (a run stopped by a signal leaves no torn file);
 * - a symbolic link inside the folder is never followed: neither a link where a report goes
 *   (`out/junit.xml -> ../victim.txt`) nor a linked sub-folder; the folder itself may be a link;
 * - a file system error is a `ReportError` naming the file and the reason (EROFS, ENOSPC …),
 *   never an internal error, and a file is announced as written only once it is;
 * - one run at a time: a lock file in the folder keeps a second run from mixing its reports into
 *   the first's.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fsReason } from '../lang/files.js';

/** A report that could not be written or made: one line for the user, exit 2. */
export class ReportError extends Error {
  override readonly name = 'ReportError';
}

/** Temporary files being written now (removed if the process is stopped). */
const pending = new Set<string>();

/** Remove temporary files still being written (a signal stopped the run). */
export function removePendingTemps(): void {
  for (const p of pending) {
    try {
      fs.rmSync(p, { force: true });
    } catch {
      // Nothing more to do.
    }
  }
  pending.clear();
}

/** Make `dir` (under `root`, which must exist) folder by folder, refusing symbolic links. */
function makeFolders(root: string, dir: string, shown: (p: string) => string): void {
  const rel = relative(root, dir);
  if (!rel) return;
  let cur = root;
  for (const part of rel.split(sep)) {
    cur = join(cur, part);
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(cur);
    } catch {
      st = undefined;
    }
    if (st?.isSymbolicLink()) throw new ReportError(`cannot write into ${shown(cur)}: it is a symbolic link, and kscn does not follow links inside the output folder`);
    if (st && !st.isDirectory()) throw new ReportError(`cannot write into ${shown(cur)}: it is a file, not a folder`);
    if (!st) {
      try {
        fs.mkdirSync(cur);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new ReportError(`cannot make the folder ${shown(cur)}: ${fsReason(e)}`);
      }
    }
  }
}

/** Make the output folder itself (it may be a symbolic link to a folder). */
export function makeOutDir(outDir: string, shown: string): void {
  try {
    fs.mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new ReportError(`cannot make the output folder ${shown}: ${fsReason(e)}`);
  }
  let st: fs.Stats;
  try {
    st = fs.statSync(outDir);
  } catch (e) {
    throw new ReportError(`cannot use the output folder ${shown}: ${fsReason(e)}`);
  }
  if (!st.isDirectory()) throw new ReportError(`cannot use the output folder ${shown}: it is a file, not a folder`);
}

/**
 * Write `data` to `rel` under `outDir`: folders made as needed (never through a link), a
 * temporary file beside the target, then a rename over it (which replaces a link at the target
 * instead of writing through it). Throws `ReportError`.
 */
export function writeReport(outDir: string, rel: string, data: string | Buffer, shown: (p: string) => string): string {
  makeOutDir(outDir, shown(outDir));
  const path = join(outDir, rel);
  makeFolders(outDir, dirname(path), shown);
  const tmp = join(dirname(path), `.${path.slice(dirname(path).length + 1)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  pending.add(tmp);
  try {
    // `wx`: the temporary name must not exist, so a link planted there is not followed either.
    fs.writeFileSync(tmp, data, { flag: 'wx' });
    fs.renameSync(tmp, path);
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // Best effort.
    }
    throw new ReportError(`cannot write ${shown(path)}: ${fsReason(e)}`);
  } finally {
    pending.delete(tmp);
  }
  return path;
}

/** The lock file's name inside the output folder. */
export const LOCK_FILE = '.kscn-run.lock';

/**
 * Take the output folder for this run: a lock file holding our pid, made with O_EXCL. A lock
 * left by a process that no longer exists is taken over; one held by a live process is refused.
 * Returns the function that releases it.
 */
export function lockOutDir(outDir: string, shown: string): () => void {
  makeOutDir(outDir, shown);
  const lock = join(outDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lock, 'utf8').trim() === String(process.pid)) fs.rmSync(lock, { force: true });
        } catch {
          // Already gone.
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new ReportError(`cannot write into the output folder ${shown}: ${fsReason(e)}`);
    }
    let holder = NaN;
    try {
      const st = fs.lstatSync(lock);
      if (!st.isFile()) throw new ReportError(`cannot lock the output folder ${shown}: ${LOCK_FILE} there is not a regular file`);
      holder = Number(fs.readFileSync(lock, 'utf8').trim());
    } catch (e) {
      if (e instanceof ReportError) throw e;
    }
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new ReportError(`another kscn run (pid ${holder}) is writing to ${shown}; wait for it to finish, or give this run another --out`);
    }
    // A stale lock (its process is gone): take it over.
    fs.rmSync(lock, { force: true });
  }
  throw new ReportError(`cannot lock the output folder ${shown}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
