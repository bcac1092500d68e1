/**
 * The YAML a file refers to: its named manifests (inline or `from "x.yaml"`), inline and file
 * `apply`s, and scheduler configurations — read relative to the file and checked once each.
 */
import * as path from 'node:path';
import type { KscnFile, ManifestDecl, ManifestSource } from './ast.js';
import type { CheckedManifest } from './model.js';
import { Code } from './codes.js';
import { fileStartSpan } from './diagnostics.js';
import { SourceMap } from './source.js';
import { checkYaml, type YamlCheckOptions } from './yaml-check.js';
import { clusterBodies } from './checks/context.js';
import { eachAction } from './checks/walk.js';
import type { CheckSession } from './check.js';

/**
 * Check one YAML source; returns its text and where it came from (the .kscn file or the YAML
 * file as displayed), or undefined when the file cannot be read.
 */
function checkSource(session: CheckSession, src: SourceMap, source: ManifestSource, abs: string, opts: YamlCheckOptions & { inline: boolean }, reportMissing: boolean): { text: string; origin: string } | undefined {
  if (source.kind === 'inline') {
    // After a syntax error, a block string may have swallowed the rest of the file: do not echo it.
    if (!opts.inline) return { text: source.text, origin: src.file };
    checkYaml(source.text, { kind: 'inline', src, source }, opts).forEach((d) => session.report(d));
    return { text: source.text, origin: src.file };
  }
  if (!source.path) return undefined;
  const target = path.resolve(path.dirname(abs), source.path);
  const display = session.display(target);
  const { text, error } = session.read(target);
  if (text === undefined) {
    if (reportMissing) session.error(Code.File, `cannot read "${source.path}": ${error}`, source.span, "paths are relative to this .kscn file's folder");
    return undefined;
  }
  session.sources.set(display, text);
  const diags = checkYaml(text, { kind: 'file', src: new SourceMap(display, text) }, opts);
  diags.forEach((d) => session.report(d));
  if (!text.trim()) session.error(Code.Manifest, `"${source.path}" is empty`, source.span);
  return { text, origin: display };
}

/** Check every YAML source of `ast` (a file at `abs`); returns its manifests, checked. `checkInline` false skips inline YAML (after syntax errors). */
export function checkFileYaml(session: CheckSession, ast: KscnFile, abs: string, checkInline: boolean): Map<ManifestDecl, CheckedManifest> {
  const src = new SourceMap(ast.path, session.sources.get(ast.path) ?? '');
  const out = new Map<ManifestDecl, CheckedManifest>();
  const manifest: YamlCheckOptions & { inline: boolean } = { expect: 'manifest', inline: checkInline };
  for (const m of ast.manifests) {
    const r = checkSource(session, src, m.source, abs, manifest, true);
    if (r) out.set(m, { decl: m, text: r.text, origin: r.origin });
  }
  for (const body of clusterBodies(ast)) {
    for (const a of body.applies) if (a.source.kind !== 'manifest') checkSource(session, src, a.source, abs, manifest, false);
    if (body.scheduler?.config) checkSource(session, src, body.scheduler.config, abs, { expect: 'scheduler', inline: checkInline }, true);
  }
  for (const s of ast.scenarios) {
    eachAction(s, (a) => {
      if (a.type === 'apply' && a.source.kind !== 'manifest') checkSource(session, src, a.source, abs, manifest, false);
    });
  }
  return out;
}
