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
import { escapeTerminal } from '../report/escape.js';

export interface RenderOptions {
  color: boolean;
}

const WINDOW = 120;

function clean(s: string): string {
  return s.replace(/\t/g, '    ').replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD');
}

/**
 * How many terminal columns a text takes: by code point, East Asian wide and fullwidth characters
 * (CJK, Hangul, fullwidth forms, most emoji) take two, combining marks and zero-width characters
 * none — so a caret lands under the character it points at.
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (/\p{Mn}|\p{Me}|[\u200b-\u200f\u2060\ufeff]/u.test(ch)) continue;
    w += isWide(c) ? 2 : 1;
  }
  return w;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0x303e) ||
    (c >= 0x3041 && c <= 0x33ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xa000 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1f64f) ||
    (c >= 0x1f900 && c <= 0x1f9ff) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
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
  const out: string[] = [`${sev}${c.bold(': ' + escapeTerminal(d.message))}`];
  const lineText = source !== undefined ? lineAt(source, start.line) : undefined;
  const gutterWidth = String(start.line).length;
  const pad = ' '.repeat(gutterWidth);
  const bar = c.blue('|');
  out.push(`${pad}${c.blue('-->')} ${escapeTerminal(d.span.file)}:${start.line}:${start.col}`);
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
    const caretStart = displayWidth(prefix + clean(lineText.slice(from, startIdx)));
    const caretWidth = Math.max(1, Math.min(displayWidth(clean(lineText.slice(startIdx, endIdx))), displayWidth(shown) - caretStart + 1));
    const color = d.severity === 'error' ? c.red : c.yellow;
    out.push(`${pad} ${bar}`);
    out.push(`${c.blue(String(start.line))} ${bar} ${shown}`.trimEnd());
    out.push(`${pad} ${bar} ${' '.repeat(caretStart)}${color('^'.repeat(caretWidth))}`);
    out.push(`${pad} ${bar}`);
  }
  if (d.hint) out.push(`${pad} ${c.blue('=')} ${c.bold('hint')}: ${escapeTerminal(d.hint)}`);
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
