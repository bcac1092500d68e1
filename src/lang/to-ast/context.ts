/**
 * What every CST → AST function shares: the source (for spans and text), the diagnostics found
 * so far, and defensive access to CST children. After error recovery any child may be missing
 * and a token may have been inserted (no text, no position), so nothing here assumes a child
 * exists, and problems inside a node the parser already reported are not reported twice.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Span } from '../ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { SourceMap } from '../source.js';
import { parseDuration } from '../duration.js';
import { Code } from '../codes.js';
import { tokensText } from '../token-text.js';

export function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

/** The child nodes under `key` (none when recovery left them out). */
export function nodes(node: CstNode | undefined, key: string): CstNode[] {
  return ((node?.children[key] ?? []) as CstElement[]).filter((e): e is CstNode => !isToken(e));
}

/** The first child node under `key`. */
export function node(parent: CstNode | undefined, key: string): CstNode | undefined {
  return nodes(parent, key)[0];
}

/** The tokens under `key`, without those inserted by recovery. */
export function toks(node: CstNode | undefined, key: string): IToken[] {
  return ((node?.children[key] ?? []) as CstElement[]).filter((e): e is IToken => isToken(e) && !e.isInsertedInRecovery);
}

/** Every real token below `node`, in source order. */
export function allTokens(node: CstNode | undefined): IToken[] {
  const out: IToken[] = [];
  const walk = (n: CstNode) => {
    for (const list of Object.values(n.children)) {
      for (const e of list as CstElement[]) {
        if (isToken(e)) {
          if (!e.isInsertedInRecovery && Number.isFinite(e.startOffset)) out.push(e);
        } else walk(e);
      }
    }
  };
  if (node) walk(node);
  return out.sort((a, b) => a.startOffset - b.startOffset);
}

export class Builder {
  readonly diagnostics: Diagnostic[] = [];
  /** Set once the lexer or parser reported a problem: checks that would only echo it stay quiet. */
  syntaxErrors = false;
  private muted = 0;

  constructor(readonly src: SourceMap) {}

  get file(): string {
    return this.src.file;
  }

  /** Report an error (unless inside a node the parser already reported). */
  error(code: string, message: string, span: Span, hint?: string): void {
    if (this.muted > 0) return;
    this.diagnostics.push(hint ? { code, severity: 'error', message, span, hint } : { code, severity: 'error', message, span });
  }

  /** Build `node` with `fn`; errors are not reported if the parser had to recover inside it. */
  within<T>(node: CstNode | undefined, fn: () => T): T {
    const recovered = !!node?.recoveredNode;
    if (recovered) this.muted++;
    try {
      return fn();
    } finally {
      if (recovered) this.muted--;
    }
  }

  tokenSpan(t: IToken | undefined): Span {
    if (!t || !Number.isFinite(t.startOffset)) return this.src.span(0, 0);
    return this.src.span(t.startOffset, (t.endOffset ?? t.startOffset) + 1);
  }

  /** The span of a CST node: its first real token to its last. */
  nodeSpan(n: CstNode | undefined): Span {
    const loc = n?.location;
    if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset)) return this.src.span(loc.startOffset, (loc.endOffset ?? loc.startOffset) + 1);
    const ts = allTokens(n);
    if (!ts.length) return this.src.span(0, 0);
    return this.src.span(ts[0]!.startOffset, ts[ts.length - 1]!.endOffset! + 1);
  }

  /** The source text of a span. */
  text(span: Span): string {
    return this.src.text.slice(span.start.offset, span.end.offset);
  }

  /** The text of a node for reports, in the canonical spacing (a block shows as `{ … }`). */
  canonical(n: CstNode | undefined): string {
    return tokensText(allTokens(n));
  }

  /**
   * Statements end at a newline or `;` (§2): report a statement of `block` that starts on the
   * line of the one before it with no `;` between them. `keys` name the statement children.
   */
  separated(block: CstNode | undefined, ...keys: string[]): void {
    if (!block) return;
    const seps = toks(block, 'Sep').map((t) => t.startOffset);
    // A loose statement (unknown or misplaced) is reported on its own: no second error for it.
    const stmts = keys
      .flatMap((k) => [...nodes(block, k), ...toks(block, k)])
      .map((e) => (isToken(e) ? { start: e.startOffset, end: e.endOffset ?? e.startOffset, loose: false } : { start: e.location?.startOffset ?? NaN, end: e.location?.endOffset ?? NaN, loose: e.name === 'looseStatement' || !!e.children.looseStatement }));
    stmts.sort((a, b) => a.start - b.start);
    let s = 0; // separators and statements are both in source order: one pass over each
    for (let i = 1; i < stmts.length; i++) {
      const prev = stmts[i - 1]!;
      const cur = stmts[i]!;
      if (!Number.isFinite(prev.end) || !Number.isFinite(cur.start) || cur.loose) continue;
      while (s < seps.length && seps[s]! <= prev.end) s++;
      if (s < seps.length && seps[s]! < cur.start) continue;
      this.error(Code.Parse, 'two statements on one line', this.src.span(cur.start, cur.start + 1), 'put a `;` or a line break between them');
    }
  }

  /** A duration word → ms, reporting a bad one. */
  duration(t: IToken | undefined, what = 'a duration'): number | undefined {
    if (!t) return undefined;
    const ms = parseDuration(t.image);
    if (ms === undefined) this.error(Code.Duration, `"${t.image}" is not ${what}`, this.tokenSpan(t), 'write a duration such as 250ms, 5s, 2m, 1h or 1m30s');
    return ms;
  }

  /** A whole number word, reporting a bad one. */
  int(t: IToken | undefined, what: string, min = 0): number | undefined {
    if (!t) return undefined;
    if (!/^-?\d+$/.test(t.image) || Number(t.image) < min || !Number.isSafeInteger(Number(t.image))) {
      this.error(Code.Number, `"${t.image}" is not ${what}`, this.tokenSpan(t), min > 0 ? `write a whole number of at least ${min}` : 'write a whole number, e.g. 3');
      return undefined;
    }
    return Number(t.image);
  }
}
