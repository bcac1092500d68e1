/**
 * `kscn explore FILE [--runs N] [--jitter F] [--grep TEXT]`: run every scenario again under other
 * seeds and jittered latencies; report each expectation that failed under some seed, with the
 * command that replays it. Exit 1 when an order-dependent expectation was found.
 */
import { escapeTerminal } from '../report/escape.js';
import { checkPaths } from '../lang/check.js';
import { renderDiagnostics } from '../lang/render-diagnostic.js';
import { selected } from '../run/run.js';
import { exploreScenario, replayCommand } from '../run/explore.js';
import type { CliIO, Command } from './io.js';
import { intOption, parse } from './args.js';

const USAGE = 'usage: kscn explore FILE … [--runs N] [--jitter F] [--grep TEXT] [--tag T]';
const DEFAULT_RUNS = 10;
const DEFAULT_JITTER = 0.3;

function usageError(io: CliIO, message: string): number {
  io.stderr(`${message}\n${USAGE}\n`);
  return 2;
}

export const explore: Command = async (argv, io) => {
  const p = parse('explore', argv, { runs: { type: 'string' }, jitter: { type: 'string' }, grep: { type: 'string' }, tag: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } });
  if ('error' in p) return usageError(io, p.error);
  if (p.values.help) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  const runs = intOption('explore', 'runs', p.values.runs, 1);
  if (runs && typeof runs === 'object') return usageError(io, runs.error);
  const jitterText = p.values.jitter as string | undefined;
  const jitter = jitterText === undefined ? DEFAULT_JITTER : Number(jitterText);
  if (jitterText !== undefined && (!/^\d*\.?\d+$/.test(jitterText) || jitter >= 1)) return usageError(io, `kscn explore: --jitter takes a fraction from 0 to 1, e.g. 0.3, not "${jitterText}"`);
  if (!p.positionals.length) return usageError(io, 'kscn explore: name a .kscn file');
  const checked = await checkPaths(p.positionals, { cwd: io.cwd });
  if (checked.diagnostics.some((d) => d.severity === 'error')) {
    io.stderr(renderDiagnostics(checked.diagnostics, checked.sources, { color: io.color }));
    return 2;
  }
  const filter = { grep: p.values.grep as string | undefined, tags: p.values.tag as string[] | undefined };
  const n = (runs as number | undefined) ?? DEFAULT_RUNS;
  let scenarios = 0;
  let found = 0;
  for (const file of checked.files) {
    const chosen = file.scenarios.filter((s) => selected(s, filter));
    if (!chosen.length) continue;
    io.stdout(`${file.path}\n`);
    for (const sc of chosen) {
      scenarios++;
      const x = exploreScenario(file, sc, n, jitter);
      const bad = x.flaky.length + x.errors.length;
      found += x.flaky.length;
      io.stdout(`  ${bad ? '✗' : '✓'} ${escapeTerminal(sc.title)}  ${n} runs, seeds ${x.seed + 1}…${x.seed + n}${bad ? '' : ': every expectation held'}\n`);
      for (const f of x.flaky) {
        io.stdout(`    × ${f.text}\n      at ${f.span.file}:${f.span.start.line}:${f.span.start.col}\n`);
        io.stdout(`      failed in ${f.seeds.length} of ${n} runs; with seed ${f.seeds[0]}: ${f.message}\n`);
        io.stdout(`      replay: ${replayCommand(file.path, sc.title, f.seeds[0]!, jitter)}\n`);
      }
      for (const e of x.errors.slice(0, 3)) io.stdout(`    ! seed ${e.seed}: ${e.message}\n      replay: ${replayCommand(file.path, sc.title, e.seed, jitter)}\n`);
    }
  }
  if (!scenarios) {
    io.stderr(`kscn explore: no scenario${filter.grep || filter.tags ? ' matched' : 's in ' + p.positionals.join(', ')}\n`);
    return filter.grep || filter.tags ? 2 : 0;
  }
  io.stdout(`\n${found ? `${found} order-dependent expectation${found === 1 ? '' : 's'}` : 'no order-dependent expectations'} in ${scenarios} scenario${scenarios === 1 ? '' : 's'} (${n} runs each, jitter ${jitter})\n`);
  return found ? 1 : 0;
};
