/**
 * kscn's public, typed library API — everything `import … from 'kscn'` reaches (docs/api.md).
 * Nothing else in the package is importable (`exports` in package.json). Keep it small and
 * stable: functions over the plain-data results of `src/run/result.ts`, never engine objects.
 *
 *   check   parse and check a file or a string: diagnostics are values, never exceptions
 *   run     run the scenarios of files, of a string, or one scenario
 *   draw    a scenario's trace as Mermaid text, SVG or PNG
 *   report  the built-in reporters, and the `Reporter` interface for custom ones
 */
import { readFileSync } from 'node:fs';
import { checkPaths, checkSource } from './lang/check.js';
import type { Diagnostic } from './lang/diagnostics.js';
import type { CheckedFile } from './lang/model.js';
import type { ScenarioDecl } from './lang/ast.js';
import { renderDiagnostics } from './lang/render-diagnostic.js';
import { formatSource } from './lang/format.js';
import { runFiles, runScenario as runOne, type RunOptions as InternalRunOptions } from './run/run.js';
import type { FileResult, RunResult, ScenarioResult } from './run/result.js';
import { DiagramStore } from './report/store.js';
import { untilSeq } from './report/until.js';
import { openRenderer, type Renderer } from './report/render.js';
import { createReporters as createBuiltIn } from './report/create.js';
import { fanOut, REPORTER_NAMES, type Reporter, type ReporterName, type ReporterOptions } from './report/reporter.js';
import { traceJson } from './cli/trace.js';
import { toJson } from './report/json.js';
import { processIO, type CliIO } from './cli/io.js';

export type { Diagnostic, Severity } from './lang/diagnostics.js';
export type { Span, Pos, ScenarioDecl, KscnFile } from './lang/ast.js';
export type { CheckedFile } from './lang/model.js';
export type { RunResult, FileResult, ScenarioResult, ExpectationResult, ScenarioStatus } from './run/result.js';
export type { Trace, TraceMessage, TraceEvent, TraceNote, StepInfo, Participant } from './trace/types.js';
export type { Reporter, ReporterOptions, ReporterName, RunStartInfo, ScenarioStartInfo } from './report/reporter.js';
export type { CliIO } from './cli/io.js';
export type { Renderer } from './report/render.js';
export { REPORTER_NAMES, fanOut };
export { findConfigFile, configRoot, CONFIG_FILE_NAMES } from './config/find.js';
export { loadConfig, type KscnConfig, type LoadedConfig } from './config/load.js';

/** The version of kscn (from its package.json). */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

// ── check ──────────────────────────────────────────────────────────────────────────────────────

/** Options of `check`, `checkText` and the run functions. */
export interface CheckOptions {
  /** Paths resolve against it and diagnostics show paths relative to it (default: `process.cwd()`). */
  cwd?: string;
}

/** What checking found: the files that can run, every problem, and the text of each file read. */
export interface CheckResult {
  /** The files without errors, in order, ready for `runScenario`. */
  files: CheckedFile[];
  /** Every problem (errors and warnings), each with `file:line:col` in `span`. */
  diagnostics: Diagnostic[];
  /** The text of every file read, by the path diagnostics show (for `formatDiagnostics`). */
  sources: Map<string, string>;
  /** True when no diagnostic is an error. */
  ok: boolean;
}

/** Parse and check `.kscn` files and folders (every `.kscn` below a folder). Never throws. */
export async function check(paths: string | string[], opts: CheckOptions = {}): Promise<CheckResult> {
  const r = await checkPaths(typeof paths === 'string' ? [paths] : paths, { cwd: opts.cwd ?? process.cwd() });
  return { ...r, ok: !r.diagnostics.some((d) => d.severity === 'error') };
}

/**
 * Parse and check `text` as if it were the file `file` (default `scenario.kscn` in `cwd`);
 * imports and YAML files are read relative to it. Never throws.
 */
