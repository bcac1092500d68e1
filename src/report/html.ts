/**
 * The HTML reporter: `OUT/index.html`, one page with an index of every scenario (status,
 * expectations passed) and, per scenario, its expectations with failures explained and its
 * diagram. Diagrams are inline SVG rendered by the shared Chromium; without one, the page draws
 * them itself with a copy of mermaid next to it. Either way it works offline: nothing is loaded
 * from the network. All user text is escaped.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { RunResult, ScenarioResult } from '../run/result.js';
import { KUBERNETES_VERSION } from '../engine/version.js';
import { escapeHtml as h } from './escape.js';
import { at, formatMs, simulated, totals } from './format.js';
import { HTML_STYLE } from './html-style.js';
import type { Reporter, ReporterOptions } from './reporter.js';
import type { DiagramStore } from './store.js';

/** The file the HTML reporter writes, under the output folder. */
export const HTML_FILE = 'index.html';
/** The copy of mermaid the page loads when diagrams were not rendered beforehand. */
export const MERMAID_COPY = 'mermaid.min.js';

export class HtmlReporter implements Reporter {
  readonly name = 'html';
  private acquired = true;

  constructor(private readonly opts: ReporterOptions, private readonly store: DiagramStore) {
    store.acquire();
  }

  onRunStart(): void {
    void this.store.renderer();
  }

