/**
 * `kscn record FILE [--scenario TITLE] [--seed N]`: run a scenario and print, for each step, a
 * `then { … }` block the run meets, ready to paste into the scenario.
 */
import { escapeTerminal } from '../report/escape.js';
import { runScenario } from '../run/run.js';
import { formatThen, recordSteps } from '../run/record.js';
import type { Command } from './io.js';
import { scenarioCommand } from './scenario-arg.js';

const USAGE = 'usage: kscn record FILE [--scenario TITLE] [--seed N]';

export const record: Command = async (argv, io) => {
  const a = await scenarioCommand('record', argv, io, USAGE, {});
  if (typeof a === 'number') return a;
  const r = runScenario(a.file, a.scenario, { seed: a.seed });
  const steps = recordSteps(r);
  io.stdout(`# ${escapeTerminal(r.title)} (seed ${r.seed}): what each step did; paste a block after its \`when\`\n`);
  a.scenario.steps.forEach((s, i) => {
    const rec = steps[i];
    if (!rec) return;
    const at = s.whenSpan ?? s.span;
    io.stdout(`\n# step ${i + 1}: the \`when\` at ${at.file}:${at.start.line}\n${formatThen(rec, '')}`);
  });
  for (const e of r.errors) io.stderr(`${e.severity}: ${e.message} (${e.span.file}:${e.span.start.line})\n`);
  // A failed action stopped the run there (LANGUAGE.md §12.1): the steps after it were not recorded.
  for (const v of r.expectations) if (v.kind === 'action' && !v.ok) io.stderr(`error: ${v.message} (${v.span.file}:${v.span.start.line})\n`);
  return 0;
};