export function checkText(text: string, opts: CheckOptions & { file?: string } = {}): CheckResult {
  const cwd = opts.cwd ?? process.cwd();
  const r = checkSource(text, opts.file ?? 'scenario.kscn', { cwd });
  return { files: r.file ? [r.file] : [], diagnostics: r.diagnostics, sources: r.sources, ok: !r.diagnostics.some((d) => d.severity === 'error') };
}

/** Diagnostics as kscn prints them: `file:line:col`, the line, a caret and the hint. */
export function formatDiagnostics(diagnostics: Diagnostic[], sources: Map<string, string>, opts: { color?: boolean } = {}): string {
  return renderDiagnostics(diagnostics, sources, { color: opts.color ?? false });
}

/** `kscn fmt` on a text: the canonical layout, or diagnostics when it does not parse. */
export function formatText(text: string, file = 'scenario.kscn'): { output: string; diagnostics: Diagnostic[] } {
  return formatSource(text, file);
}

// ── run ────────────────────────────────────────────────────────────────────────────────────────

/** Options of the run functions. */
export interface RunOptions extends CheckOptions {
  /** Overrides every scenario's seed. */
  seed?: number;
  /** Only scenarios whose title contains this text (case-insensitive). */
  grep?: string;
  /** Only scenarios with one of these tags (with or without `@`). */
  tags?: string[];
  /** Stop after the first scenario that did not pass. */
  bail?: boolean;
  /** Called as each scenario ends, in order. */
  onScenarioEnd?(result: ScenarioResult): void | Promise<void>;
}

function internal(opts: RunOptions): InternalRunOptions {
  return { seed: opts.seed, grep: opts.grep, tags: opts.tags, bail: opts.bail, ...(opts.onScenarioEnd ? { onScenarioEnd: opts.onScenarioEnd } : {}) };
}

/** Attach the diagnostics of files that could not run to the result, as `FileResult.diagnostics`. */
function withDiagnostics(run: RunResult, checked: CheckResult): RunResult {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of checked.diagnostics) byFile.set(d.span.file, [...(byFile.get(d.span.file) ?? []), d]);
  const files: FileResult[] = run.files.map((f) => ({ ...f, diagnostics: byFile.get(f.path) ?? [] }));
  const ran = new Set(files.map((f) => f.path));
  for (const [path, diagnostics] of byFile) if (!ran.has(path)) files.push({ path, scenarios: [], diagnostics });
  return { ...run, files };
}

/**
 * Check and run the scenarios of files and folders, as `kscn run` does (without reporters). Files
 * that do not check appear with their `diagnostics` and no scenarios. Never throws on bad input.
 */
export async function runFile(paths: string | string[], opts: RunOptions = {}): Promise<RunResult> {
  const checked = await check(paths, opts);
  return withDiagnostics(await runFiles(checked.files, internal(opts)), checked);
}

/** Check and run the scenarios of a text, as if it were the file `file` (default `scenario.kscn`). */
export async function runText(text: string, opts: RunOptions & { file?: string } = {}): Promise<RunResult> {
  const checked = checkText(text, opts);
  return withDiagnostics(await runFiles(checked.files, internal(opts)), checked);
}

/** Run one scenario of a checked file, by its title or its declaration. */
export function runScenario(file: CheckedFile, scenario: string | ScenarioDecl, opts: Pick<RunOptions, 'seed'> = {}): ScenarioResult {
  const sc = typeof scenario === 'string' ? file.scenarios.find((s) => s.title === scenario) : scenario;
  if (!sc) throw new Error(`no scenario "${String(scenario)}" in ${file.path}; it has: ${file.scenarios.map((s) => `"${s.title}"`).join(', ')}`);
  return runOne(file, sc, { seed: opts.seed });
}

/** Did every scenario of the run pass (and every file check)? */
export function passed(run: RunResult): boolean {
  return run.files.every((f) => !f.diagnostics.some((d) => d.severity === 'error') && f.scenarios.every((s) => s.status === 'passed'));
}

// ── draw ───────────────────────────────────────────────────────────────────────────────────────

