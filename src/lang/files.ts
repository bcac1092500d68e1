/**
 * Finding and reading `.kscn` files: PATHs (files or folders) → the files to check, and the
 * project folder that imports must stay inside.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A file the user named (or found in a folder they named). */
export interface FoundFile {
  abs: string;
  /** As shown in diagnostics: relative to the working directory when inside it. */
  display: string;
}

/** How a path is shown: relative to `cwd` when below it, else absolute. */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  if (rel === '') return '.';
  return !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
}

/** Every `.kscn` file below `dir`, sorted, skipping `node_modules` and dot-folders. */
export function walkKscn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > 50) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
        walk(p, depth + 1);
      } else if (e.isFile() && e.name.endsWith('.kscn')) out.push(p);
    }
  };
  walk(dir, 0);
  return out;
}

/**
 * The files named by PATHs, each once, in the order given (a folder's files sorted). Paths that
 * do not exist are returned in `missing`.
 */
export function expandPaths(paths: string[], cwd: string): { files: FoundFile[]; missing: string[]; folders: Map<string, string> } {
  const files: FoundFile[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  /** file → the folder PATH it was found in (its project folder fallback). */
  const folders = new Map<string, string>();
  const add = (abs: string, folder?: string) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    files.push({ abs, display: displayPath(abs, cwd) });
    if (folder) folders.set(abs, folder);
  };
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = undefined;
    }
    if (!stat) missing.push(p);
    else if (stat.isDirectory()) for (const f of walkKscn(abs)) add(f, abs);
    else add(abs);
  }
  return { files, missing, folders };
}

/** The files that mark a project's root folder: kscn's configuration file, first. */
export const PROJECT_MARKERS = ['kscn.config.json', '.kscn.json', 'kscn.json', 'package.json', '.git'];

/**
 * The project folder of a file: every file kscn reads for it (imports, manifests, scheduler
 * configurations, `apply` and `kubectl apply -f` files) must be inside it, after symlinks are
 * resolved. It is the nearest folder above the file holding kscn's configuration file
 * (`kscn.config.json`, `.kscn.json`, `kscn.json`), or else `package.json` or `.git`; failing
 * that, the working directory when the file is below it (so `import "../common/x.kscn"` works
 * from a sub-folder), else the folder the user named, or the file's own folder.
 */
export function projectRoot(absFile: string, namedFolder?: string, cwd?: string): string {
  let dir = path.dirname(absFile);
  for (;;) {
    for (const marker of PROJECT_MARKERS) if (fs.existsSync(path.join(dir, marker))) return dir;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  if (cwd && isInside(cwd, absFile) && path.dirname(cwd) !== cwd) return cwd;
  return namedFolder ?? path.dirname(absFile);
}

/** Is `target` inside `root` (or `root` itself)? */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The most bytes a .kscn or YAML file may have. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Why a file cannot be read, in words (from a Node.js error code). */
export function fsReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EROFS':
      return 'read-only file system (EROFS)';
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC)';
    case 'EDQUOT':
      return 'disk quota exceeded (EDQUOT)';
    case 'EMFILE':
    case 'ENFILE':
      return `too many open files (${err.code})`;
    case 'EIO':
      return 'input/output error (EIO)';
    default:
      return err?.code ? `${String(err.message ?? err.code).split('\n')[0]}` : String((e as Error)?.message ?? e);
  }
}

export interface ReadOptions {
  /** The project folder: the file, its symlinks resolved, must be inside it. */
  root?: string;
  /** At most this many bytes (default MAX_FILE_BYTES), counted while reading. */
  maxBytes?: number;
}

/**
 * Read a text file; an error message instead of throwing. Only regular files are read (a device,
 * a pipe or a socket is "not a regular file": `stat`'s size of 0 says nothing about them), the
 * size limit is enforced while reading, and with `root` the file must be inside the project
 * folder once its symlinks are resolved.
 */
export function readText(abs: string, opts: ReadOptions = {}): { text?: string; error?: string } {
  const max = opts.maxBytes ?? MAX_FILE_BYTES;
  let fd: number | undefined;
  try {
    const stat = fs.statSync(abs);
    if (stat.isDirectory()) return { error: 'it is a folder' };
    if (!stat.isFile()) return { error: `it is not a regular file (${kindOf(stat)})` };
    if (opts.root !== undefined) {
      const real = fs.realpathSync(abs);
      let realRoot: string;
      try {
        realRoot = fs.realpathSync(opts.root);
      } catch {
        realRoot = path.resolve(opts.root);
      }
      if (!isInside(realRoot, real)) return { error: real === abs ? 'it is outside the project folder' : 'it links to a file outside the project folder' };
    }
    if (stat.size > max) return { error: `it is larger than ${formatBytes(max)}` };
    // O_NONBLOCK: opening a FIFO that was swapped in after the stat does not wait for a writer.
    fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const fstat = fs.fstatSync(fd);
    if (!fstat.isFile()) return { error: `it is not a regular file (${kindOf(fstat)})` };
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.allocUnsafe(1 << 16);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      total += n;
      if (total > max) return { error: `it is larger than ${formatBytes(max)}` };
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (e) {
    return { error: fsReason(e) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${n / 1024 / 1024} MB` : n >= 1024 ? `${n / 1024} KB` : `${n} bytes`;
}
