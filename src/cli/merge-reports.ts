/**
 * `kscn merge-reports PATH … [--reporter …] [--out reports]`: join the JSON reports of the
 * `kscn run --shard I/N --reporter json` runs of a sharded CI job into the reports one unsharded
 * run would have written (JSON, JUnit, Markdown, HTML, the diagrams), equal but for times.
 * A PATH is a shard's `results.json` or the output folder holding it.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createReporters } from '../report/create.js';
import { fanOut } from '../report/reporter.js';
import type { FileResult, RunResult } from '../run/result.js';
import type { CliIO, Command } from './io.js';
import { parse } from './args.js';

const USAGE = `usage: kscn merge-reports PATH … [--reporter console,json,junit,markdown,html] [--out reports] [--svg | --no-svg] [--png]
  PATH: the results.json of each \`kscn run --shard I/N --reporter json\`, or the folder holding it`;

/** What a shard's results.json carries for merging. */
interface ShardDoc {
  shard?: { index: number; total: number; run: RunResult };
}

export const mergeReports: Command = async (argv, io) => {
  const p = parse('merge-reports', argv, {
    reporter: { type: 'string', multiple: true },
    out: { type: 'string' },
    svg: { type: 'boolean' },
    'no-svg': { type: 'boolean' },
    png: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if ('error' in p) return usageError(io, p.error);
  if (p.values.help) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  if (!p.positionals.length) return usageError(io, 'kscn merge-reports: name the shards\' results.json files or their folders');
  const shards: { path: string; index: number; total: number; run: RunResult }[] = [];
  for (const given of p.positionals) {
    let file = resolve(io.cwd, given);
    try {
      if (statSync(file).isDirectory()) file = join(file, 'results.json');
    } catch {
      return fail(io, `kscn merge-reports: cannot read ${given}: no such file or folder`);
    }
    let doc: ShardDoc;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8')) as ShardDoc;
    } catch (e) {
      return fail(io, `kscn merge-reports: cannot read ${given}: ${(e as Error).message.split('\n')[0]}`);
    }
    const s = doc.shard;
    if (!s || typeof s.index !== 'number' || typeof s.total !== 'number' || !s.run || !Array.isArray(s.run.files)) {
      return fail(io, `kscn merge-reports: ${given} is not the JSON report of a sharded run (write it with \`kscn run --shard I/N --reporter json\`)`);
    }
    shards.push({ path: given, index: s.index, total: s.total, run: s.run });
  }
  const total = shards[0]!.total;
  const other = shards.find((s) => s.total !== total);
  if (other) return fail(io, `kscn merge-reports: ${other.path} is shard ${other.index}/${other.total}, but ${shards[0]!.path} is of ${total} shards`);
  const seen = new Map<number, string>();
  for (const s of shards) {
    if (seen.has(s.index)) return fail(io, `kscn merge-reports: ${s.path} and ${seen.get(s.index)} are both shard ${s.index}/${total}`);
    seen.set(s.index, s.path);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) return fail(io, `kscn merge-reports: shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} missing; the merged report would leave out their scenarios`);

  const run = mergeRuns(shards.sort((a, b) => a.index - b.index).map((s) => s.run));
  const names = ((p.values.reporter as string[] | undefined) ?? ['console,json,junit,markdown,html']).flatMap((n) => n.split(','));
  const reporters = createReporters(names, { io, outDir: (p.values.out as string | undefined) ?? 'reports', svg: !p.values['no-svg'] && !(p.values.png && !p.values.svg), png: !!p.values.png });
  if ('error' in reporters) return usageError(io, `kscn merge-reports: ${reporters.error}`);
  const r = fanOut(reporters);
  try {
    await r.onRunStart({ files: run.files.map((f) => f.path), scenarios: run.files.reduce((n, f) => n + f.scenarios.length, 0) });
    for (const f of run.files) {
      for (const s of f.scenarios) {
        await r.onScenarioStart({ file: f.path, title: s.title });
        await r.onScenarioEnd(s);
      }
    }
    for (const f of run.files) await r.onFileEnd(f);
    await r.onRunEnd(run);
  } finally {
    await r.close();
  }
  const all = run.files.flatMap((f) => f.scenarios);
  if (all.some((s) => s.status === 'error') || run.files.some((f) => f.diagnostics.some((d) => d.severity === 'error'))) return 2;
  return all.some((s) => s.status === 'failed') ? 1 : 0;
};

/**
 * The run the shards split: files in their order (every shard lists every file), each file's
 * scenarios in file order (shards take them round robin). Its time is the longest shard's.
 */
export function mergeRuns(runs: RunResult[]): RunResult {
  const files: FileResult[] = [];
  const byPath = new Map<string, FileResult>();
  for (const run of runs) {
    for (const f of run.files) {
      let m = byPath.get(f.path);
      if (!m) {
        m = { path: f.path, scenarios: [], diagnostics: [...f.diagnostics] };
        byPath.set(f.path, m);
        files.push(m);
      }
      m.scenarios.push(...f.scenarios);
    }
  }
  for (const f of files) f.scenarios.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { files, durationMs: Math.max(0, ...runs.map((r) => r.durationMs)) };
}

function usageError(io: CliIO, message: string): number {
  io.stderr(`${message}\n${USAGE}\n`);
  return 2;
}

function fail(io: CliIO, message: string): number {
  io.stderr(`${message}\n`);
  return 2;
}
