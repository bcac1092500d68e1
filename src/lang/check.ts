/**
 * Parse and check `.kscn` files: the step between the text and the runner. Resolves imports
 * (relative to the importing file; cycles and paths leaving the project folder are errors),
 * reads `manifest … from "x.yaml"` files, checks YAML and every name, and hands the runner a
 * `CheckedFile` for each file without errors.
 */
import * as path from 'node:path';
import type { ClusterDecl, KscnFile, ManifestDecl, Span } from './ast.js';
import type { Diagnostic } from './diagnostics.js';
import type { CheckedFile, CheckedManifest } from './model.js';
import { Code } from './codes.js';
import { fileStartSpan } from './diagnostics.js';
import { displayPath, expandPaths, isInside, projectRoot, readText } from './files.js';
import { MAX_DIAGNOSTICS, parseSource } from './parse.js';
import { normalizeLineBreaks } from './source.js';
import { runChecks } from './checks/index.js';
import { checkFileYaml } from './check-yaml.js';

export interface CheckOptions {
  /** Working directory: PATHs resolve against it and diagnostics show paths relative to it. */
  cwd?: string;
  /** The project folder imports must stay inside (default: found for each file, see `projectRoot`). */
  root?: string;
  /** Read a file (for tests); undefined = not found. Default: the disk. */
  readFile?: (abs: string) => string | undefined;
}

/** The result of checking: runnable files, every problem, and the text of every file read (for rendering). */
export interface CheckResult {
  files: CheckedFile[];
  /** Every file named or found, in order (display paths), and those that could not be read or checked. */
  order?: string[];
  failed?: string[];
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

interface Resolved {
  ast: KscnFile;
  ok: boolean;
  clusters: Map<string, ClusterDecl>;
  manifests: Map<string, CheckedManifest>;
}

/** One check run: files are read and checked once, however often they are imported. */
export class CheckSession {
  readonly diagnostics: Diagnostic[] = [];
  readonly sources = new Map<string, string>();
  private readonly resolved = new Map<string, Resolved>();
  private readonly seen = new Set<string>();
  private errorCount = 0;
  /** Diagnostics per file, and how many were left out beyond `MAX_DIAGNOSTICS`. */
  private readonly perFile = new Map<string, number>();
  private readonly dropped = new Map<string, { n: number; last: Span }>();

  constructor(readonly opts: Required<Pick<CheckOptions, 'cwd'>> & CheckOptions) {}

  display(abs: string): string {
    return displayPath(abs, this.opts.cwd);
  }

  /** The project folder of the file being resolved: every file it reads must be inside it. */
  private root?: string;

  /** Read a file through the options' reader or the disk (confined to the project folder unless `named`). */
  read(abs: string, named = false): { text?: string; error?: string } {
    if (this.opts.readFile) {
      const text = this.opts.readFile(abs);
      return text === undefined ? { error: 'no such file' } : { text };
    }
    return readText(abs, named || this.root === undefined ? {} : { root: this.root });
  }

