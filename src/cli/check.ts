/**
 * `kscn check PATH…` — parse and check files and folders (every `.kscn` below a folder).
 * Exit 0 when everything checks, 2 when a file could not be read, parsed or checked.
 */
import type { Command } from './io.js';
import { checkPaths } from '../lang/check.js';
import { renderDiagnostics } from '../lang/render-diagnostic.js';

const USAGE = 'usage: kscn check PATH…   (files or folders; every .kscn below a folder)\n';

export const check: Command = async (argv, io) => {
  const paths: string[] = [];
  for (const a of argv) {
    if (a === '-h' || a === '--help') {
      io.stdout(USAGE);
      return 0;
    }
    if (a.startsWith('-') && a !== '-') {
      io.stderr(`kscn check: unknown option ${a}\n${USAGE}`);
      return 2;
    }
    paths.push(a);
  }
  if (!paths.length) {
    io.stderr(`kscn check: name at least one file or folder\n${USAGE}`);
    return 2;
  }
  const { files, diagnostics, sources } = await checkPaths(paths, { cwd: io.cwd });
  if (diagnostics.length) io.stderr(renderDiagnostics(diagnostics, sources, { color: io.color }));
  if (diagnostics.some((d) => d.severity === 'error')) return 2;
  const scenarios = files.reduce((n, f) => n + f.scenarios.length, 0);
  io.stdout(`ok: ${files.length} file${files.length === 1 ? '' : 's'}, ${scenarios} scenario${scenarios === 1 ? '' : 's'}\n`);
  return 0;
};
