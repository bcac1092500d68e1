/**
 * `kscn record FILE [--scenario TITLE] [--seed N]`: run a scenario and print, for each step, a
 * `then { … }` block the run meets, ready to paste into the scenario.
 */
import { runScenario } from '../run/run.js';
import { formatThen, recordSteps } from '../run/record.js';
import type { Command } from './io.js';
import { intOption, parse } from './args.js';
import { pickScenario } from './scenario-arg.js';

const USAGE = 'usage: kscn record FILE [--scenario TITLE] [--seed N]';

export const record: Command = async (argv, io) => {
  const p = parse('record', argv, { scenario: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if ('error' in p) {
    io.stderr(`${p.error}\n${USAGE}\n`);
    return 2;
  }
  if (p.values.help) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  const seed = intOption('record', 'seed', p.values.seed);
  if (seed && typeof seed === 'object') {
    io.stderr(`${seed.error}\n${USAGE}\n`);
    return 2;
  }
  const picked = await pickScenario('record', p.positionals[0], p.values.scenario as string | undefined, io);
  if (typeof picked === 'number') return picked;
  const r = runScenario(picked.file, picked.scenario, { seed: seed as number | undefined });
  const steps = recordSteps(r);
  io.stdout(`# ${r.title} (seed ${r.seed}): what each step did; paste a block after its \`when\`\n`);
  picked.scenario.steps.forEach((s, i) => {
    const rec = steps[i];
    if (!rec) return;
    const at = s.whenSpan ?? s.span;
    io.stdout(`\n# step ${i + 1}: the \`when\` at ${at.file}:${at.start.line}\n${formatThen(rec, '')}`);
  });
  for (const e of r.errors) io.stderr(`${e.severity}: ${e.message} (${e.span.file}:${e.span.start.line})\n`);
  return 0;
};
