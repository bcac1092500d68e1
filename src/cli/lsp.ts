/**
 * `kscn lsp --stdio`: the language server for editors (src/lsp/). It runs until the editor ends
 * the session (LSP `exit`) or closes its input.
 */
import type { Command } from './io.js';
import { parse } from './args.js';

const USAGE = 'usage: kscn lsp --stdio    # the Language Server Protocol over standard input and output';

export const lsp: Command = async (argv, io) => {
  const p = parse('lsp', argv, { stdio: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if ('error' in p) {
    io.stderr(`${p.error}\n${USAGE}\n`);
    return 2;
  }
  if (p.values.help) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  if (!p.values.stdio) {
    io.stderr(`kscn lsp: only --stdio is supported\n${USAGE}\n`);
    return 2;
  }
  const { startServer } = await import('../lsp/server.js');
  const connection = startServer();
  // The process lives as long as the connection; resolve when it closes.
  return new Promise<number>((resolve) => connection.onExit(() => resolve(0)));
};
