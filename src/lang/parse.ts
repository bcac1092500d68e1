/**
 * Text → AST: lex, parse (with recovery), build the AST. Never throws: whatever the input, the
 * result is the best AST that could be recovered and a diagnostic for every problem found.
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import type { KscnFile } from './ast.js';
import type { Diagnostic } from './diagnostics.js';
import { Code } from './codes.js';
import { parser } from './parser.js';
import { normalizeLineBreaks, SourceMap } from './source.js';
import { badEscapes } from './strings.js';
import { BlockString, lex, LCurly, ODD_LINE_BREAKS, RCurly, StringLit } from './tokens.js';
import { Builder } from './to-ast/context.js';
import { buildFile } from './to-ast/file.js';
import { USAGE } from './to-ast/loose.js';

/** Blocks nested deeper than this are refused (a guard for the recursive parser). */
export const MAX_DEPTH = 64;
/** At most this many diagnostics per file; the rest are summarised in one. */
export const MAX_DIAGNOSTICS = 100;

const RULE_USAGE: Record<string, string> = {
  importDecl: 'import', clusterDecl: 'cluster', manifestDecl: 'manifest', scenarioDecl: 'scenario', nodeDecl: 'node', namespaceDecl: 'namespace',
  priorityClassDecl: 'priorityclass', userDecl: 'user', rbacRule: 'allow', applyAction: 'apply', schedulerDecl: 'scheduler', latencyDecl: 'latency',
  seedStmt: 'seed', timeoutStmt: 'timeout', givenStmt: 'given', whenStmt: 'when', thenStmt: 'then', diagramDecl: 'diagram', directive: 'diagram',
  waitAction: 'wait', atAction: 'at', asAction: 'as', expectFailure: 'expect', nodeFault: 'fail', imageFault: 'image', crashFault: 'pods', etcdFault: 'etcd',
  sequenceExpect: 'sequence', neverExpect: 'never', alwaysExpect: 'always', eventsExpect: 'events', eventExpect: 'event', noEventExpect: 'no', outputExpect: 'output',
  stateExpect: 'state', stateAssertion: 'state', messagePattern: 'message',
};

/** An empty file AST (for input that could not be read at all). */
export function emptyFile(file: string): KscnFile {
  const span = { file, start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } };
  return { type: 'File', path: file, imports: [], clusters: [], manifests: [], scenarios: [], span };
}

/** Parse one `.kscn` text. `file` is used in spans and diagnostics as given. */
export function parseSource(text: string, file: string): { ast: KscnFile; diagnostics: Diagnostic[] } {
  try {
    return parseOrThrow(typeof text === 'string' ? text : String(text), file);
  } catch (e) {
    // A bug or a resource limit (e.g. the stack): still a diagnostic, never a stack trace.
    const message = e instanceof Error ? e.message : String(e);
    return { ast: emptyFile(file), diagnostics: [{ code: Code.Parse, severity: 'error', message: `cannot parse this file: ${message}`, span: emptyFile(file).span }] };
  }
}

function parseOrThrow(input: string, file: string): { ast: KscnFile; diagnostics: Diagnostic[] } {
  const text = normalizeLineBreaks(input); // a BOM lexes as whitespace
  const src = new SourceMap(file, text);
  const b = new Builder(src);
  const lexed = lex(text);
  for (const e of lexed.errors) {
    const ch = text.slice(e.offset, e.offset + 1);
    if (ODD_LINE_BREAKS[ch]) {
      b.error(Code.Lex, `${ODD_LINE_BREAKS[ch]} is not a line break in a .kscn file`, src.span(e.offset, e.offset + 1), 'editors may show a line break here but kscn does not; use a newline (LF or CRLF), or put the character in a string');
      continue;
    }
    const shown = /[\x00-\x1f\x7f]/.test(ch) ? `U+${ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}` : `\`${ch}\``;
    b.error(Code.Lex, `unexpected character ${shown}`, src.span(e.offset, e.offset + Math.max(1, Math.min(e.length, 1))), 'a .kscn file is UTF-8 text; remove this character (or put it in a string)');
  }
  const tokens = checkTokens(b, lexed.tokens);
  parser.input = tokens;
  const cst = parser.file();
  const seen = new Set<number>();
  for (const err of parser.errors) {
    const span = errorSpan(b, err, tokens);
    if (seen.has(span.start.offset)) continue;
    seen.add(span.start.offset);
    b.error(Code.Parse, err.message, span, unclosedHint(b, err, tokens) ?? colonHint(err) ?? hintFor(err));
  }
  parser.input = [];
  b.syntaxErrors = b.diagnostics.length > 0;
  const ast = buildFile(b, cst);
  return { ast, diagnostics: cap(b.diagnostics, file) };
}

