/**
 * `kscn fmt [--check] PATH…` — rewrite files in the canonical layout (src/lang/format.ts).
 * With `--check`, only list the files that would change. Exit 0 all formatted, 1 `--check`
 * found files to rewrite, 2 a file could not be read or parsed.
 */
import * as fs from 'node:fs';
import type { Command } from './io.js';
import type { Diagnostic } from '../lang/diagnostics.js';
import { fileStartSpan } from '../lang/diagnostics.js';
import { expandPaths, readText } from '../lang/files.js';
import { formatSource } from '../lang/format.js';
import { renderDiagnostics } from '../lang/render-diagnostic.js';

const USAGE = 'usage: kscn fmt [--check] PATH…   (files or folders; every .kscn below a folder)\n';

export const fmt: Command = async (argv, io) => {
  let checkOnly = false;
  const paths: string[] = [];
  for (const a of argv) {
    if (a === '--check') checkOnly = true;
    else if (a === '-h' || a === '--help') {
      io.stdout(USAGE);
      return 0;
    } else if (a.startsWith('-') && a !== '-') {
      io.stderr(`kscn fmt: unknown option ${a}\n${USAGE}`);
      return 2;
    } else paths.push(a);
  }
  if (!paths.length) {
    io.stderr(`kscn fmt: name at least one file or folder\n${USAGE}`);
    return 2;
  }
  const { files, missing } = expandPaths(paths, io.cwd);
  const diagnostics: Diagnostic[] = missing.map((m) => ({ code: 'E-FILE', severity: 'error', message: `cannot read ${m}: no such file or folder`, span: fileStartSpan(m) }));
  const sources = new Map<string, string>();
  let changed = 0;
  for (const f of files) {
    const { text, error } = readText(f.abs);
    if (text === undefined) {
      diagnostics.push({ code: 'E-FILE', severity: 'error', message: `cannot read ${f.display}: ${error}`, span: fileStartSpan(f.display) });
      continue;
    }
    sources.set(f.display, text);
    const r = formatSource(text, f.display);
    diagnostics.push(...r.diagnostics);
    if (r.diagnostics.some((d) => d.severity === 'error') || r.output === text) continue;
    changed++;
    if (checkOnly) io.stdout(`${f.display}\n`);
    else {
      try {
        fs.writeFileSync(f.abs, r.output);
        io.stdout(`formatted ${f.display}\n`);
      } catch (e) {
        diagnostics.push({ code: 'E-FILE', severity: 'error', message: `cannot write ${f.display}: ${(e as Error).message}`, span: fileStartSpan(f.display) });
      }
    }
  }
  if (diagnostics.length) io.stderr(renderDiagnostics(diagnostics, sources, { color: io.color }));
  if (diagnostics.some((d) => d.severity === 'error')) return 2;
  return checkOnly && changed ? 1 : 0;
};