  report(d: Diagnostic): void {
    const key = `${d.span.file}\0${d.span.start.offset}\0${d.code}\0${d.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (d.severity === 'error') this.errorCount++;
    const n = this.perFile.get(d.span.file) ?? 0;
    if (n >= MAX_DIAGNOSTICS || d.code === Code.TooManyErrors) {
      const prev = this.dropped.get(d.span.file);
      this.dropped.set(d.span.file, { n: (prev?.n ?? 0) + (d.code === Code.TooManyErrors ? Number(/^\d+/.exec(d.message)?.[0] ?? 1) : 1), last: prev?.last ?? d.span });
      return;
    }
    this.perFile.set(d.span.file, n + 1);
    this.diagnostics.push(d);
  }

  error(code: string, message: string, span: Span, hint?: string): void {
    this.report(hint ? { code, severity: 'error', message, span, hint } : { code, severity: 'error', message, span });
  }

  /** Resolve a file and its imports; `stack` holds the files importing it (for cycles). */
  resolve(abs: string, root: string, stack: string[] = []): Resolved | undefined {
    const memo = this.resolved.get(abs);
    if (memo) return memo;
    const display = this.display(abs);
    this.root = root;
    const read = this.read(abs, !stack.length);
    const error = read.error;
    const text = read.text === undefined ? undefined : normalizeLineBreaks(read.text);
    if (text === undefined) {
      if (!stack.length) this.error(Code.File, `cannot read ${display}: ${error}`, fileStartSpan(display));
      return undefined;
    }
    this.sources.set(display, text);
    const before = this.errorCount;
    const { ast, diagnostics } = parseSource(text, display);
    // One syntax error per place: a second at the same spot is what recovery made of the first.
    const places = new Set<number>();
    for (const d of diagnostics) {
      if (d.severity === 'error' && places.has(d.span.start.offset)) continue;
      if (d.severity === 'error') places.add(d.span.start.offset);
      this.report(d);
    }
    const clusters = new Map<string, ClusterDecl>();
    const manifests = new Map<string, CheckedManifest>();
    const origin = new Map<object, string>();
    let importsOk = true;
    const add = <T extends ClusterDecl | ManifestDecl>(map: Map<string, T>, decl: T, from: string, at: Span, what: string) => {
      const prev = map.get(decl.name);
      if (prev && prev !== decl) {
        const where = origin.get(prev) === from ? `line ${prev.span.start.line}` : `${origin.get(prev)}:${prev.span.start.line}`;
        this.error(Code.Duplicate, `${what} \`${decl.name}\` is already declared (${where})`, at, 'names are unique in a file and across its imports');
        return;
      }
      map.set(decl.name, decl);
      origin.set(decl, from);
    };
    for (const c of ast.clusters) add(clusters, c, display, c.nameSpan ?? c.span, 'cluster');
    const customResources = new Map<string, string>();
    const ownManifests = checkFileYaml(this, ast, abs, diagnostics.length === 0, customResources);
    for (const m of ast.manifests) {
      const checked = ownManifests.get(m);
      if (!m.name) continue;
      const prev = manifests.get(m.name);
      if (prev) this.error(Code.Duplicate, `manifest \`${m.name}\` is already declared (line ${prev.decl.span.start.line})`, m.nameSpan ?? m.span, 'names are unique in a file and across its imports');
      else if (checked) {
        manifests.set(m.name, checked);
        origin.set(m, display);
      }
    }
    for (const imp of ast.imports) {
      const target = path.resolve(path.dirname(abs), imp.path);
      if (path.isAbsolute(imp.path)) {
        this.error(Code.Import, `imports are relative to the importing file, not absolute ("${imp.path}")`, imp.span, 'write the path relative to this file');
        importsOk = false;
        continue;
      }
      if (!isInside(root, target)) {
        this.error(Code.ImportOutside, `"${imp.path}" is outside the project folder`, imp.span, `imports must stay inside ${this.display(root) || '.'}`);
        importsOk = false;
        continue;
      }
      if (target === abs || stack.includes(target)) {
        const cycle = [...stack.slice(stack.indexOf(target)), abs, target].map((f) => this.display(f));
        this.error(Code.ImportCycle, `import cycle: ${cycle.join(' → ')}`, imp.span, 'move what both files need into a third file and import it from both');
        importsOk = false;
        continue;
      }
      const sub = this.resolve(target, root, [...stack, abs]);
      if (!sub) {
        const { error } = this.read(target);
        this.error(Code.Import, `cannot import "${imp.path}": ${error ?? 'cannot read it'}`, imp.span, 'paths are relative to the importing file');
        importsOk = false;
        continue;
      }
      if (!sub.ok) importsOk = false;
      const subDisplay = this.display(target);
      for (const c of sub.clusters.values()) add(clusters, c, subDisplay, imp.span, 'cluster');
      for (const m of sub.manifests.values()) {
        const prev = manifests.get(m.decl.name);
        if (prev && prev.decl !== m.decl) this.error(Code.Duplicate, `manifest \`${m.decl.name}\` is declared here and in ${subDisplay}`, prev.decl.span.file === display ? prev.decl.span : imp.span, 'names are unique in a file and across its imports');
        else manifests.set(m.decl.name, m);
      }
    }
    runChecks({
      ast,
      dir: path.dirname(abs),
      clusters,
      manifests: new Map([...manifests].map(([k, v]) => [k, v.decl])),
      customResources,
      fileError: (rel) => this.read(path.resolve(path.dirname(abs), rel)).error,
      readFile: (rel) => this.read(path.resolve(path.dirname(abs), rel)).text,
      report: (code, message, span, hint) => this.error(code, message, span, hint),
    });
    const result: Resolved = { ast, ok: importsOk && this.errorCount === before, clusters, manifests };
    this.resolved.set(abs, result);
    return result;
  }

  /** Add one "N more problems" diagnostic for each file that had too many. */
  finish(): void {
    for (const [file, { n, last }] of this.dropped) {
      this.diagnostics.push({ code: Code.TooManyErrors, severity: 'error', message: `${n} more problems in ${file} not shown`, span: last, hint: 'fix the ones above first' });
    }
    this.dropped.clear();
  }

  /** The checked model of a resolved root file (undefined when it has errors). */
  checked(abs: string, root: string): CheckedFile | undefined {
    const r = this.resolve(abs, root);
    if (!r) return undefined;
    if (!r.ok) return undefined;
    return { path: this.display(abs), dir: path.dirname(abs), root, ast: r.ast, clusters: r.clusters, manifests: r.manifests, scenarios: r.ast.scenarios };
  }
}

