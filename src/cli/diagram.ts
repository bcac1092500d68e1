/**
 * `kscn diagram FILE [--scenario TITLE] [--format mmd|svg|png] [-o OUT] [--seed N]`: runs one
 * scenario and writes its diagram — Mermaid text to stdout by default, SVG/PNG through Chromium.
 * The format follows `-o`'s extension unless `--format` says otherwise. Exit 0 when the diagram
 * was written, 2 when the file could not be checked, the scenario is not found, or SVG/PNG
 * cannot be rendered.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runFiles } from '../run/run.js';
import { mermaidDiagram } from '../report/mermaid.js';
import { openRenderer } from '../report/render.js';
import { scenarioDiagram } from '../report/store.js';
import { untilSeq } from '../report/until.js';
import type { CliIO, Command } from './io.js';
import { pickScenario } from './scenario-arg.js';
import { closest } from '../lang/did-you-mean.js';

const USAGE = 'usage: kscn diagram FILE [--scenario TITLE] [--format mmd|svg|png] [-o OUT] [--seed N]';
const FORMATS = ['mmd', 'svg', 'png'] as const;
type Format = (typeof FORMATS)[number];

interface Args { file: string; scenario?: string; format?: Format; out?: string; seed?: number }

/** The `kscn diagram` command. */
export const diagram: Command = async (argv, io) => {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  const args = parseArgs(argv);
  if ('error' in args) return fail(io, `${args.error}\n${USAGE}`);
  const format: Format = args.format ?? (args.out ? formatOf(args.out) : 'mmd');
  if (format === 'png' && !args.out) return fail(io, 'a PNG needs a file: add -o FILE.png');

  const picked = await pickScenario('diagram', args.file, args.scenario, io);
  if (typeof picked === 'number') return picked;
  const chosen = picked;

  const run = await runFiles([{ ...chosen.file, scenarios: [chosen.scenario] }], { seed: args.seed });
  const result = run.files[0]?.scenarios[0];
  if (!result) return fail(io, `scenario "${chosen.scenario.title}" did not run`);
  const decl = scenarioDiagram(result) ?? chosen.scenario.diagram;
  const until = decl?.until ? untilSeq(decl.until, result.trace) : undefined;
  const drawn = mermaidDiagram(result, decl, { untilSeq: until, untilNeverHeld: !!decl?.until && until === undefined });
  const mmd = drawn.text;
  // What the drawing leaves out is said on the terminal too, not only in a note inside it.
  if (drawn.cut) io.stderr(`note: the diagram leaves out ${drawn.cut} of ${drawn.messages} messages at the size limit (${drawn.arrows} arrows); \`kscn trace\` lists them all\n`);
  else if (drawn.represented) io.stderr(`note: a summary: ${drawn.messages} messages drawn as ${drawn.arrows} arrows (pods made alike drawn once, repeated writes counted); \`diagram { detail full }\` draws every message\n`);

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
    else if (flag === '-o' || flag === '--out' || flag === '--output') {
      // `-o -` is standard output, as the default.
      const v = value();
      if (v !== '-') out.out = v;
    }
    else if (flag === '--format' || flag === '-f') {
      const f = value();
      if (!FORMATS.includes(f as Format)) return { error: `--format must be mmd, svg or png${f ? `, not \`${f}\`` : ''}` };
      out.format = f as Format;
    } else if (flag === '--seed') {
      const text = value();
      const n = Number(text);
      if (!/^\d+$/.test(text) || n < 0) return { error: '--seed needs a whole number' };
      if (!Number.isSafeInteger(n)) return { error: `--seed takes a whole number of at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1), not "${text}"` };
      out.seed = n;
    } else if (flag.startsWith('-') && flag !== '-') {
      const near = closest(flag.replace(/^-+/, ''), ['scenario', 'format', 'out', 'output', 'seed']);
      return { error: `unknown option ${flag}${near ? ` (did you mean --${near}?)` : ''}` };
    }
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

function fail(io: CliIO, message: string): number {
  io.stderr(`kscn diagram: ${message}\n`);
  return 2;
}
