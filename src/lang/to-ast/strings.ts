/** CST → AST for block strings: the inline YAML of manifests, `apply` and `scheduler`. */
import type { IToken } from 'chevrotain';
import type { ManifestSource } from '../ast.js';
import { blockText } from '../strings.js';
import type { Builder } from './context.js';

/** A `"""…"""` token as an inline manifest source, remembering where its text starts. */
export function buildBlockString(b: Builder, t: IToken): ManifestSource {
  const span = b.tokenSpan(t);
  const bt = blockText(t.image);
  return { kind: 'inline', text: bt.text, span, textLine: span.start.line + bt.firstLine, textIndent: bt.indent };
}
