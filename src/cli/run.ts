/**
 * `kscn run [PATH …]`: check the files, run every selected scenario, report (console, JUnit,
 * JSON, Markdown, HTML, GitHub annotations) and write each scenario's diagram.
 * Exit codes: 0 all passed; 1 an expectation failed; 2 a file could not be read, parsed or checked.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, isModulePath, relativeToCwd } from '../config/load.js';
import { checkPaths } from '../lang/check.js';
import { renderDiagnostics } from '../lang/render-diagnostic.js';
import { createReporters } from '../report/create.js';
import { loadReporter } from '../report/custom.js';
import { fanOut, type Reporter } from '../report/reporter.js';
import { runFiles, selected, type RunOptions } from '../run/run.js';
import { runFilesParallel, startWorkers, type WorkerPool } from '../run/parallel.js';
import type { FileResult, RunResult } from '../run/result.js';
import type { CheckResult } from '../lang/check.js';
import type { CliIO, Command } from './io.js';
import { watchAndRerun } from './watch.js';
import { lockOutDir, ReportError } from '../report/out-dir.js';
import { handleSignals, onStop } from '../report/signals.js';
import { intOption, parse } from './args.js';

export const RUN_USAGE = `usage: kscn run [PATH …] [--tag T] [--grep TEXT] [--seed N] [--reporter console,junit,json,markdown,html,github,./my-reporter.js]
                [--out reports] [--svg | --no-svg] [--png] [--bail] [--jobs N] [--shard I/N] [--watch]`;

export const run: Command = async (argv, io) => {
  const p = parse('run', argv, {
    tag: { type: 'string', multiple: true },
    grep: { type: 'string' },
    seed: { type: 'string' },
    reporter: { type: 'string', multiple: true },
    out: { type: 'string' },
    svg: { type: 'boolean' },
    'no-svg': { type: 'boolean' },
    png: { type: 'boolean' },
    bail: { type: 'boolean' },
    jobs: { type: 'string' },
    // Hidden: the latency jitter `kscn explore` used, so its printed command replays exactly.
    jitter: { type: 'string' },
    shard: { type: 'string' },
    watch: { type: 'boolean', short: 'w' },
    help: { type: 'boolean', short: 'h' },
  });
  if ('error' in p) return usageError(io, p.error);
  const v = p.values;
  if (v.help) {
    io.stdout(RUN_USAGE + '\n');
    return 0;
  }
  // kscn.config.json / .kscn.json (found upward) gives defaults; flags win.
  const cfg = loadConfig(io.cwd);
  if (cfg.diagnostics.length) {
    io.stderr(renderDiagnostics(cfg.diagnostics, cfg.sources, { color: io.color }));
    return 2;
  }
  const config = cfg.loaded?.config ?? {};
  const seed = intOption('run', 'seed', v.seed) ?? config.seed;
  if (seed && typeof seed === 'object') return usageError(io, seed.error);
  const jobs = intOption('run', 'jobs', v.jobs, 1) ?? config.jobs;
  if (jobs && typeof jobs === 'object') return usageError(io, jobs.error);
  let jitter: number | undefined;
  if (typeof v.jitter === 'string') {
    jitter = Number(v.jitter);
    if (!/^\d*\.?\d+$/.test(v.jitter) || jitter >= 1) return usageError(io, `kscn run: --jitter takes a fraction from 0 to 1, e.g. 0.3, not "${v.jitter}"`);
  }
  let shard: { index: number; total: number } | undefined;
  if (typeof v.shard === 'string') {
    const m = /^(\d+)\/(\d+)$/.exec(v.shard);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) return usageError(io, `kscn run: --shard takes I/N with 1 ≤ I ≤ N, e.g. --shard 1/3, not "${v.shard}"`);
    shard = { index: Number(m[1]), total: Number(m[2]) };
  }
  const paths = p.positionals.length ? p.positionals : config.paths ? config.paths.map((x) => relativeToCwd(x, io.cwd)) : ['scenarios'];
  if (!p.positionals.length && !config.paths && !existsSync(resolve(io.cwd, 'scenarios'))) return usageError(io, 'kscn run: no PATH given and no scenarios/ folder here; name .kscn files or folders to run');
  const outDir = (v.out as string | undefined) ?? config.out ?? 'reports';
  /** Check and run `paths` once, with fresh reporters; the exit code. */
  const once = async (paths: string[], watching = false): Promise<number> => {
    // --jobs N: the workers load the engine while the files are checked here.
    const pool = !watching && (jobs ?? 1) > 1 ? startWorkers(jobs as number, { seed: seed as number | undefined, jitter }) : undefined;
    try {
      return await checkAndRun(paths, watching, pool);
    } finally {
      pool?.close();
    }
  };
  const checkAndRun = async (paths: string[], watching: boolean, pool: WorkerPool | undefined): Promise<number> => {
    const checked = await checkPaths(paths, { cwd: io.cwd });
    // A file that fails `check` does not stop the others (LANGUAGE.md §12.1): it is reported, in
    // every report, as a file that could not run, and the exit code is still 2.
    const broken = brokenFiles(checked);
    if (checked.diagnostics.some((d) => d.severity === 'error')) {
      io.stderr(renderDiagnostics(checked.diagnostics, checked.sources, { color: io.color }));
      if (!checked.files.length) return 2;
    }
    if (!checked.files.length) {
      io.stderr(`kscn run: no .kscn files found in ${paths.join(', ')}\n`);
      return 2;
    }
    for (const f of checked.files) if (!f.scenarios.length) io.stdout(`no scenarios in ${f.path}\n`);
    let files = checked.files;
    if (shard) {
      // Shards split the scenarios in file order, round robin: shard I takes every N-th.
      let k = 0;
      files = files.map((f) => ({ ...f, scenarios: f.scenarios.filter(() => k++ % shard!.total === shard!.index - 1) }));
    }
    const names = ((v.reporter as string[] | undefined) ?? config.reporters ?? []).flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean);
    const reporterOptions = { io, outDir, svg: !v['no-svg'] && !(v.png && !v.svg), png: !!v.png, ...(shard ? { shard } : { sweep: true }) };
    const builtIn = names.filter((n) => !isModulePath(n));
    // Named custom reporters replace the console, unless `console` is named too.
    const reporters = createReporters(builtIn, { ...reporterOptions, defaultConsole: builtIn.length === names.length });
    if ('error' in reporters) return usageError(io, `kscn run: ${reporters.error}`);
    // Custom reporters (`--reporter ./my-reporter.js`) run after the built-in ones.
    const custom: Reporter[] = [];
    for (const n of names.filter(isModulePath)) {
      const c = await loadReporter(n, reporterOptions);
      if ('error' in c) return usageError(io, `kscn run: ${c.error}`);
      custom.push(c);
    }
    const r = fanOut([...reporters, ...custom]);
    // One run at a time into an output folder; a signal stops the run cleanly (exit 130/143).
    let unlock: () => void;
    try {
      unlock = lockOutDir(resolve(io.cwd, outDir), outDir);
    } catch (e) {
      if (!(e instanceof ReportError)) throw e;
      io.stderr(`kscn run: ${e.message}\n`);
      return 2;
    }
    const unhandle = handleSignals();
    const unstop = onStop(unlock);
    let reportError: ReportError | undefined;
    const opts = { seed: seed as number | undefined, grep: v.grep as string | undefined, tags: v.tag as string[] | undefined, bail: !!v.bail, jitter };
    const count = files.reduce((n, f) => n + f.scenarios.filter((s) => selected(s, opts)).length, 0);
    let result: RunResult;
    try {
      await r.onRunStart({ files: files.map((f) => f.path), scenarios: count });
      const hooks: RunOptions = {
        ...opts,
        onScenarioStart: (file, sc) => r.onScenarioStart({ file: file.path, title: sc.title }),
        onScenarioEnd: (res) => r.onScenarioEnd(res),
      };
      // --jobs 1 stays in-process; more spread the scenarios over worker threads, merged in order.
      result = !watching && (jobs ?? 1) > 1 && count > 1 ? await runFilesParallel(files, jobs as number, hooks, pool) : await runFiles(files, hooks);
      result = { ...result, files: inOrder([...result.files, ...broken], checked.order) };
      try {
        for (const f of result.files) await r.onFileEnd(f);
        await r.onRunEnd(result);
      } catch (e) {
        // A report that could not be written: say which and why (after what was written), exit 2.
        if (!(e instanceof ReportError)) throw e;
        reportError = e;
      }
    } finally {
      try {
        await r.close();
      } finally {
        unstop();
        unlock();
        unhandle();
      }
    }
    if (reportError) {
      io.stderr(`kscn run: ${reportError.message}\n`);
      return 2;
    }
    if (count === 0 && (opts.grep || opts.tags?.length)) {
      io.stderr(`kscn run: no scenario matched${opts.grep ? ` --grep "${opts.grep}"` : ''}${opts.tags ? ` --tag ${opts.tags.join(',')}` : ''}\n`);
      return 2;
    }
    const all = result.files.flatMap((f) => f.scenarios);
    if (broken.length || all.some((s) => s.status === 'error')) return 2;
    return all.some((s) => s.status === 'failed') ? 1 : 0;
  };
  const code = await once(paths);
  if (!v.watch) return code;
  // Reruns stay in this process: a worker's start-up would cost more than one file's run.
  return watchAndRerun(io, paths, (files) => once(files, true)).done;
};

/**
 * The files that could not be read or checked, as results without scenarios: each holds its own
 * diagnostics, or — when the errors are in what it imports or reads — those.
 */
function brokenFiles(checked: CheckResult): FileResult[] {
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  return (checked.failed ?? []).map((path) => {
    const own = errors.filter((d) => d.span.file === path);
    return { path, scenarios: [], diagnostics: own.length ? own : errors.filter((d) => !(checked.order ?? []).includes(d.span.file)) };
  });
}

/** Results in the order the files were named or found. */
function inOrder(files: FileResult[], order: string[] | undefined): FileResult[] {
  if (!order) return files;
  const at = (f: FileResult) => {
    const i = order.indexOf(f.path);
    return i < 0 ? order.length : i;
  };
  return [...files].sort((a, b) => at(a) - at(b));
}

function usageError(io: CliIO, message: string): number {
  io.stderr(`${message}\n${RUN_USAGE}\n`);
  return 2;
}
