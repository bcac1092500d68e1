/**
 * GitHub Actions annotations: `::error file=…,line=…,col=…,title=…::message` for every failed
 * expectation and every problem found in a file, so they show on the pull request's lines. On by
 * itself when `GITHUB_ACTIONS` is set. With `GITHUB_STEP_SUMMARY` set, the run's summary table is
 * appended to the job summary.
 */
import { appendFile } from 'node:fs/promises';
import type { Diagnostic } from '../lang/diagnostics.js';
import type { FileResult, RunResult, ScenarioResult } from '../run/result.js';
import { escapeGithubData as data, escapeGithubProperty as prop, escapeMarkdown } from './escape.js';
import { totals } from './format.js';
import type { Reporter, ReporterOptions } from './reporter.js';

export class GithubReporter implements Reporter {
  readonly name = 'github';
  constructor(private readonly opts: ReporterOptions) {}

  onScenarioEnd(s: ScenarioResult): void {
    for (const e of s.expectations) {
      if (e.ok) continue;
      const span = e.failedLine?.span ?? e.span;
      this.annotate('error', span.file, span.start.line, span.start.col, `kscn: ${s.title}`, [e.message || e.text, ...e.details].join('\n'));
    }
    for (const d of s.errors) this.diagnostic(d, `kscn: ${s.title}`);
  }

  onFileEnd(f: FileResult): void {
    for (const d of f.diagnostics) this.diagnostic(d, 'kscn');
  }

  async onRunEnd(run: RunResult): Promise<void> {
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
    this.opts.io.stdout(`::${level} file=${prop(file)},line=${line},col=${col},title=${prop(title)}::${data(message)}\n`);
  }
}
