/**
 * Reading `kscn.config.json` / `.kscn.json` (found by `findConfigFile`): default PATHs, reporters,
 * output folder, jobs and seed for `kscn run`. Command-line flags win over it. Paths in the file
 * are relative to the file's folder. A mistake in it is a diagnostic with file:line:col (exit 2).
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Diagnostic } from '../lang/diagnostics.js';
import { closest } from '../lang/did-you-mean.js';
import { SourceMap } from '../lang/source.js';
import { displayPath } from '../lang/files.js';
import { findConfigFile } from './find.js';

/** What a configuration file may set. */
export interface KscnConfig {
  /** Files and folders `kscn run` runs when none are named (relative to the config file). */
  paths?: string[];
  /** Reporters, as `--reporter` takes them (`console`, `junit`, …, or `./my-reporter.js`). */
  reporters?: string[];
  /** The output folder (relative to the config file). */
  out?: string;
  /** Scenarios run at once (`--jobs`). */
  jobs?: number;
  /** The seed every scenario runs with (`--seed`). */
  seed?: number;
}

/** A configuration that was found and read: its settings with paths made absolute. */
export interface LoadedConfig {
  /** The file, absolute. */
  file: string;
  /** Its folder: the project root. */
  root: string;
  config: KscnConfig;
}

const KEYS = ['$schema', 'paths', 'reporters', 'out', 'jobs', 'seed'] as const;

/**
 * Find and read the configuration that applies to `cwd`. `{}` when there is none; diagnostics
 * (with the file's text, for rendering) when it cannot be used.
 */
export function loadConfig(cwd: string): { loaded?: LoadedConfig; diagnostics: Diagnostic[]; sources: Map<string, string> } {
  const file = findConfigFile(cwd);
  const sources = new Map<string, string>();
  if (!file) return { diagnostics: [], sources };
  const display = displayPath(file, cwd);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const src = new SourceMap(display, '');
    return { diagnostics: [{ code: 'E-CONFIG', severity: 'error', message: `cannot read ${display}: ${(e as Error).message}`, span: src.span(0, 0) }], sources };
  }
  sources.set(display, text);
  const src = new SourceMap(display, text);
  const diagnostics: Diagnostic[] = [];
  const err = (message: string, at: number, len: number, hint?: string) =>
    diagnostics.push({ code: 'E-CONFIG', severity: 'error', message, span: src.span(at, at + Math.max(1, len)), ...(hint ? { hint } : {}) });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    err(`${display} is not valid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')}`, pos ? Number(pos[1]) : 0, 1, 'a configuration file is one JSON object, e.g. {"paths": ["scenarios"], "reporters": ["console", "junit"]}');
    return { diagnostics, sources };
  }
  /** Where a key is written in the text (for the caret), else the start. */
  const at = (key: string) => {
    const i = text.indexOf(JSON.stringify(key));
    return i < 0 ? 0 : i;
  };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    err(`${display} must hold a JSON object`, text.search(/\S|$/), 1, 'e.g. {"paths": ["scenarios"]}');
    return { diagnostics, sources };
  }
  const obj = raw as Record<string, unknown>;
  const root = dirname(file);
  const config: KscnConfig = {};
  const strings = (key: string, v: unknown): string[] | undefined => {
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list) || !list.length || list.some((x) => typeof x !== 'string' || !x)) {
      err(`"${key}" takes a list of strings`, at(key), key.length + 2, `e.g. "${key}": ["${key === 'paths' ? 'scenarios' : 'console'}"]`);
      return undefined;
    }
    return list as string[];
  };
  const int = (key: string, v: unknown, min: number): number | undefined => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      err(`"${key}" takes a whole number${min ? ` ≥ ${min}` : ''}, not ${JSON.stringify(v)}`, at(key), key.length + 2);
      return undefined;
    }
    // JSON numbers above 2^53 have already lost precision: refused, as the language refuses them.
    if (!Number.isSafeInteger(v)) {
      err(`"${key}" takes a whole number of at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1)`, at(key), key.length + 2);
      return undefined;
    }
    return v;
  };
  for (const [key, v] of Object.entries(obj)) {
    switch (key) {
      case '$schema':
        break;
      case 'paths': {
        const p = strings(key, v);
        if (p) config.paths = p.map((x) => resolve(root, x));
        break;
      }
      case 'reporters': {
        const r = strings(key, v);
        // A custom reporter's module path is relative to the config file, like every path in it.
        if (r) config.reporters = r.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean).map((x) => (isModulePath(x) ? resolve(root, x) : x));
        break;
      }
      case 'out':
        if (typeof v !== 'string' || !v) err('"out" takes a folder name, e.g. "reports"', at(key), 5);
        else config.out = resolve(root, v);
        break;
      case 'jobs': {
        const n = int(key, v, 1);
        if (n !== undefined) config.jobs = n;
        break;
      }
      case 'seed': {
        const n = int(key, v, 0);
        if (n !== undefined) config.seed = n;
        break;
      }
      default: {
        const near = closest(key, KEYS.filter((k) => k !== '$schema'));
        err(`unknown setting "${key}" in ${display}`, at(key), key.length + 2, near ? `did you mean "${near}"?` : `known: ${KEYS.slice(1).join(', ')}`);
      }
    }
  }
  return diagnostics.length ? { diagnostics, sources } : { loaded: { file, root, config }, diagnostics, sources };
}

/** A `--reporter` value that names a module file rather than a built-in reporter. */
export function isModulePath(name: string): boolean {
  return name.startsWith('./') || name.startsWith('../') || name.startsWith('/') || /\.(m?js|cjs)$/.test(name);
}

/** A path of the configuration shown relative to the working directory, as a PATH argument. */
export function relativeToCwd(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel === '' ? '.' : rel.startsWith('..') ? abs : rel;
}