/**
 * Check files and folders (every `.kscn` below a folder, sorted, skipping node_modules and
 * dot-folders). `files` holds the files without errors, in order; imported files appear only if
 * named (or found in a named folder) themselves. Never throws.
 */
export async function checkPaths(paths: string[], opts: CheckOptions = {}): Promise<CheckResult> {
  const cwd = opts.cwd ?? process.cwd();
  const session = new CheckSession({ ...opts, cwd });
  const files: CheckedFile[] = [];
  const order: string[] = [];
  const failed: string[] = [];
  try {
    const found = expandPaths(paths, cwd);
    for (const m of found.missing) {
      session.error(Code.File, `cannot read ${m}: no such file or folder`, fileStartSpan(m));
      order.push(m);
      failed.push(m);
    }
    for (const f of found.files) {
      const root = opts.root ?? projectRoot(f.abs, found.folders.get(f.abs), cwd);
      const c = session.checked(f.abs, root);
      order.push(session.display(f.abs));
      if (c) files.push(c);
      else failed.push(session.display(f.abs));
    }
  } catch (e) {
    session.error(Code.Internal, `internal error while checking: ${(e as Error).message}`, fileStartSpan(paths[0] ?? '.'));
  }
  session.finish();
  return { files, diagnostics: session.diagnostics, sources: session.sources, order, failed };
}

/**
 * Check one text as if it were the file `file` (for tests and editors). Imports and YAML files
 * are read relative to `file` through `opts.readFile` or the disk.
 */
export function checkSource(text: string, file: string, opts: CheckOptions = {}): { ast: KscnFile; file?: CheckedFile; diagnostics: Diagnostic[]; sources: Map<string, string> } {
  const cwd = opts.cwd ?? process.cwd();
  const abs = path.resolve(cwd, file);
  const readFile = (p: string) => {
    if (p === abs) return text;
    if (opts.readFile) return opts.readFile(p);
    return readText(p).text;
  };
  const session = new CheckSession({ ...opts, cwd, readFile });
  const root = opts.root ?? projectRoot(abs, undefined, cwd);
  let checked: CheckedFile | undefined;
  try {
    checked = session.checked(abs, root);
  } catch (e) {
    session.error(Code.Internal, `internal error while checking: ${(e as Error).message}`, fileStartSpan(file));
  }
  const ast = session.resolve(abs, root)?.ast ?? parseSource(text, session.display(abs)).ast;
  session.finish();
  return { ast, file: checked, diagnostics: session.diagnostics, sources: session.sources };
}
