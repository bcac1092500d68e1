/**
 * Where a run's reports go: `OUT/<file-stem>/<scenario-slug>.mmd` (and `.svg`, `.png`) for each
 * scenario's diagram. Paths are assigned over the whole run in its order, so every reporter
 * (diagrams, JSON, Markdown, HTML) names the same file, and two files or two scenarios with the
 * same name never share one.
 */
import { posix } from 'node:path';
import type { FileResult, RunResult, ScenarioResult } from '../run/result.js';

/** A title as a file name: lower case, `a-z0-9` and single dashes, at most 60 characters. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || 'scenario';
}

/** A file's name without its folder and `.kscn`: `scenarios/pods/run.kscn` → `run`. */
export function fileStem(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return slug(base.replace(/\.kscn$/i, ''));
}

/** Where a run's reports go, relative to the output folder. */
export interface RunPaths {
  /** Each file's folder (`run`), also the name of its Markdown report (`run.md`). */
  files: Map<FileResult, string>;
  /** Each scenario's diagram path without extension (`run/kubectl-run`). */
  scenarios: Map<ScenarioResult, string>;
}

/** Assign the paths of a run's reports. */
export function runPaths(run: RunResult): RunPaths {
  const files = new Map<FileResult, string>();
  const scenarios = new Map<ScenarioResult, string>();
  const dirs = new Set<string>();
  for (const file of run.files) {
    const dir = unique(fileStem(file.path), dirs);
    files.set(file, dir);
    const names = new Set<string>();
    for (const s of file.scenarios) scenarios.set(s, posix.join(dir, unique(slug(s.title), names)));
  }
  return { files, scenarios };
}

/** `name`, or `name-2`, `name-3` … the first not in `used` (which it extends). */
function unique(name: string, used: Set<string>): string {
  let n = name;
  for (let i = 2; used.has(n); i++) n = `${name}-${i}`;
  used.add(n);
  return n;
}
