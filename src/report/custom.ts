/**
 * Custom reporters: `--reporter ./my-reporter.js` (or a path in the configuration file) loads an
 * ES module whose default export is a `Reporter` object, a class of them, or a function that
 * returns one; class and function receive the `ReporterOptions` of the run.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Reporter, ReporterOptions } from './reporter.js';

const HOOKS = ['onRunStart', 'onFileStart', 'onScenarioStart', 'onScenarioEnd', 'onFileEnd', 'onRunEnd', 'close'] as const;

/** Load the reporter module at `spec` (relative to `opts.io.cwd`); `{error}` with one line on failure. */
export async function loadReporter(spec: string, opts: ReporterOptions): Promise<Reporter | { error: string }> {
  const file = resolve(opts.io.cwd, spec);
  if (!existsSync(file)) return { error: `reporter module ${spec} not found` };
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (e) {
    return { error: `reporter module ${spec} could not be loaded: ${String((e as Error)?.message ?? e).split('\n')[0]}` };
  }
  const d = mod.default;
  let r: unknown = d;
  try {
    if (typeof d === 'function') r = /^class[\s{]/.test(Function.prototype.toString.call(d)) ? new (d as new (o: ReporterOptions) => unknown)(opts) : (d as (o: ReporterOptions) => unknown)(opts);
    r = await r;
  } catch (e) {
    return { error: `reporter module ${spec} failed to start: ${String((e as Error)?.message ?? e).split('\n')[0]}` };
  }
  if (!r || typeof r !== 'object' || !HOOKS.some((h) => typeof (r as Record<string, unknown>)[h] === 'function')) {
    return { error: `reporter module ${spec} must export default a reporter (an object with onScenarioEnd, onRunEnd, … hooks), a class or a function returning one` };
  }
  const rep = r as Reporter & { name?: string };
  if (typeof rep.name !== 'string') Object.defineProperty(rep, 'name', { value: spec, configurable: true });
  return rep;
}
