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
 *   the first's;
 * - every file carries a generator mark, so that a later run removes what an earlier one wrote and
 *   it did not (`sweepOutDir`), and nothing else.
 */
import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
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
    fs.writeFileSync(tmp, markGenerated(rel, data), { flag: 'wx' });
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

// ---------------------------------------------------------------------------------------------
// Files of an earlier run

/** What kscn writes into every file it generates, so that a later run knows the file is its own. */
export const GENERATOR_MARK = 'generated by kscn';

/** Files kscn writes whose format has no room for a comment: known by their exact name at the top of the folder. */
const KNOWN_NAMES: Record<string, (text: Buffer) => boolean> = {
  // The JSON report (LANGUAGE.md §11): an object with summary and files.
  'results.json': (b) => {
    try {
      const v = JSON.parse(b.toString('utf8'));
      return !!v && typeof v === 'object' && typeof v.summary === 'object' && Array.isArray(v.files);
    } catch {
      return false;
    }
  },
  // The copy of mermaid the HTML report loads.
  'mermaid.min.js': (b) => b.includes('mermaid'),
};

const COMMENT_MARK = `<!-- ${GENERATOR_MARK} -->`;
const MMD_MARK = `%% ${GENERATOR_MARK}`;
const PNG_KEY = Buffer.from(`tEXtSoftware\0kscn`, 'latin1');

/**
 * The file as kscn writes it, with the generator mark: a last line `%% generated by kscn` in a
 * Mermaid file, a last `<!-- generated by kscn -->` in SVG, HTML, Markdown and XML (a comment
 * after the root element is valid XML), a `tEXt` chunk `Software: kscn` in a PNG.
 */
export function markGenerated(rel: string, data: string | Buffer): string | Buffer {
  const ext = rel.slice(rel.lastIndexOf('.') + 1).toLowerCase();
  const text = (mark: string) => {
    const s = typeof data === 'string' ? data : data.toString('utf8');
    return `${s}${s.endsWith('\n') || !s ? '' : '\n'}${mark}\n`;
  };
  if (ext === 'mmd') return text(MMD_MARK);
  if (ext === 'svg' || ext === 'html' || ext === 'md' || ext === 'xml') return text(COMMENT_MARK);
  if (ext === 'png' && Buffer.isBuffer(data)) return pngWithText(data);
  return data;
}

/** A PNG with a `tEXt` chunk (keyword Software, text kscn) before its IEND chunk (PNG spec §11.3.4.3). */
function pngWithText(png: Buffer): Buffer {
  const iend = png.length - 12;
  if (iend < 8 || png.toString('latin1', iend + 4, iend + 8) !== 'IEND') return png;
  const body = PNG_KEY; // chunk type + keyword + NUL + text
  const chunk = Buffer.alloc(12 + body.length - 4);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(zlib.crc32(body) >>> 0, chunk.length - 4);
  return Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)]);
}

/** Did kscn write this file (it carries the generator mark, or it is one of the known names at the top)? */
function generatedByKscn(abs: string, rel: string): boolean {
  let fd: number | undefined;
  try {
    // Never through a link (the walk skips them; O_NOFOLLOW closes the race).
    fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return false;
    const ext = rel.slice(rel.lastIndexOf('.') + 1).toLowerCase();
    const known = KNOWN_NAMES[rel];
    if (known || ext === 'png') {
      if (st.size > 64 * 1024 * 1024) return false;
      const all = fs.readFileSync(fd);
      return known ? known(all) : all.includes(PNG_KEY);
    }
    const mark = ext === 'mmd' ? MMD_MARK : ['svg', 'html', 'md', 'xml'].includes(ext) ? COMMENT_MARK : undefined;
    if (!mark) return false;
    const n = Math.min(st.size, mark.length + 8);
    const tail = Buffer.alloc(n);
    fs.readSync(fd, tail, 0, n, st.size - n);
    return tail.toString('utf8').trimEnd().endsWith(mark);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Leave in the output folder only this run's files: delete each file an earlier kscn run
 * generated there (it carries the generator mark, see `markGenerated`) that this run did not
 * write — a renamed scenario's old diagram — and the folders that leaves empty. A file kscn did
 * not write is never touched, nor is anything through a symbolic link. `written` holds this
 * run's files, relative to the folder with `/`. Returns the files removed, relative.
 */
export function sweepOutDir(outDir: string, written: ReadonlySet<string>): string[] {
  const removed: string[] = [];
  const walk = (dir: string, rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const abs = join(dir, e.name);
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) {
        const before = removed.length;
        walk(abs, r);
        // A folder this sweep emptied goes too (rmdir refuses one that still holds anything).
        if (removed.length > before) {
          try {
            fs.rmdirSync(abs);
          } catch {
            // Not empty: something else lives there.
          }
        }
        continue;
      }
      if (!e.isFile() || written.has(r) || e.name === LOCK_FILE || e.name.endsWith('.tmp')) continue;
      if (!generatedByKscn(abs, r)) continue;
      try {
        fs.unlinkSync(abs);
        removed.push(r);
      } catch {
        // Left in place: a later run will try again.
      }
    }
  };
  walk(outDir, '');
  return removed.sort();
}
