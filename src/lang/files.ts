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

/**
 * The project folder of a file: the nearest folder above it holding `package.json`, `.git` or
 * `kscn.json`; failing that, the working directory when the file is below it (so
 * `import "../common/x.kscn"` works from a sub-folder), else the folder the user named, or the
 * file's own folder.
 */
export function projectRoot(absFile: string, namedFolder?: string, cwd?: string): string {
  let dir = path.dirname(absFile);
  for (;;) {
    for (const marker of ['package.json', '.git', 'kscn.json']) if (fs.existsSync(path.join(dir, marker))) return dir;
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

/** Read a text file; an error message instead of throwing. */
export function readText(abs: string): { text?: string; error?: string } {
  try {
    const stat = fs.statSync(abs);
    if (stat.isDirectory()) return { error: 'it is a folder' };
    if (stat.size > MAX_FILE_BYTES) return { error: `it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` };
    return { text: fs.readFileSync(abs, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message };
  }
}
