/**
 * `kscn run --watch`: after the first run, rerun the scenarios of a `.kscn` file when it changes,
 * or when a file it reads changes — a file it imports (however deep) or a YAML file (`manifest …
 * from`, `apply "x.yaml"`, `kubectl apply -f x.yaml`). New files in a watched folder run when they
 * appear. Each rerun checks and runs only the affected files, in this process (no worker start-up).
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { displayPath, expandPaths, readText } from '../lang/files.js';
import type { CliIO } from './io.js';

/**
 * The files `file` names directly: imports and YAML files. Read with two patterns rather than the
 * parser (a rerun must not parse the whole library); a false match only reruns a file more.
 */
function directDependencies(abs: string, text: string): string[] {
  const dir = dirname(abs);
  const out: string[] = [];
  for (const m of text.matchAll(/^[ \t]*import[ \t]+"([^"\n]+)"/gm)) out.push(resolve(dir, m[1]!));
  for (const m of text.matchAll(/"([^"\n]+\.ya?ml)"|-f\s+([^\s;}]+\.ya?ml)/g)) out.push(resolve(dir, (m[1] ?? m[2])!));
  return out;
}

/** Direct dependencies by file, kept while the file's size and modification time stay the same. */
const cache = new Map<string, { key: string; deps: string[] }>();

function cachedDirect(abs: string, read?: (abs: string) => string | undefined): string[] | undefined {
  if (read) {
    const text = read(abs);
    return text === undefined ? undefined : directDependencies(abs, text);
  }
  let key: string;
  try {
    const st = statSync(abs);
    key = `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
  const hit = cache.get(abs);
  if (hit?.key === key) return hit.deps;
  const text = readText(abs).text;
  if (text === undefined) return undefined;
  const deps = directDependencies(abs, text);
  cache.set(abs, { key, deps });
  return deps;
}

/** Every file `file` reads when checked and run: its imports (transitively) and YAML files. */
export function dependencies(file: string, read?: (abs: string) => string | undefined): Set<string> {
  const out = new Set<string>();
  const visit = (abs: string, depth: number) => {
    if (depth > 32) return;
    for (const d of cachedDirect(abs, read) ?? []) {
      if (out.has(d) || d === file) continue;
      out.add(d);
      if (d.endsWith('.kscn')) visit(d, depth + 1);
    }
  };
  visit(file, 0);
  return out;
}

/** Of the files `paths` name, those to rerun when `changed` (absolute) changed. */
export function affected(paths: string[], cwd: string, changed: Set<string>): string[] {
  return expandPaths(paths, cwd)
    .files.filter((f) => changed.has(f.abs) || [...dependencies(f.abs)].some((d) => changed.has(d)))
    .map((f) => f.display);
}

/**
 * Watch until the process ends (Ctrl-C): `rerun` gets the affected files' paths after each burst
 * of changes. Resolves only when `stop` is called (tests) — kscn itself is ended by a signal.
 */
export function watchAndRerun(io: CliIO, paths: string[], rerun: (files: string[]) => Promise<number>): { done: Promise<number>; stop: () => void } {
  const watchers = new Map<string, FSWatcher>();
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let last = 0;
  let stop!: () => void;
  const done = new Promise<number>((res) => (stop = () => res(last)));

  const onEvent = (dir: string) => (_: string, name: string | Buffer | null) => {
    if (!name) return;
    const abs = join(dir, String(name));
    if (!/\.(kscn|ya?ml)$/.test(abs)) return;
    pending.add(abs);
    clearTimeout(timer);
    // Editors write a file in several steps; one rerun per burst.
    timer = setTimeout(() => void (running = running.then(flush)), 40);
  };
  const add = (dir: string, recursive: boolean) => {
    const key = `${dir}\0${recursive}`;
    if (watchers.has(key)) return;
    try {
      watchers.set(key, watch(dir, { recursive }, onEvent(dir)));
    } catch {
      // A folder that vanished: nothing to watch.
    }
  };
  const arm = () => {
    for (const p of paths) {
      const abs = resolve(io.cwd, p);
      const found = expandPaths([p], io.cwd);
      if (found.missing.length) continue;
      if (found.folders.size || found.files.length !== 1 || found.files[0]!.abs !== abs) add(abs, true);
      else add(dirname(abs), false);
      for (const f of found.files) for (const d of dependencies(f.abs)) add(dirname(d), false);
    }
  };
  const flush = async () => {
    const changed = pending;
    pending = new Set();
    const files = affected(paths, io.cwd, changed);
    if (!files.length) return;
    const what = [...changed].map((c) => displayPath(c, io.cwd)).join(', ');
    io.stdout(`\n${what} changed: rerunning ${files.length === 1 ? files[0] : `${files.length} files`}\n\n`);
    last = await rerun(files);
    arm();
    io.stdout(`\nwatching for changes (Ctrl-C to stop)\n`);
  };

  arm();
  io.stdout(`\nwatching for changes (Ctrl-C to stop)\n`);
  void done.then(() => {
    clearTimeout(timer);
    for (const w of watchers.values()) w.close();
  });
  return { done, stop };
}
