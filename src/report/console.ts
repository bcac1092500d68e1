/**
 * The console reporter: a line per scenario as it ends (`✓`/`✗`, title, simulated and wall
 * time), each failure with its explanation and `file:line:col`, a recap of the failed scenarios,
 * and the summary line `N passed, N failed` alone on a line (CI tooling reads it). Colour only
 * when `io.color`; on a terminal, a progress line is kept at the bottom during long runs.
 *
 * ```
 * scenarios/first.kscn
 *   ✓ kubectl run creates a running pod  2 s simulated · 3 ms
 *   ✗ kubectl run pulls nginx  2 s simulated · 3 ms
 *     × sequence line 6 found no match: kubelet -> runtime: PullImage nginx*
 *       at scenarios/first.kscn:20:5
 *       nearest miss: #14 at 320ms kubelet@worker-1 -> runtime@worker-1: PullImage busybox:latest
 *
 * 1 passed, 1 failed
 * ```
 */
import pc from 'picocolors';
import type { Diagnostic } from '../lang/diagnostics.js';
import type { FileResult, RunResult, ScenarioResult } from '../run/result.js';
import { at, formatMs, plural, simulated, simulatedMs, totals } from './format.js';
import type { Reporter, ReporterOptions, RunStartInfo, ScenarioStartInfo } from './reporter.js';
import { escapeTerminal as esc } from './escape.js';

export class ConsoleReporter implements Reporter {
  readonly name = 'console';
  private readonly c: ReturnType<typeof pc.createColors>;
  private readonly tty: boolean;
  private total = 0;
  private done = 0;
  private failedSoFar = 0;
  private status = false;
  private lastHeader?: string;

  constructor(private readonly opts: ReporterOptions) {
    // NO_COLOR (no-color.org): never colour when it is set, whatever else says so.
    this.c = pc.createColors(opts.io.color && !opts.io.env.NO_COLOR);
    this.tty = opts.tty ?? opts.io.color;
  }

  onRunStart(info: RunStartInfo): void {
    this.total = info.scenarios ?? 0;
  }

  /** On a terminal, say which scenario is running (a long one would otherwise look stuck). */
  onScenarioStart(info: ScenarioStartInfo): void {
    if (!this.tty || this.total <= 1) return;
    this.clearStatus();
    const title = info.title.length > 60 ? `${info.title.slice(0, 59)}…` : info.title;
    this.opts.io.stdout(this.c.dim(`  … ${this.done}/${this.total} done${this.failedSoFar ? `, ${this.failedSoFar} failed` : ''} · running ${esc(title)}`));
    this.status = true;
  }

  onScenarioEnd(s: ScenarioResult): void {
    this.done++;
    if (s.status !== 'passed') this.failedSoFar++;
    this.header(s.file);
    const c = this.c;
    const mark = s.status === 'passed' ? c.green('✓') : c.red('✗');
    const sim = simulatedMs(s);
    const times = c.dim(`${sim ? `${simulated(s)} simulated · ` : ''}${formatMs(s.durationMs)}`);
    const lines = [`  ${mark} ${esc(s.title)}  ${times}`];
    for (const e of s.expectations) {
      if (e.ok) continue;
      lines.push(`    ${c.red('×')} ${esc(e.message || e.text)}`);
      lines.push(c.dim(`      at ${esc(at(e.failedLine?.span ?? e.span))}`));
      for (const d of e.details) lines.push(`      ${esc(d)}`);
    }
    // A passed scenario's warnings (a kubectl error the scenario asserts, a crash loop that never
    // settles) are notes, drawn quietly so the run does not look broken.
    for (const d of s.errors) lines.push(...diagnosticLines(d, c, '    ', s.status === 'passed'));
    this.print(lines.join('\n') + '\n');
  }

  onFileEnd(f: FileResult): void {
    if (!f.diagnostics.length) return;
    this.header(f.path);
    this.print(f.diagnostics.flatMap((d) => diagnosticLines(d, this.c, '  ')).join('\n') + '\n');
  }

  onRunEnd(run: RunResult): void {
    this.clearStatus();
    const c = this.c;
    const t = totals(run.files);
    const out: string[] = [''];
    const failed = run.files.flatMap((f) => f.scenarios).filter((s) => s.status !== 'passed');
    if (failed.length) {
      out.push(c.bold(c.red('Failed:')));
      for (const s of failed) out.push(`  ${esc(at(s.span))}  ${esc(s.title)}${s.status === 'error' ? c.dim(' (could not run)') : ''}`);
      out.push('');
    }
    if (t.badFiles) out.push(c.red(`${plural(t.badFiles, 'file')} could not be read, parsed or checked`));
    out.push(`${t.passed ? c.green(`${t.passed} passed`) : `${t.passed} passed`}, ${t.failed ? c.red(`${t.failed} failed`) : `${t.failed} failed`}`);
    out.push(c.dim(`${plural(t.scenarios, 'scenario')} in ${plural(t.files, 'file')} · ${formatMs(run.durationMs)}`));
    this.opts.io.stdout(out.join('\n') + '\n');
  }

  /** Print the file's name before its first line of output. */
  private header(file: string): void {
    if (this.lastHeader === file) return;
    this.lastHeader = file;
    this.print(`${this.c.bold(esc(file))}\n`, false);
  }

  /** Write lines above the progress line, then redraw it (on a terminal, for long runs). */
  private print(text: string, redraw = true): void {
    this.clearStatus();
    this.opts.io.stdout(text);
    if (redraw && this.tty && this.total > 1 && this.done < this.total) {
      this.opts.io.stdout(this.c.dim(`  … ${this.done}/${this.total} done${this.failedSoFar ? `, ${this.failedSoFar} failed` : ''}`));
      this.status = true;
    }
  }

  private clearStatus(): void {
    if (this.status) this.opts.io.stdout('\r\x1b[2K');
    this.status = false;
  }
}

/** A diagnostic as lines: `× message`, `at file:line:col`, `hint: …`. */
export function diagnosticLines(d: Diagnostic, c: ReturnType<typeof pc.createColors>, indent: string, quiet = false): string[] {
  if (quiet && d.severity !== 'error') {
    const lines = [c.dim(`${indent}note: ${esc(d.message)}`), c.dim(`${indent}  at ${esc(at(d.span))}`)];
    if (d.hint) lines.push(c.dim(`${indent}  hint: ${esc(d.hint)}`));
    return lines;
  }
  const mark = d.severity === 'error' ? c.red('×') : c.yellow('!');
  const lines = [`${indent}${mark} ${esc(d.message)}`, c.dim(`${indent}  at ${esc(at(d.span))}`)];
  if (d.hint) lines.push(`${indent}  ${c.cyan('hint:')} ${esc(d.hint)}`);
  return lines;
}
