/**
 * String literals (LANGUAGE.md §2): `"…"` with `\"`, `\\`, `\n`, `\t`, and block strings
 * `"""…"""` whose common leading indentation is removed.
 */

/** The value of a `"…"` literal (quotes included in `image`). Unknown escapes keep the character. */
export function unquote(image: string): string {
  const body = image.endsWith('"') && image.length >= 2 ? image.slice(1, -1) : image.slice(1);
  return body.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** Is this escape sequence one the language defines? */
export function badEscapes(image: string): { offset: number; text: string }[] {
  const out: { offset: number; text: string }[] = [];
  for (const m of image.matchAll(/\\(.)/g)) if (!'"\\nt'.includes(m[1]!)) out.push({ offset: m.index!, text: m[0] });
  return out;
}

/** A block string's value and where it sits in the source, so YAML errors can point into it. */
export interface BlockText {
  text: string;
  /** Offset (within the token image) of the first character of the first kept line. */
  firstLineOffset: number;
  /** Index of the first kept line among the image's lines (0 = the line of the opening `"""`). */
  firstLine: number;
  /** Columns removed from every line. */
  indent: number;
}

/**
 * The value of a `"""…"""` literal: a first line that is blank after the opening quotes and a
 * last line that is blank before the closing ones are dropped; the common leading indentation
 * of the non-blank lines is removed (text on the line of the opening quotes takes no part in
 * it); lines are joined with `\n` and the text ends with `\n`
 * unless it is empty.
 */
export function blockText(image: string): BlockText {
  const inner = image.endsWith('"""') && image.length >= 6 ? image.slice(3, -3) : image.slice(3);
  let lines = inner.split('\n').map((l) => l.replace(/\r$/, ''));
  let firstLine = 0;
  let firstLineOffset = 3;
  if (lines.length > 1 && lines[0]!.trim() === '') {
    firstLineOffset += inner.indexOf('\n') + 1;
    lines = lines.slice(1);
    firstLine = 1;
  }
  if (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines = lines.slice(0, -1);
  // Text that starts on the line of the opening quotes (`"""apiVersion: v1`) sits at no
  // indentation of its own: it is kept without its leading blanks and left out of the common
  // indentation of the lines below it.
  const sameLine = firstLine === 0 && lines.length > 1;
  let indent = Infinity;
  lines.forEach((l, i) => {
    if (l.trim() === '' || (sameLine && i === 0)) return;
    const m = /^[ \t]*/.exec(l)![0].length;
    if (m < indent) indent = m;
  });
  if (!Number.isFinite(indent)) indent = 0;
  const text = lines.map((l, i) => (l.trim() === '' ? '' : sameLine && i === 0 ? l.trimStart() : l.slice(indent))).join('\n');
  return { text: text === '' ? '' : text + '\n', firstLineOffset, firstLine, indent };
}
