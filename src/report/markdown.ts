/**
 * The Markdown reporter: `OUT/<file-stem>.md` per file — its scenarios with status, the
 * expectations and their verdicts, failures explained, and each diagram as a ```mermaid fence,
 * which GitHub renders, with links to the `.mmd` (and `.svg` when rendered).
 */
import type { FileResult, RunResult, ScenarioResult } from '../run/result.js';
import { KUBERNETES_VERSION } from '../engine/version.js';
import { escapeMarkdown as md } from './escape.js';
import { at, plural, simulated, totals } from './format.js';
import { slug } from './paths.js';
import type { Reporter, ReporterOptions } from './reporter.js';
import type { DiagramStore } from './store.js';

export class MarkdownReporter implements Reporter {
  readonly name = 'markdown';
  constructor(private readonly opts: ReporterOptions, private readonly store: DiagramStore) {}

  async onRunEnd(run: RunResult): Promise<void> {
    const paths = this.store.runPaths(run);
    const written = run.files.map((f) => this.store.display(`${paths.files.get(f)}.md`));
    if (written.length) this.store.announce(3, `Markdown: ${written.length > 3 ? `${written.slice(0, 2).join(', ')} … (${written.length} files)` : written.join(', ')}`);
    await Promise.all(run.files.map((f) => {
      const dir = paths.files.get(f)!;
      return this.store.write(`${dir}.md`, toMarkdown(f, {
        mmd: (s) => this.store.mmd(s),
        // Links are relative to the Markdown file, which sits beside the file's folder.
        link: (s, ext) => `${paths.scenarios.get(s)}.${ext}`,
        svg: this.opts.svg,
      }));
    }));
  }
}

/** What `toMarkdown` needs besides the results: each diagram's text and where its files are. */
export interface MarkdownLinks {
  mmd(s: ScenarioResult): string;
  link(s: ScenarioResult, ext: 'mmd' | 'svg'): string;
  /** SVG files were asked for (then they are linked). */
  svg: boolean;
}

/** The Markdown report of one file. */
export function toMarkdown(f: FileResult, links: MarkdownLinks): string {
  const t = totals([f]);
  const out: string[] = [`# ${md(f.path)}`, ''];
  out.push(`**${t.passed} passed, ${t.failed} failed** · ${plural(t.scenarios, 'scenario')} · simulated Kubernetes ${KUBERNETES_VERSION}`, '');
  if (f.diagnostics.length) {
    out.push('## Problems in the file', '');
    for (const d of f.diagnostics) out.push(`- ${d.severity === 'error' ? '❌' : '⚠️'} ${code(at(d.span))} ${md(d.message)}${d.hint ? ` — ${md(d.hint)}` : ''}`);
    out.push('');
  }
  if (f.scenarios.length) {
    out.push('| | Scenario | Tags | Simulated |', '|---|---|---|---|');
    const anchors = new Set<string>();
    for (const s of f.scenarios) {
      out.push(`| ${icon(s)} | [${md(s.title)}](#${anchor(s, anchors)}) | ${s.tags.map((t) => code(`@${t}`)).join(' ')} | ${simulated(s)} |`);
    }
    out.push('');
  }
  for (const s of f.scenarios) out.push(...scenario(s, links));
  return out.join('\n');
}

function scenario(s: ScenarioResult, links: MarkdownLinks): string[] {
  const out = [`## ${icon(s)} ${md(s.title)}`, ''];
  const facts = [...s.tags.map((t) => code(`@${t}`)), `seed ${s.seed}`, `${simulated(s)} simulated`, code(at(s.span))];
  out.push(facts.join(' · '), '');
  if (s.expectations.length) {
    out.push('| | Expectation | Line |', '|---|---|---|');
    for (const e of s.expectations) {
      out.push(`| ${e.ok ? '✅' : '❌'} | ${code(e.text)}${e.ok ? '' : ` — ${md(e.message)}`} | ${e.span.start.line} |`);
    }
    out.push('');
  }
  const failures = [
    ...s.expectations.filter((e) => !e.ok).map((e) => [`${at(e.failedLine?.span ?? e.span)}: ${e.message || e.text}`, ...e.details.map((d) => `  ${d}`)].join('\n')),
    ...s.errors.map((d) => `${at(d.span)}: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`),
  ];
  if (failures.length) out.push(...fence('text', failures.join('\n')), '');
  if (s.trace.messages.length) out.push(...fence('mermaid', links.mmd(s).trimEnd()), '');
  else out.push('_No messages were recorded._', '');
  const files = [`[diagram source](${encodeURI(links.link(s, 'mmd'))})`];
  if (links.svg) files.push(`[SVG](${encodeURI(links.link(s, 'svg'))})`);
  out.push(files.join(' · '), '');
  return out;
}

function icon(s: ScenarioResult): string {
  return s.status === 'passed' ? '✅' : s.status === 'failed' ? '❌' : '⚠️';
}

/** GitHub's heading anchor for the scenario's heading (`## ✅ Title` → `-title`), made unique. */
function anchor(s: ScenarioResult, used: Set<string>): string {
  // GitHub lower-cases, drops punctuation and emoji, and turns spaces into dashes.
  // The heading shows line breaks and tabs as spaces (escapeMarkdown).
  const heading = `${icon(s)} ${s.title.replace(/[\r\n\t\v\f\u0085\u2028\u2029]+/g, ' ')}`;
  const base = heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/ /g, '-');
  let a = base;
  for (let i = 1; used.has(a); i++) a = `${base}-${i}`;
  used.add(a);
  return a || slug(s.title);
}

/** Inline code that survives backticks and table pipes in the text. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = '`'.repeat(longest + 1);
  const body = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** A fenced block longer than any backtick run inside it. */
function fence(lang: string, text: string): string[] {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = '`'.repeat(longest + 1);
  return [`${ticks}${lang}`, text, ticks];
}