  async onRunEnd(run: RunResult): Promise<void> {
    try {
      const scenarios = run.files.flatMap((f) => f.scenarios).filter((s) => s.trace.messages.length);
      const svgs = new Map<ScenarioResult, string>();
      await Promise.all(scenarios.map(async (s) => {
        const svg = await this.store.svg(s);
        if (typeof svg === 'string') svgs.set(s, svg);
      }));
      const needMermaid = svgs.size < scenarios.length;
      if (needMermaid) {
        await this.store.write(MERMAID_COPY, await readFile(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js')));
      }
      await this.store.write(HTML_FILE, toHtml(run, {
        svg: (s) => svgs.get(s),
        mmd: (s) => this.store.mmd(s),
        link: (s) => `${this.store.relPath(run, s)}.mmd`,
      }));
      this.store.announce(4, `HTML: ${this.store.display(HTML_FILE)}`);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.acquired) { this.acquired = false; await this.store.release(); }
  }
}

/** What `toHtml` needs besides the results. */
export interface HtmlParts {
  /** The rendered SVG, if there is one (else the page renders the Mermaid text itself). */
  svg(s: ScenarioResult): string | undefined;
  mmd(s: ScenarioResult): string;
  /** The `.mmd` file, relative to the page. */
  link(s: ScenarioResult): string;
}

/** The HTML page of a run. */
export function toHtml(run: RunResult, parts: HtmlParts): string {
  const t = totals(run.files);
  const all = run.files.flatMap((f) => f.scenarios);
  const ids = new Map(all.map((s, i) => [s, `s${i + 1}`]));
  const clientSide = all.some((s) => s.trace.messages.length && parts.svg(s) === undefined);
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>kscn — ${t.passed} passed, ${t.failed} failed</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head><body>',
    '<header><h1>kscn report</h1>',
    `<p class="summary"><span class="${t.failed ? 'bad' : 'good'}">${t.passed} passed, ${t.failed} failed</span> · ${all.length} scenarios in ${run.files.length} files · ${h(formatMs(run.durationMs))} · simulated Kubernetes ${KUBERNETES_VERSION}</p></header>`,
    '<main>',
    '<table class="index"><thead><tr><th></th><th>Scenario</th><th>File</th><th>Expectations</th><th>Simulated</th></tr></thead><tbody>',
  ];
  for (const f of run.files) {
    for (const s of f.scenarios) {
      const ok = s.expectations.filter((e) => e.ok).length;
      out.push(`<tr class="${s.status}"><td>${icon(s)}</td><td><a href="#${ids.get(s)}">${h(s.title)}</a></td><td><code>${h(`${f.path}:${s.span.start.line}`)}</code></td><td>${ok}/${s.expectations.length}</td><td>${h(simulated(s))}</td></tr>`);
    }
    if (f.diagnostics.length && !f.scenarios.length) {
      out.push(`<tr class="error"><td>⚠</td><td>${h(f.diagnostics[0]!.message)}</td><td><code>${h(at(f.diagnostics[0]!.span))}</code></td><td></td><td></td></tr>`);
    }
  }
  out.push('</tbody></table>');
  for (const s of all) out.push(section(s, ids.get(s)!, parts));
  out.push('</main>');
  if (clientSide) {
    out.push(`<script src="${MERMAID_COPY}"></script>`);
    out.push('<script>mermaid.initialize({startOnLoad:true,securityLevel:"strict",sequence:{showSequenceNumbers:true,noteAlign:"left"}});</script>');
  }
  out.push('</body></html>', '');
  return out.join('\n');
}

function section(s: ScenarioResult, id: string, parts: HtmlParts): string {
  const out = [`<section id="${id}" class="scenario ${s.status}" data-status="${s.status}">`];
  out.push(`<h2>${icon(s)} ${h(s.title)}</h2>`);
  const facts = [...s.tags.map((t) => `<span class="tag">@${h(t)}</span>`), `seed ${s.seed}`, `${h(simulated(s))} simulated`, `<code>${h(at(s.span))}</code>`];
  out.push(`<p class="facts">${facts.join(' · ')}</p>`);
  if (s.expectations.length || s.errors.length) {
    out.push('<ul class="expectations">');
    for (const e of s.expectations) {
      out.push(`<li class="${e.ok ? 'ok' : 'fail'}"><span class="mark">${e.ok ? '✓' : '✗'}</span> <code>${h(e.text)}</code> <span class="line">line ${e.span.start.line}</span>`);
      if (!e.ok) {
        const lines = [e.message, `at ${at(e.failedLine?.span ?? e.span)}`, ...e.details];
        out.push(`<pre class="why">${h(lines.join('\n'))}</pre>`);
      }
      out.push('</li>');
    }
    // An error is a failure's ✗; a note (a warning: a step that never settled) gets a neutral mark.
    for (const d of s.errors) {
      const note = d.severity !== 'error';
      out.push(`<li class="${note ? 'note' : 'fail'}"><span class="mark">${note ? 'ℹ' : '✗'}</span> ${note ? 'note: ' : ''}${h(d.message)} <code>${h(at(d.span))}</code>${d.hint ? `<pre class="${note ? 'hint' : 'why'}">${h(`hint: ${d.hint}`)}</pre>` : ''}</li>`);
    }
    out.push('</ul>');
  }
  if (s.trace.messages.length) {
    const svg = parts.svg(s);
    const min = svg ? minWidth(svg) : undefined;
    // Scaled to the page's width (or scrolled, below 60%); a click shows it full-size, another fits it again.
    out.push(`<figure class="diagram"${min ? ` style="--min-width: ${min}px"` : ''} title="click for full size" onclick="this.classList.toggle('full')">${svg ?? `<pre class="mermaid">${h(parts.mmd(s))}</pre>`}`);
    out.push(`<figcaption><a href="${h(encodeURI(parts.link(s)))}">diagram source (.mmd)</a></figcaption></figure>`);
  } else {
    out.push('<p class="empty">No messages were recorded.</p>');
  }
  out.push('</section>');
  return out.join('\n');
}

/**
 * How narrow a rendered diagram may be drawn: it shrinks to the page's width, but not below
 * 60% of its own (its text would be too small to read); a wider one scrolls sideways.
 */
export function minWidth(svg: string): number | undefined {
  const w = Number(/^<svg\b[^>]*?\swidth="([\d.]+)"/.exec(svg)?.[1]);
  return Number.isFinite(w) && w > 0 ? Math.round(w * 0.6) : undefined;
}

function icon(s: ScenarioResult): string {
  return s.status === 'passed' ? '<span class="good">✓</span>' : s.status === 'failed' ? '<span class="bad">✗</span>' : '<span class="warn">⚠</span>';
}
