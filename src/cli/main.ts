/**
 * The `kscn` command: dispatches to a subcommand and returns its exit code. Bad input never
 * shows a stack trace.
 */
import { KUBERNETES_VERSION } from '../engine/version.js';
import { readFileSync } from 'node:fs';
import { processIO, type CliIO, type Command } from './io.js';

const COMMANDS: Record<string, { load: () => Promise<Command>; summary: string }> = {
  run: { load: async () => (await import('./run.js')).run, summary: 'run scenarios and report (default: the scenarios/ folder)' },
  check: { load: async () => (await import('./check.js')).check, summary: 'parse and check files only' },
  fmt: { load: async () => (await import('./fmt.js')).fmt, summary: 'rewrite files in the canonical layout (--check only lists them)' },
  diagram: { load: async () => (await import('./diagram.js')).diagram, summary: 'draw one scenario as .mmd, .svg or .png' },
  trace: { load: async () => (await import('./trace.js')).trace, summary: 'print a scenario\'s trace as a table or JSON' },
  explain: { load: async () => (await import('./explain.js')).explain, summary: 'per node and plugin: why the scheduler placed a pod where it did' },
  record: { load: async () => (await import('./record.js')).record, summary: 'print `then` blocks that a scenario\'s run meets, ready to paste' },
  lsp: { load: async () => (await import('./lsp.js')).lsp, summary: 'the language server for editors (--stdio)' },
  'merge-reports': { load: async () => (await import('./merge-reports.js')).mergeReports, summary: 'join the JSON reports of `run --shard` runs into the reports of one run' },
  explore: { load: async () => (await import('./explore.js')).explore, summary: 'run again under other seeds and timings; report order-dependent expectations' },
};

export const USAGE = `kscn — Kubernetes scenarios on a simulated control plane

usage: kscn <command> [options]

commands:
${Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(13)} ${c.summary}`).join('\n')}

Run \`kscn <command> --help\` for a command's options. Exit codes: 0 passed, 1 an expectation failed, 2 bad input.
`;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return 'unknown';
  }
}

/** Run the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`kscn ${version()} (simulates Kubernetes ${KUBERNETES_VERSION})\n`);
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    const { closest } = await import('../lang/did-you-mean.js');
    const near = closest(name, Object.keys(COMMANDS));
    io.stderr(`kscn: unknown command "${name}"${near ? ` (did you mean \`kscn ${near}\`?)` : ''}\n\n${USAGE}`);
    return 2;
  }
  try {
    return await (await cmd.load())(rest, io);
  } catch (e) {
    // A bug in kscn, not in the user's input: one line, and the stack only when asked for.
    io.stderr(`kscn ${name}: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (io.env.KSCN_DEBUG) io.stderr(`${(e as Error)?.stack}\n`);
    else io.stderr('(set KSCN_DEBUG=1 to see where; please report it)\n');
    return 2;
  }
}
