/**
 * What the reporters of one run share about diagrams: each scenario's Mermaid text (made once),
 * its path, and one renderer (Chromium launched once, at the first need, closed when the last
 * reporter using it is done).
 */
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import { sweepOutDir, writeReport } from './out-dir.js';
import type { DiagramDecl, StateAssertion } from '../lang/ast.js';
import type { RunResult, ScenarioResult } from '../run/result.js';
import type { Trace } from '../trace/types.js';
import { mermaidDiagram, type MermaidDiagram } from './mermaid.js';
import { runPaths, type RunPaths } from './paths.js';
import { openRenderer, type Renderer } from './render.js';
import type { ReporterOptions } from './reporter.js';

/** Evaluates a diagram's `until`: the seq at which the state first holds, or undefined (supplied by the runner). */
export type UntilFn = (state: StateAssertion, trace: Trace) => number | undefined;

/**
 * The `diagram` block of a scenario, when the runner put it on the result (`diagram` field, an
 * addition to `ScenarioResult`); undefined means the default diagram.
 */
export function scenarioDiagram(s: ScenarioResult): DiagramDecl | undefined {
  return (s as ScenarioResult & { diagram?: DiagramDecl }).diagram;
}

/**
 * Shared by the reporters of one run (made by `createReporters`). Reporters that may render call
 * `acquire()` when made and `release()` when done; the renderer is launched by the first
 * `renderer()` call and closed by the last `release()`.
 */
export class DiagramStore {
  private readonly texts = new WeakMap<ScenarioResult, MermaidDiagram>();
  private readonly svgs = new WeakMap<ScenarioResult, Promise<string | { error: string } | undefined>>();
  private paths?: { run: RunResult; paths: RunPaths };
  private rendererP?: Promise<Renderer | { unavailable: string }>;
  private users = 0;
  private readonly lines: { rank: number; line: string }[] = [];

  constructor(private readonly opts: ReporterOptions & { until?: UntilFn }) {}

  /** The output folder as an absolute path. */
  get outDir(): string {
    return isAbsolute(this.opts.outDir) ? this.opts.outDir : join(this.opts.io.cwd, this.opts.outDir);
  }

  /**
   * Write a file under the output folder (folders made as needed, never through a symbolic
   * link; a temporary name renamed into place); returns its absolute path. Throws a
   * `ReportError` saying which file and why (EROFS, ENOSPC …).
   */
  async write(rel: string, data: string | Buffer): Promise<string> {
    const path = writeReport(this.outDir, rel, data, (p) => this.shown(p));
    this.written.add(rel.split(sep).join('/'));
    return path;
  }

  /** Files written in this run, relative to the output folder. */
  private readonly written = new Set<string>();

  /**
   * The output folder keeps only this run's files: what an earlier kscn run generated there and
   * this one did not write (a renamed scenario's diagram) is removed, recognised by the mark kscn
   * writes into every file (`sweepOutDir`); a file kscn did not write stays. Returns the files
   * removed, as the user names them.
   */
  sweep(): string[] {
    if (!this.written.size) return [];
    return sweepOutDir(this.outDir, this.written).map((r) => this.display(r));
  }

  /** An absolute path under the output folder as the user named it. */
  private shown(abs: string): string {
    const rel = relative(this.outDir, abs);
    return rel && !rel.startsWith('..') ? this.display(rel.split(sep).join('/')) : this.opts.outDir;
  }

  /** A path under the output folder as the user named it (`reports/junit.xml`). */
  display(rel: string): string {
    return posix.join(this.opts.outDir.split('\\').join('/'), rel);
  }

  /** The scenario's Mermaid text (its `diagram` block applied, `until` through the runner's callback). */
  mmd(s: ScenarioResult): string {
    return this.diagram(s).text;
  }

  /** The scenario's diagram with what it drew (a summary or every message, arrows, messages cut). */
  diagram(s: ScenarioResult): MermaidDiagram {
    let d = this.texts.get(s);
    if (d === undefined) {
      const decl = scenarioDiagram(s);
      const evaluated = !!(decl?.until && this.opts.until);
      const untilSeq = evaluated ? this.opts.until!(decl!.until!, s.trace) : undefined;
      d = mermaidDiagram(s, decl, { untilSeq, untilNeverHeld: evaluated && untilSeq === undefined });
      this.texts.set(s, d);
    }
    return d;
  }

  /** The paths of a run's reports (assigned once per run). */
  runPaths(run: RunResult): RunPaths {
    if (this.paths?.run !== run) this.paths = { run, paths: runPaths(run) };
    return this.paths.paths;
  }

  /** The scenario's diagram path, without extension, relative to the output folder. */
  relPath(run: RunResult, s: ScenarioResult): string {
    return this.runPaths(run).scenarios.get(s) ?? 'diagram';
  }

  /** The path as the user named the output folder (`reports/run/x.mmd`), for reports to cite. */
  displayPath(run: RunResult, s: ScenarioResult, ext: string): string {
    return this.display(`${this.relPath(run, s)}.${ext}`);
  }

  /**
   * Say where a reporter wrote its files (one line; `rank` orders the lines). The diagrams
   * reporter prints them all at `close`, so they come in a fixed order after the summary.
   */
  announce(rank: number, line: string): void {
    this.lines.push({ rank, line });
  }

  /** The announced lines in order (and forget them). */
  takeAnnouncements(): string[] {
    const out = [...this.lines].sort((a, b) => a.rank - b.rank).map((l) => l.line);
    this.lines.length = 0;
    return out;
  }

  /** Say that a reporter will use the renderer; pair with `release`. */
  acquire(): void {
    this.users++;
  }

  /** The shared renderer, launched at the first call. */
  renderer(): Promise<Renderer | { unavailable: string }> {
    this.rendererP ??= openRenderer({ env: this.opts.io.env });
    return this.rendererP;
  }

  /** The scenario's SVG, rendered once; undefined without Chromium, `{error}` if mermaid rejects the text. */
  svg(s: ScenarioResult): Promise<string | { error: string } | undefined> {
    let p = this.svgs.get(s);
    if (!p) {
      p = this.renderer()
        .then(async (r) => ('unavailable' in r ? undefined : r.render(this.mmd(s), 'svg')))
        .catch((err: unknown) => ({ error: err instanceof Error ? err.message.split('\n')[0]! : String(err) }));
      this.svgs.set(s, p);
    }
    return p;
  }

  /** A reporter is done with the renderer; the last one closes it. */
  async release(): Promise<void> {
    if (--this.users > 0 || !this.rendererP) return;
    const r = await this.rendererP;
    this.rendererP = undefined;
    if (!('unavailable' in r)) await r.close();
  }
}
