/**
 * Offsets → positions and spans for one source text. Tokens carry offsets; everything that
 * points into a file (diagnostics, AST spans, kubectl words, YAML errors) goes through here.
 */
import type { Pos, Span } from './ast.js';

export class SourceMap {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** The 1-based line/column of a 0-based offset (clamped into the text). */
  pos(offset: number): Pos {
    const o = Number.isFinite(offset) ? Math.max(0, Math.min(offset, this.text.length)) : 0;
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: o - this.lineStarts[lo]! + 1, offset: o };
  }

  /** The offset where a 1-based line starts. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))]!;
  }

  /** A span from `start` to `end` (exclusive) offsets. */
  span(start: number, end: number): Span {
    const s = this.pos(start);
    const e = this.pos(Math.max(end, s.offset));
    return { file: this.file, start: s, end: e };
  }
}

/** A lone CR (old Mac line ends) becomes LF: same length, so offsets do not move; CRLF stays. */
export function normalizeLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** A span that covers both `a` and `b`. */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: a.start.offset <= b.start.offset ? a.start : b.start, end: a.end.offset >= b.end.offset ? a.end : b.end };
}