/** Unterminated strings, bad escapes and too-deep nesting; returns the tokens to parse. */
function checkTokens(b: Builder, tokens: IToken[]): IToken[] {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const name = t.tokenType.name;
    if (name === 'UnterminatedString' || name === 'UnterminatedBlockString') {
      const block = name === 'UnterminatedBlockString';
      b.error(Code.String, block ? 'this block string has no closing `"""`' : 'this string has no closing `"`', b.src.span(t.startOffset, t.startOffset + (block ? 3 : 1)), block ? 'end it with `"""`' : 'close it on the same line; for several lines use `"""…"""`');
      t.tokenType = block ? BlockString : StringLit;
      t.tokenTypeIdx = t.tokenType.tokenTypeIdx!;
    } else if (name === 'StringLit') {
      for (const bad of badEscapes(t.image)) b.error(Code.String, `unknown escape \`${bad.text}\``, b.src.span(t.startOffset + bad.offset, t.startOffset + bad.offset + bad.text.length), 'strings know \\" \\\\ \\n \\t');
    } else if (t.tokenType === LCurly && ++depth > MAX_DEPTH) {
      b.error(Code.Parse, `blocks are nested more than ${MAX_DEPTH} deep`, b.tokenSpan(t), 'the rest of the file is not read');
      return tokens.slice(0, i);
    } else if (t.tokenType === RCurly) depth = Math.max(0, depth - 1);
  }
  return tokens;
}

function errorSpan(b: Builder, err: IRecognitionException, tokens: IToken[]): ReturnType<Builder['tokenSpan']> {
  const t = err.token;
  if (t && Number.isFinite(t.startOffset) && !t.isInsertedInRecovery) return b.tokenSpan(t);
  const prev = (err as IRecognitionException & { previousToken?: IToken }).previousToken ?? tokens[tokens.length - 1];
  if (prev && Number.isFinite(prev.endOffset)) return b.src.span(prev.endOffset! + 1, prev.endOffset! + 1);
  return b.src.span(b.src.text.length, b.src.text.length);
}

/** "expected `}` but found the end of the file": say which `{` is never closed. */
function unclosedHint(b: Builder, err: IRecognitionException, tokens: IToken[]): string | undefined {
  if (!err.message.startsWith('expected `}`') || Number.isFinite(err.token?.startOffset)) return undefined;
  const open: IToken[] = [];
  for (const t of tokens) {
    if (t.tokenType === LCurly) open.push(t);
    else if (t.tokenType === RCurly) open.pop();
  }
  const last = open[open.length - 1];
  return last ? `the \`{\` on line ${b.src.pos(last.startOffset).line} is never closed` : undefined;
}

/** "expected `:`" after `a:Running`: a `:` followed by a letter belongs to the word (§2). */
function colonHint(err: IRecognitionException): string | undefined {
  if (!err.message.startsWith('expected `:`')) return undefined;
  const prev = (err as IRecognitionException & { previousToken?: IToken }).previousToken;
  const i = prev?.image.lastIndexOf(':') ?? -1;
  if (!prev || i <= 0) return undefined;
  return `\`${prev.image}\` reads as one name: a separating \`:\` needs a space after it (\`${prev.image.slice(0, i)}: ${prev.image.slice(i + 1)}\`)`;
}

function hintFor(err: IRecognitionException): string | undefined {
  const stack = err.context?.ruleStack ?? [];
  for (let i = stack.length - 1; i >= 0; i--) {
    const key = RULE_USAGE[stack[i]!];
    if (key && USAGE[key]) return `usage: ${USAGE[key]}`;
  }
  return undefined;
}

function cap(list: Diagnostic[], file: string): Diagnostic[] {
  if (list.length <= MAX_DIAGNOSTICS) return list;
  const rest = list.length - MAX_DIAGNOSTICS;
  const last = list[MAX_DIAGNOSTICS - 1]!;
  return [...list.slice(0, MAX_DIAGNOSTICS), { code: Code.TooManyErrors, severity: 'error', message: `${rest} more problems in ${file} not shown`, span: last.span, hint: 'fix the ones above first' }];
}
