/**
 * The diagrams reporter, always on: writes every scenario's `.mmd`, and with `--svg`/`--png` its
 * `.svg`/`.png` (one Chromium for the whole run). At `close` it prints one line saying where they
 * are, with the lines of the other file reporters (JUnit, JSON, Markdown, HTML).
 */
import type { RunResult, ScenarioResult } from '../run/result.js';
import type { Reporter, ReporterOptions } from './reporter.js';
import type { DiagramStore } from './store.js';
import { ReportError } from './out-dir.js';

export class DiagramsReporter implements Reporter {
  readonly name = 'diagrams';
  private acquired = false;
  /** The run's reports are all written (not stopped half way): earlier runs' files may go. */
  private ended = false;

  constructor(private readonly opts: ReporterOptions, private readonly store: DiagramStore) {
    if (opts.svg || opts.png) { store.acquire(); this.acquired = true; }
  }

  onRunStart(): void {
    // Launch Chromium while the scenarios run.
    if (this.acquired) void this.store.renderer();
  }

  async onRunEnd(run: RunResult): Promise<void> {
    try {
      const scenarios = run.files.flatMap((f) => f.scenarios);
      if (!scenarios.length) return;
      await Promise.all(scenarios.map((s) => this.write(run, s, 'mmd', this.store.mmd(s))));
      let kinds = '.mmd';
      let tail = ' (--svg renders them to SVG)';
      const n = scenarios.length;
      let failed: string[] = [];
      if (this.acquired) {
        const r = await this.store.renderer();
        if ('unavailable' in r) tail = `; ${r.unavailable}`;
        else {
          failed = await this.renderAll(run, scenarios);
          const formats = [this.opts.svg && '.svg', this.opts.png && '.png'].filter(Boolean) as string[];
          // Only what was written is announced as written.
          if (!failed.length) kinds = ['.mmd', ...formats].join(' and ');
          tail = failed.length ? `; ${failed.length} of ${n} could not be rendered to ${formats.join(' and ')}` : '';
        }
      }
      const summaries = scenarios.filter((s) => this.store.diagram(s).represented > 0).length;
      const summarised = summaries ? ` (${summaries} summar${summaries === 1 ? 'y' : 'ies'}: pods made alike drawn once, repeated writes counted; \`diagram { detail full }\` draws every message)` : '';
      this.store.announce(0, `Diagrams: ${n} ${kinds} file${n === 1 ? '' : 's'} in ${this.opts.outDir}/${tail}${summarised}`);
      // A diagram that could not draw everything says so here too, not only in its note.
      for (const s of scenarios) {
        const d = this.store.diagram(s);
        if (d.cut) this.store.announce(0, `  note: ${this.store.displayPath(run, s, 'mmd')} leaves out ${d.cut} of ${d.messages} messages at the size limit (${d.arrows} arrows); \`kscn trace\` lists them all`);
      }
      // Chromium started but a diagram was not drawn (it was killed, froze, or a write failed): an error.
      if (failed.length) throw new ReportError(`${failed.length} of ${n} diagram${n === 1 ? '' : 's'} could not be rendered: ${failed.sort()[0]}`);
      this.ended = true;
    } finally {
      await this.release();
    }
  }

  /** Print where every reporter wrote its files (synchronously, before anything else closes). */
  async close(): Promise<void> {
    // Last of the built-in reporters: every report of this run is written by now.
    if (this.ended && this.opts.sweep) {
      const removed = this.store.sweep();
      if (removed.length) this.store.announce(5, `Removed ${removed.length} file${removed.length === 1 ? '' : 's'} an earlier kscn run wrote and this one did not: ${removed.slice(0, 3).join(', ')}${removed.length > 3 ? ', …' : ''}`);
    }
    const lines = this.store.takeAnnouncements();
    if (lines.length) this.opts.io.stdout(lines.join('\n') + '\n');
    await this.release();
  }

  private async release(): Promise<void> {
    if (this.acquired) { this.acquired = false; await this.store.release(); }
  }

  /** Render every scenario to the formats asked for; returns `path: why` for those that failed. */
  private async renderAll(run: RunResult, scenarios: ScenarioResult[]): Promise<string[]> {
    const failures: string[] = [];
    await Promise.all(scenarios.map(async (s) => {
      try {
        if (this.opts.svg) {
          const svg = await this.store.svg(s);
          if (typeof svg !== 'string') throw new Error(svg?.error ?? 'no renderer');
          await this.write(run, s, 'svg', svg);
        }
        if (this.opts.png) {
          const r = await this.store.renderer();
          if (!('unavailable' in r)) await this.write(run, s, 'png', await r.render(this.store.mmd(s), 'png'));
        }
      } catch (err) {
        failures.push(`${this.store.displayPath(run, s, 'mmd')}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      }
    }));
    return failures;
  }

  private async write(run: RunResult, s: ScenarioResult, ext: string, data: string | Buffer): Promise<void> {
    await this.store.write(`${this.store.relPath(run, s)}.${ext}`, data);
  }
}
