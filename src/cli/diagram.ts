/**
 * `kscn diagram FILE [--scenario TITLE] [--format mmd|svg|png] [-o OUT] [--seed N]`: runs one
 * scenario and writes its diagram — Mermaid text to stdout by default, SVG/PNG through Chromium.
 * The format follows `-o`'s extension unless `--format` says otherwise. Exit 0 when the diagram
 * was written, 2 when the file could not be checked, the scenario is not found, or SVG/PNG
 * cannot be rendered.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import pc from 'picocolors';
import type { ScenarioDecl } from '../lang/ast.js';
import { checkPaths } from '../lang/check.js';
import { runFiles } from '../run/run.js';
import { diagnosticLines } from '../report/console.js';
import { toMermaid } from '../report/mermaid.js';
import { openRenderer } from '../report/render.js';
import { scenarioDiagram } from '../report/store.js';
import { untilSeq } from '../report/until.js';
import type { CliIO, Command } from './io.js';

const USAGE = 'usage: kscn diagram FILE [--scenario TITLE] [--format mmd|svg|png] [-o OUT] [--seed N]';
const FORMATS = ['mmd', 'svg', 'png'] as const;
type Format = (typeof FORMATS)[number];

interface Args { file: string; scenario?: string; format?: Format; out?: string; seed?: number }

/** The `kscn diagram` command. */
export const diagram: Command = async (argv, io) => {
  const args = parseArgs(argv);
  if ('error' in args) return fail(io, `${args.error}\n${USAGE}`);
  const format: Format = args.format ?? (args.out ? formatOf(args.out) : 'mmd');
  if (format === 'png' && !args.out) return fail(io, 'a PNG needs a file: add -o FILE.png');

  const checked = await checkPaths([args.file], { cwd: io.cwd });
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !checked.files.length) {
    const c = pc.createColors(io.color);
    io.stderr(checked.diagnostics.flatMap((d) => diagnosticLines(d, c, '')).join('\n') + '\n');
    return 2;
  }
  const file = checked.files[0]!;
  const chosen = choose(file.scenarios, args.scenario);
  if ('error' in chosen) return fail(io, chosen.error);

  const run = await runFiles([{ ...file, scenarios: [chosen.scenario] }], { seed: args.seed });
  const result = run.files[0]?.scenarios[0];
  if (!result) return fail(io, `scenario "${chosen.scenario.title}" did not run`);
  const decl = scenarioDiagram(result) ?? chosen.scenario.diagram;
  const mmd = toMermaid(result, decl, { untilSeq: decl?.until ? untilSeq(decl.until, result.trace) : undefined });

  let data: string | Buffer = mmd;
  if (format !== 'mmd') {
    const renderer = await openRenderer({ env: io.env, pages: 1 });
    if ('unavailable' in renderer) return fail(io, `cannot render ${format.toUpperCase()}: ${renderer.unavailable}; \`kscn diagram\` without --format prints the Mermaid text`);
    try {
      data = await renderer.render(mmd, format);
    } catch (err) {
      return fail(io, `mermaid could not draw the diagram: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    } finally {
      await renderer.close();
    }
  }
  if (!args.out) {
    io.stdout(typeof data === 'string' ? data : data.toString('utf8'));
    return 0;
  }
  try {
    await writeFile(resolve(io.cwd, args.out), data);
  } catch (err) {
    return fail(io, `cannot write ${args.out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  io.stderr(`wrote ${args.out}\n`);
  return 0;
};

function parseArgs(argv: string[]): Args | { error: string } {
  const files: string[] = [];
  const out: Partial<Args> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    let missing = false;
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') missing = true;
      return v ?? '';
    };
    if (flag === '--scenario' || flag === '-s') out.scenario = value();
    else if (flag === '-o' || flag === '--out' || flag === '--output') out.out = value();
    else if (flag === '--format' || flag === '-f') {
      const f = value();
      if (!FORMATS.includes(f as Format)) return { error: `--format must be mmd, svg or png${f ? `, not \`${f}\`` : ''}` };
      out.format = f as Format;
    } else if (flag === '--seed') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0) return { error: '--seed needs a whole number' };
      out.seed = n;
    } else if (flag.startsWith('-') && flag !== '-') return { error: `unknown option \`${flag}\`` };
    else files.push(arg);
    if (missing) return { error: `${flag} needs a value` };
  }
  if (files.length !== 1) return { error: files.length ? 'kscn diagram takes one FILE' : 'which file? kscn diagram needs a FILE' };
  return { ...out, file: files[0]! };
}

function formatOf(path: string): Format {
  const ext = path.toLowerCase().split('.').pop();
  return ext === 'svg' || ext === 'png' ? ext : 'mmd';
}

/** The scenario titled `title` (exactly, else ignoring case, else the one whose title contains it). */
function choose(scenarios: ScenarioDecl[], title: string | undefined): { scenario: ScenarioDecl } | { error: string } {
  const list = (): string => scenarios.map((s) => `  "${s.title}"`).join('\n');
  if (!scenarios.length) return { error: 'the file has no scenario' };
  if (title === undefined) {
    if (scenarios.length === 1) return { scenario: scenarios[0]! };
    return { error: `the file has ${scenarios.length} scenarios; choose one with --scenario TITLE:\n${list()}` };
  }
  const lower = title.toLowerCase();
  const found = scenarios.find((s) => s.title === title)
    ?? scenarios.find((s) => s.title.toLowerCase() === lower);
  if (found) return { scenario: found };
  const partial = scenarios.filter((s) => s.title.toLowerCase().includes(lower));
  if (partial.length === 1) return { scenario: partial[0]! };
  return { error: `${partial.length ? `several scenarios match "${title}"` : `no scenario "${title}"`}; the file has:\n${list()}` };
}

function fail(io: CliIO, message: string): number {
  io.stderr(`kscn diagram: ${message}\n`);
  return 2;
}
