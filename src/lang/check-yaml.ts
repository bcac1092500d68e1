/**
 * The YAML a file refers to: its named manifests (inline or `from "x.yaml"`), inline and file
 * `apply`s, and scheduler configurations — read relative to the file and checked once each.
 */
import * as path from 'node:path';
import type { KscnFile, ManifestDecl, ManifestSource } from './ast.js';
import type { CheckedManifest } from './model.js';
import { Code } from './codes.js';
import { SourceMap } from './source.js';
import { checkYaml, type YamlCheckOptions, type YamlPlace } from './yaml-check.js';
import { clusterBodies } from './checks/context.js';
import type { Action, ScenarioDecl } from './ast.js';
import type { CheckSession } from './check.js';
import { checkSimulated, customKinds, customResourceWords } from './simulated-check.js';
import { parseKubectl } from '../kubectl/parse.js';

/** A YAML text checked once for its syntax, kept for the check of what kscn simulates. */
interface Checked {
  text: string;
  place: YamlPlace;
}

/**
 * Check one YAML source; returns its text and where it came from (the .kscn file or the YAML
 * file as displayed), or undefined when the file cannot be read.
 */
function checkSource(session: CheckSession, src: SourceMap, source: ManifestSource, abs: string, opts: YamlCheckOptions & { inline: boolean; seen?: Checked[]; quiet?: string[] }, reportMissing: boolean): { text: string; origin: string } | undefined {
  if (source.kind === 'inline') {
    // After a syntax error, a block string may have swallowed the rest of the file: do not echo it
    // (its CustomResourceDefinitions still name the custom resources kubectl lines may use).
    if (!opts.inline) {
      if (opts.expect === 'manifest') opts.quiet?.push(source.text);
      return { text: source.text, origin: src.file };
    }
    const place: YamlPlace = { kind: 'inline', src, source };
    const diags = checkYaml(source.text, place, opts);
    diags.forEach((d) => session.report(d));
    if (!diags.some((d) => d.code !== Code.Manifest) && opts.expect === 'manifest') opts.seen?.push({ text: source.text, place });
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
  const place: YamlPlace = { kind: 'file', src: new SourceMap(display, text) };
  const diags = checkYaml(text, place, opts);
  diags.forEach((d) => session.report(d));
  if (!diags.some((d) => d.code !== Code.Manifest) && opts.expect === 'manifest') opts.seen?.push({ text, place });
  if (!text.trim()) session.error(Code.Manifest, `"${source.path}" is empty`, source.span);
  return { text, origin: display };
}

/** Check every YAML source of `ast` (a file at `abs`); returns its manifests, checked. `checkInline` false skips inline YAML (after syntax errors). */
export function checkFileYaml(session: CheckSession, ast: KscnFile, abs: string, checkInline: boolean, customWords?: Map<string, string>): Map<ManifestDecl, CheckedManifest> {
  const src = new SourceMap(ast.path, session.sources.get(ast.path) ?? '');
  const out = new Map<ManifestDecl, CheckedManifest>();
  const seen: Checked[] = [];
  const quiet: string[] = [];
  const manifest: YamlCheckOptions & { inline: boolean; seen: Checked[]; quiet: string[] } = { expect: 'manifest', inline: checkInline, seen, quiet, validate: true };
  // A manifest whose every apply in this file expects a failure is not refused here: the run checks the refusal.
  const expected = expectedToFail(ast);
  for (const m of ast.manifests) {
    const r = checkSource(session, src, m.source, abs, { ...manifest, validate: !expected.has(m.name) }, true);
    if (r) out.set(m, { decl: m, text: r.text, origin: r.origin });
  }
  for (const body of clusterBodies(ast)) {
    for (const a of body.applies) if (a.source.kind !== 'manifest') checkSource(session, src, a.source, abs, manifest, false);
    if (body.scheduler?.config) checkSource(session, src, body.scheduler.config, abs, { expect: 'scheduler', inline: checkInline }, true);
  }
  for (const s of ast.scenarios) {
    eachActionIn(s, (a, failing) => {
      if (a.type === 'apply' && a.source.kind !== 'manifest') checkSource(session, src, a.source, abs, { ...manifest, validate: !failing }, false);
      // `kubectl apply -f` / `create -f` files: what kscn simulates, and what the apiserver would
      // refuse (their YAML syntax is the run's business, as kubectl's).
      if (a.type === 'kubectl' && /^\s*(apply|create)\b/.test(a.raw)) {
        const { command } = parseKubectl(a.raw);
        if (command && (command.cmd === 'apply -f' || command.cmd === 'create -f') && command.file !== '-' && !/^https?:/.test(command.file)) {
          const target = path.resolve(path.dirname(abs), command.file);
          const { text } = session.read(target);
          if (text !== undefined) {
            const display = session.display(target);
            session.sources.set(display, text);
            const place: YamlPlace = { kind: 'file', src: new SourceMap(display, text) };
            seen.push({ text, place });
            if (!failing) for (const d of checkYaml(text, place, { expect: 'manifest', validate: true })) if (d.code === Code.Manifest) session.report(d);
          }
        }
      }
    });
  }
  // What kscn does not simulate (LANGUAGE.md §12.1), with the custom kinds the file's CRDs declare.
  const custom = new Set<string>();
  for (const c of seen) {
    customKinds(c.text, custom);
    if (customWords) customResourceWords(c.text, customWords);
  }
  if (customWords) for (const text of quiet) customResourceWords(text, customWords);
  const once = new Set<string>();
  for (const c of seen) {
    const key = c.place.kind === 'file' ? c.place.src.file : `${c.place.src.file}:${c.place.source.span.start.offset}`;
    if (once.has(key)) continue;
    once.add(key);
    checkSimulated(c.text, c.place, custom).forEach((d) => session.report(d));
  }
  return out;
}

/** Every action of a scenario, depth first, and whether it is inside an `expect failure` block. */
function eachActionIn(s: ScenarioDecl, fn: (a: Action, failing: boolean) => void): void {
  const walk = (list: Action[], failing: boolean) => {
    for (const a of list) {
      fn(a, failing);
      if (a.type === 'at' || a.type === 'as') walk(a.actions, failing);
      else if (a.type === 'expectFailure') walk(a.actions, true);
    }
  };
  walk(s.given ?? [], false);
  for (const step of s.steps) walk(step.when, false);
}

/** The named manifests this file applies only inside `expect failure` blocks. */
function expectedToFail(ast: KscnFile): Set<string> {
  const inside = new Set<string>();
  const outside = new Set<string>();
  for (const body of clusterBodies(ast)) for (const a of body.applies) if (a.source.kind === 'manifest') outside.add(a.source.name);
  for (const s of ast.scenarios) {
    eachActionIn(s, (a, failing) => {
      if (a.type === 'apply' && a.source.kind === 'manifest') (failing ? inside : outside).add(a.source.name);
    });
  }
  return new Set([...inside].filter((n) => !outside.has(n)));
}
