/**
 * The one renderer of diagnostics, in the style of rustc and Hurl:
 *
 * ```
 * error: unknown cluster `smal`
 *   --> scenarios/run.kscn:8:17
 *    |
 *  8 |   given cluster smal
 *    |                 ^^^^
 *    |
 *    = hint: did you mean `small`?
 * ```
 *
 * Plain or coloured (picocolors, only when `color`). Lines are shown safely: tabs expand,
 * control characters become `�`, and very long lines are cut to a window around the span.
 */
import pc from 'picocolors';
import type { Diagnostic } from './diagnostics.js';

export interface RenderOptions {
  color: boolean;
}

const WINDOW = 120;

function clean(s: string): string {
  return s.replace(/\t/g, '    ').replace(/[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]/g, '\uFFFD');
}

function lineAt(source: string, line: number): string | undefined {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = source.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const end = source.indexOf('\n', start);
  return source.slice(start, end < 0 ? source.length : end).replace(/\r$/, '');
}

/** Render one diagnostic. `source` is the text of `d.span.file` (undefined: no code excerpt). */
export function renderDiagnostic(d: Diagnostic, source: string | undefined, opts: RenderOptions): string {
  const c = pc.createColors(opts.color);
  const { start, end } = d.span;
  const sev = d.severity === 'error' ? c.bold(c.red('error')) : c.bold(c.yellow('warning'));
  const out: string[] = [`${sev}${c.bold(': ' + d.message)}`];
  const lineText = source !== undefined ? lineAt(source, start.line) : undefined;
  const gutterWidth = String(start.line).length;
  const pad = ' '.repeat(gutterWidth);
  const bar = c.blue('|');
  out.push(`${pad}${c.blue('-->')} ${d.span.file}:${start.line}:${start.col}`);
  if (lineText !== undefined) {
    let from = 0;
    let text = lineText;
    const startIdx = Math.max(0, Math.min(start.col - 1, text.length));
    const endIdx = end.line === start.line ? Math.max(startIdx + 1, Math.min(end.col - 1, text.length)) : Math.max(startIdx + 1, text.length);
    let prefix = '';
    let suffix = '';
    if (text.length > WINDOW) {
      from = Math.max(0, startIdx - 40);
      const to = Math.min(text.length, from + WINDOW);
      prefix = from > 0 ? '…' : '';
      suffix = to < text.length ? '…' : '';
      text = text.slice(from, to);
    }
    const shown = prefix + clean(text) + suffix;
    const caretStart = prefix.length + clean(lineText.slice(from, startIdx)).length;
    const caretWidth = Math.max(1, Math.min(clean(lineText.slice(startIdx, endIdx)).length, shown.length - caretStart + 1));
    const color = d.severity === 'error' ? c.red : c.yellow;
    out.push(`${pad} ${bar}`);
    out.push(`${c.blue(String(start.line))} ${bar} ${shown}`.trimEnd());
    out.push(`${pad} ${bar} ${' '.repeat(caretStart)}${color('^'.repeat(caretWidth))}`);
    out.push(`${pad} ${bar}`);
  }
  if (d.hint) out.push(`${pad} ${c.blue('=')} ${c.bold('hint')}: ${d.hint}`);
  return out.join('\n') + '\n';
}

/**
 * Render a list: sorted by file, line and column, separated by blank lines, ending with a count
 * (`2 errors in 1 file`). `sources` maps each `span.file` to its text.
 */
export function renderDiagnostics(list: Diagnostic[], sources: Map<string, string>, opts: RenderOptions): string {
  const sorted = [...list].sort(
    (a, b) => (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) || a.span.start.line - b.span.start.line || a.span.start.col - b.span.start.col,
  );
  const parts = sorted.map((d) => renderDiagnostic(d, sources.get(d.span.file), opts));
  const errors = list.filter((d) => d.severity === 'error').length;
  const warnings = list.length - errors;
  const files = new Set(list.map((d) => d.span.file)).size;
  const counts = [errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
  const c = pc.createColors(opts.color);
  const summary = list.length ? c.bold(`${counts} in ${files} file${files === 1 ? '' : 's'}`) : 'no problems';
  return parts.join('\n') + (parts.length ? '\n' : '') + summary + '\n';
}
