/**
 * Tokens → text in the canonical spacing: one space between words, none before `:` `,` `)` `;`
 * or after `(`, and words written glued to `,` `>=` `<=` stay glued. Used by the formatter and
 * for the `text` of expectations, so that text does not depend on the layout.
 */
import type { IToken } from 'chevrotain';

/** The space to put between two tokens of one line. */
export function spaceBetween(p: IToken, t: IToken): string {
  const tn = t.tokenType.name;
  const pn = p.tokenType.name;
  if (tn === 'Colon' || tn === 'Comma' || tn === 'RParen' || tn === 'Semicolon') return '';
  if (pn === 'LParen') return '';
  const adjacent = (p.endOffset ?? p.startOffset) + 1 === t.startOffset;
  if ((pn === 'Comma' || pn === 'GreaterEq' || pn === 'LessEq') && adjacent) return '';
  return ' ';
}

/** How a token is written (a kubectl line without trailing blanks). */
export function tokenImage(t: IToken): string {
  return t.tokenType.name === 'KubectlLine' ? t.image.trimEnd() : t.image;
}

/** Tokens joined in the canonical spacing; a nested block is shown as `{ … }`. */
export function tokensText(tokens: IToken[]): string {
  let out = '';
  let prev: IToken | undefined;
  for (const t of tokens) {
    if (t.tokenType.name === 'LCurly') return `${out}${out ? ' ' : ''}{ … }`;
    out += prev ? spaceBetween(prev, t) + tokenImage(t) : tokenImage(t);
    prev = t;
  }
  return out;
}
