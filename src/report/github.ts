/**
 * GitHub Actions annotations: `::error file=…,line=…,col=…,title=…::message` for every failed
 * expectation and every problem found in a file, so they show on the pull request's lines. On by
 * itself when `GITHUB_ACTIONS` is set. With `GITHUB_STEP_SUMMARY` set, the run's summary table is
 * appended to the job summary.
 */
import { appendFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../lang/diagnostics.js';
import type { FileResult, RunResult, ScenarioResult } from '../run/result.js';
import { escapeGithubData as data, escapeGithubProperty as prop, escapeMarkdown } from './escape.js';
import { totals } from './format.js';
import type { Reporter, ReporterOptions } from './reporter.js';

/** GitHub shows at most this many annotations of each type (error, warning) from one step. */
export const ANNOTATIONS_PER_STEP = 10;

export class GithubReporter implements Reporter {
  readonly name = 'github';
  private readonly shown = { error: 0, warning: 0 };
  private readonly dropped = { error: 0, warning: 0 };
  private group?: string;
  constructor(private readonly opts: ReporterOptions) {}

  onScenarioEnd(s: ScenarioResult): void {
    this.enter(s.file);
    for (const e of s.expectations) {
      if (e.ok) continue;
      const span = e.failedLine?.span ?? e.span;
      this.annotate('error', span.file, span.start.line, span.start.col, `kscn: ${s.title}`, [e.message || e.text, ...e.details].join('\n'));
    }
    // A passed scenario's notes (a step that never settled …) are not warnings on the pull request.
    for (const d of s.errors) if (d.severity === 'error' || s.status !== 'passed') this.diagnostic(d, `kscn: ${s.title}`);
  }

  onFileEnd(f: FileResult): void {
    if (f.diagnostics.length) this.enter(f.path);
    for (const d of f.diagnostics) this.diagnostic(d, `kscn: ${f.path} could not be checked`);
  }

  async onRunEnd(run: RunResult): Promise<void> {
    this.leave();
    // GitHub drops annotations past its limit without a word: say how many, and where they are.
    for (const level of ['error', 'warning'] as const) {
      const n = this.dropped[level];
      if (n) this.opts.io.stdout(`::notice title=kscn::${n} more ${level}${n === 1 ? '' : 's'} not annotated (GitHub shows ${ANNOTATIONS_PER_STEP} ${level}s per step); the log above and the JUnit/JSON reports list them all\n`);
    }
    const file = this.opts.io.env.GITHUB_STEP_SUMMARY;
    if (!file) return;
    const t = totals(run.files);
    const rows = run.files.flatMap((f) => f.scenarios.map((s) => `| ${s.status === 'passed' ? '✅' : '❌'} | ${escapeMarkdown(s.title)} | ${escapeMarkdown(`${s.file}:${s.span.start.line}`)} |`));
    const text = ['### kscn', '', `${t.passed} passed, ${t.failed} failed`, '', '| | Scenario | Where |', '|---|---|---|', ...rows, ''].join('\n');
    await appendFile(file, text + '\n').catch(() => undefined);
  }

  private diagnostic(d: Diagnostic, title: string): void {
    const text = d.hint ? `${d.message}\nhint: ${d.hint}` : d.message;
    this.annotate(d.severity === 'error' ? 'error' : 'warning', d.span.file, d.span.start.line, d.span.start.col, title, text);
  }

  private annotate(level: 'error' | 'warning', file: string, line: number, col: number, title: string, message: string): void {
    if (this.shown[level] >= ANNOTATIONS_PER_STEP) {
      this.dropped[level]++;
      return;
    }
    this.shown[level]++;
    this.opts.io.stdout(`::${level} file=${prop(this.workspacePath(file))},line=${line},col=${col},title=${prop(title)}::${data(message)}\n`);
  }

  /** Annotations name files relative to GITHUB_WORKSPACE (the repository root), wherever kscn ran. */
  private workspacePath(file: string): string {
    const ws = this.opts.io.env.GITHUB_WORKSPACE;
    if (!ws) return file;
    const rel = relative(ws, isAbsolute(file) ? file : resolve(this.opts.io.cwd, file));
    return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
  }

  /** One `::group::` per file, so the log folds by file. */
  private enter(file: string): void {
    if (this.group === file) return;
    this.leave();
    this.group = file;
    this.opts.io.stdout(`::group::kscn ${this.workspacePath(file)}\n`);
  }

  private leave(): void {
    if (this.group !== undefined) this.opts.io.stdout('::endgroup::\n');
    this.group = undefined;
  }
}
