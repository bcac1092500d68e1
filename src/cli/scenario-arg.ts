/**
 * For commands about one scenario (`trace`, `diagram`, `explain`, `record`): check the file and
 * pick the scenario named by --scenario (or the only one), with a did-you-mean on a wrong title.
 */
import { checkPaths } from '../lang/check.js';
import { renderDiagnostics } from '../lang/render-diagnostic.js';
import { closest } from '../lang/did-you-mean.js';
import type { ScenarioDecl } from '../lang/ast.js';
import type { CheckedFile } from '../lang/model.js';
import type { CliIO } from './io.js';
import { intOption, parse, type Options, type Parsed } from './args.js';

export async function pickScenario(command: string, file: string | undefined, title: string | undefined, io: CliIO): Promise<{ file: CheckedFile; scenario: ScenarioDecl } | number> {
  if (!file) {
    io.stderr(`kscn ${command}: name a .kscn file\n`);
    return 2;
  }
  const checked = await checkPaths([file], { cwd: io.cwd });
  if (checked.diagnostics.some((d) => d.severity === 'error')) {
    io.stderr(renderDiagnostics(checked.diagnostics, checked.sources, { color: io.color }));
    return 2;
  }
  const f = checked.files[0];
  if (!f || !f.scenarios.length) {
    io.stderr(`kscn ${command}: ${file} has no scenario\n`);
    return 2;
  }
  if (title === undefined) {
    if (f.scenarios.length === 1) return { file: f, scenario: f.scenarios[0]! };
    io.stderr(`kscn ${command}: ${file} has ${f.scenarios.length} scenarios; choose one with --scenario:\n${f.scenarios.map((s) => `  "${s.title}"`).join('\n')}\n`);
    return 2;
  }
  const sc = f.scenarios.find((s) => s.title === title) ?? f.scenarios.find((s) => s.title.toLowerCase().includes(title.toLowerCase()));
  if (!sc) {
    const near = closest(title, f.scenarios.map((s) => s.title));
    io.stderr(`kscn ${command}: no scenario "${title}" in ${file}${near ? ` (did you mean "${near}"?)` : ''}\n`);
    return 2;
  }
  return { file: f, scenario: sc };
}

/** What `scenarioCommand` hands a command: its options, the scenario chosen, and the seed. */
export interface ScenarioCommandArgs {
  values: Parsed['values'];
  file: CheckedFile;
  scenario: ScenarioDecl;
  seed: number | undefined;
}

/**
 * The common start of commands about one scenario (`trace`, `record`, `explain`): parse
 * `FILE [--scenario TITLE] [--seed N]` and the command's own options, answer `--help`, and pick
 * the scenario. Returns the exit code instead when the command should stop there.
 */
export async function scenarioCommand(command: string, argv: string[], io: CliIO, usage: string, options: Options): Promise<ScenarioCommandArgs | number> {
  const p = parse(command, argv, { ...options, scenario: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if ('error' in p) {
    io.stderr(`${p.error}\n${usage}\n`);
    return 2;
  }
  if (p.values.help) {
    io.stdout(usage + '\n');
    return 0;
  }
  const seed = intOption(command, 'seed', p.values.seed);
  if (seed && typeof seed === 'object') {
    io.stderr(`${seed.error}\n${usage}\n`);
    return 2;
  }
  const picked = await pickScenario(command, p.positionals[0], p.values.scenario as string | undefined, io);
  if (typeof picked === 'number') return picked;
  return { values: p.values, file: picked.file, scenario: picked.scenario, seed: seed as number | undefined };
}