/** A scenario's diagram as Mermaid text (its `diagram` block applied), as `kscn run` writes it. */
export function toMermaid(result: ScenarioResult): string {
  const io: CliIO = { stdout: () => undefined, stderr: () => undefined, color: false, env: {}, cwd: process.cwd() };
  return new DiagramStore({ io, outDir: '.', svg: false, png: false, until: untilSeq }).mmd(result);
}

/** A scenario's trace in the JSON shape of `kscn trace --json` (schemas/trace.schema.json). */
export function toTraceJson(result: ScenarioResult): unknown {
  return traceJson(result);
}

/** A run in the JSON shape of the JSON reporter's `results.json` (schemas/results.schema.json). */
export function toResultsJson(run: RunResult, diagramPath: (s: ScenarioResult) => string = () => ''): unknown {
  return toJson(run, diagramPath);
}

/**
 * Render Mermaid text to SVG (text) or PNG (bytes) with an installed Chromium, launched for this
 * call and closed after it; for many diagrams open one renderer with `openDiagramRenderer`.
 * Rejects with one line when no browser (or puppeteer-core and mermaid) is available.
 */
export async function renderDiagram(mmd: string, format: 'svg', opts?: { env?: Record<string, string | undefined> }): Promise<string>;
export async function renderDiagram(mmd: string, format: 'png', opts?: { env?: Record<string, string | undefined> }): Promise<Buffer>;
export async function renderDiagram(mmd: string, format: 'svg' | 'png', opts: { env?: Record<string, string | undefined> } = {}): Promise<string | Buffer> {
  const r = await openDiagramRenderer(opts);
  try {
    return await r.render(mmd, format);
  } finally {
    await r.close();
  }
}

/** One Chromium for many diagrams (close it when done). Rejects with one line when unavailable. */
export async function openDiagramRenderer(opts: { env?: Record<string, string | undefined> } = {}): Promise<Renderer> {
  const r = await openRenderer({ env: opts.env ?? process.env, pages: 1 });
  if ('unavailable' in r) throw new Error(r.unavailable);
  return r;
}

// ── report ─────────────────────────────────────────────────────────────────────────────────────

/** Options of `createReporters`: where reports go, and what reporters may print. */
export interface CreateReportersOptions {
  /** The output folder, relative to `cwd` unless absolute (default `reports`). */
  outDir?: string;
  /** Default `process.cwd()`. */
  cwd?: string;
  /** Render each diagram to SVG too (needs Chromium); default false. */
  svg?: boolean;
  /** Render each diagram to PNG too (needs Chromium); default false. */
  png?: boolean;
  /** Where reporters print (default: the process's stdout/stderr, without colour). */
  io?: Partial<CliIO>;
}

/**
 * The built-in reporters named (`console`, `junit`, `json`, `markdown`, `html`, `github`), plus
 * the one that writes each scenario's `.mmd`. `{error}` names an unknown reporter.
 */
export function createReporters(names: ReporterName[] | string[], opts: CreateReportersOptions = {}): Reporter[] | { error: string } {
  const io: CliIO = { ...processIO(), color: false, ...(opts.cwd ? { cwd: opts.cwd } : {}), ...opts.io };
  const o: ReporterOptions = { io, outDir: opts.outDir ?? 'reports', svg: !!opts.svg, png: !!opts.png };
  return createBuiltIn(names as string[], o);
}

/** Feed a finished run to reporters, as `kscn run` does while running (hooks in order, then `close`). */
export async function report(run: RunResult, reporters: Reporter[]): Promise<void> {
  const r = fanOut(reporters);
  try {
    await r.onRunStart({ files: run.files.map((f) => f.path), scenarios: run.files.reduce((n, f) => n + f.scenarios.length, 0) });
    for (const f of run.files) {
      await r.onFileStart(f.path);
      for (const s of f.scenarios) {
        await r.onScenarioStart({ file: f.path, title: s.title });
        await r.onScenarioEnd(s);
      }
      await r.onFileEnd(f);
    }
    await r.onRunEnd(run);
  } finally {
    await r.close();
  }
}
