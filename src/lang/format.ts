/**
 * The canonical layout of a `.kscn` file (`kscn fmt`): two-space indentation by block depth, one
 * statement per line (`;` becomes a line break), single spaces between words, no space before
 * `:` `,` `)`, comments kept (own-line comments at the block's indentation, trailing comments
 * of consecutive lines aligned), at most one blank line in a row, block strings re-indented one
 * level deeper than their statement. A block written on one line (`node w { cpu 4; memory 8Gi }`)
 * stays on one line if it fits in 100 columns and holds no block string.
 *
 * Works on tokens, so it keeps every word exactly as written; it changes only whitespace, which
 * keeps the AST. As a guard, the result is parsed again and compared with the input's AST;
 * if they differ (a bug), the input is returned unchanged with a warning.
 */
import type { IToken } from 'chevrotain';
import type { Diagnostic } from './diagnostics.js';
import { parseSource } from './parse.js';
import { normalizeLineBreaks } from './source.js';
import { blockText } from './strings.js';
import { lex } from './tokens.js';
import { spaceBetween, tokenImage as image } from './token-text.js';

/** Columns a one-line block may reach before it is laid out on several lines. */
export const MAX_WIDTH = 100;

interface Line {
  depth: number;
  code: string;
  comment?: string;
  /** A line of block-string content, printed as is. */
  raw?: boolean;
}

const name = (t: IToken) => t.tokenType.name;

/** Strip spans so two ASTs can be compared. */
function shape(value: unknown): string {
  return JSON.stringify(value, (k, v) => (k === 'span' || k.endsWith('Span') || k.endsWith('Spans') || k === 'textLine' || k === 'textIndent' ? undefined : v));
}

/** Format a file. With syntax errors, the output is the input and the diagnostics say why. */
export function formatSource(text: string, file: string): { output: string; diagnostics: Diagnostic[] } {
  const parsed = parseSource(text, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { output: text, diagnostics: parsed.diagnostics };
  // A lone CR is a line break (LANGUAGE.md §2): the layout writes it as LF.
  const output = layout(normalizeLineBreaks(text));
  const again = parseSource(output, file);
  if (again.diagnostics.length || shape(again.ast) !== shape(parsed.ast)) {
    return { output: text, diagnostics: [{ code: 'W-FMT', severity: 'warning', message: 'kscn fmt could not lay out this file without changing its meaning; left as is', span: parsed.ast.span }] };
  }
  return { output, diagnostics: [] };
}

function layout(text: string): string {
  const lexed = lex(text);
  const items = [...lexed.tokens, ...((lexed.groups.comments as IToken[] | undefined) ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  const match = matchBraces(items);
  const lines: Line[] = [];
  let depth = 0;
  let cur: Line = { depth: 0, code: '' };
  let prev: IToken | undefined;
  let lastLine: Line | undefined;
  let newlines = 0;
  const flush = () => {
    if (cur.code !== '' || cur.comment !== undefined) {
      lines.push(cur);
      lastLine = cur;
    }
    cur = { depth, code: '' };
    prev = undefined;
  };
  const append = (t: IToken, s: string) => {
    if (cur.code === '') {
      if (newlines >= 2 && lines.length && name(t) !== 'RCurly' && !lines[lines.length - 1]!.code.endsWith('{')) lines.push({ depth, code: '' });
      cur.depth = depth;
    }
    cur.code += cur.code === '' ? s : (prev ? spaceBetween(prev, t) : ' ') + s;
    prev = t;
    lastLine = cur;
    newlines = 0;
  };
  for (let i = 0; i < items.length; i++) {
    const t = items[i]!;
    const n = name(t);
    if (n === 'Comment') {
      const c = t.image.trimEnd();
      const before = items[i - 1];
      if (before && name(before) !== 'Newline' && lastLine && sameLine(text, before, t)) {
        lastLine.comment = c;
      } else {
        flush();
        if (newlines >= 2 && lines.length && !lines[lines.length - 1]!.code.endsWith('{')) lines.push({ depth, code: '' });
        lines.push({ depth, code: '', comment: c });
        lastLine = lines[lines.length - 1];
        newlines = 0;
      }
    } else if (n === 'Newline') {
      flush();
      newlines++;
    } else if (n === 'Semicolon') {
      flush();
    } else if (n === 'LCurly') {
      const close = match.get(i);
      const inline = close !== undefined ? oneLine(text, items, i, close) : undefined;
      if (inline !== undefined && depth * 2 + cur.code.length + 1 + inline.length <= MAX_WIDTH) {
        append(t, inline);
        prev = items[close!];
        i = close!;
      } else {
        append(t, '{');
        depth++;
        flush();
      }
    } else if (n === 'RCurly') {
      flush();
      depth = Math.max(0, depth - 1);
      cur.depth = depth;
      append(t, '}');
      flush();
    } else if (n === 'BlockString') {
      append(t, '"""');
      const inner = blockText(t.image).text;
      const content = inner === '' ? [] : inner.slice(0, -1).split('\n');
      const at = cur.depth;
      flush();
      for (const l of content) lines.push({ depth: at + 1, code: l, raw: true });
      cur = { depth: at, code: '"""' };
      prev = t;
      lastLine = cur;
    } else {
      append(t, image(t));
    }
  }
  flush();
  return render(lines);
}

/** Index of each `{` → index of its `}` (unbalanced ones are absent). */
function matchBraces(items: IToken[]): Map<number, number> {
  const out = new Map<number, number>();
  const stack: number[] = [];
  items.forEach((t, i) => {
    if (name(t) === 'LCurly') stack.push(i);
    else if (name(t) === 'RCurly' && stack.length) out.set(stack.pop()!, i);
  });
  return out;
}

function sameLine(text: string, a: IToken, b: IToken): boolean {
  return !text.slice((a.endOffset ?? a.startOffset) + 1, b.startOffset).includes('\n');
}

/** The one-line rendering of the block `items[open..close]`, or undefined if it must be laid out. */
function oneLine(text: string, items: IToken[], open: number, close: number): string | undefined {
  if (!sameLine(text, items[open]!, items[close]!)) return undefined;
  let out = '';
  let prev: IToken | undefined;
  for (let i = open + 1; i < close; i++) {
    const t = items[i]!;
    const n = name(t);
    if (n === 'Comment' || n === 'BlockString' || n === 'Newline') return undefined;
    if (n === 'Semicolon') {
      if (out !== '' && !out.endsWith(';')) out += ';';
      prev = undefined;
      continue;
    }
    const s = n === 'LCurly' ? '{' : n === 'RCurly' ? '}' : image(t);
    if (out === '') out = s;
    else if (!prev) out += ' ' + s;
    else out += (n === 'LCurly' || n === 'RCurly' || name(prev) === 'LCurly' ? ' ' : spaceBetween(prev, t)) + s;
    prev = t;
  }
  out = out.replace(/;$/, '');
  return out === '' ? '{}' : `{ ${out} }`;
}

/** Lines → text, aligning the trailing comments of consecutive lines. */
function render(lines: Line[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length && lines[i]!.code === '' && lines[i]!.comment === undefined) i++;
  for (; i < lines.length; ) {
    const l = lines[i]!;
    if (l.code !== '' && l.comment !== undefined && !l.raw) {
      let j = i;
      let width = 0;
      while (j < lines.length && lines[j]!.code !== '' && lines[j]!.comment !== undefined && !lines[j]!.raw) {
        width = Math.max(width, lines[j]!.depth * 2 + lines[j]!.code.length);
        j++;
      }
      for (let k = i; k < j; k++) {
        const m = lines[k]!;
        const code = '  '.repeat(m.depth) + m.code;
        out.push(code + ' '.repeat(width - code.length + 2) + m.comment);
      }
      i = j;
      continue;
    }
    const indent = '  '.repeat(l.depth);
    if (l.raw) out.push(l.code === '' ? '' : indent + l.code);
    else if (l.code === '' && l.comment === undefined) out.push('');
    else out.push(indent + (l.code !== '' ? l.code : l.comment!));
    i++;
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.length ? out.join('\n') + '\n' : '';
}
