/**
 * The token vocabulary of `.kscn` (LANGUAGE.md §2) and the lexer built from it.
 *
 * Decisions (the hard parts of lexing this language):
 * - **Words.** Almost everything is a `Word`: names, numbers, durations, quantities, labels
 *   (`app=web`), patterns (`web-*`, `!apiserver`, `a|b`), ranges (`worker-[1..3]`), participants
 *   (`kubelet@worker-1`), keys (`/registry/pods/default/x`). The AST builder reads a word's meaning
 *   from where it stands, so the errors can say "expected a duration" rather than "bad token".
 * - **Colons.** A `:` inside a word belongs to it (`nginx:1.27`, `gpu=true:NoSchedule`); a `:`
 *   followed by whitespace or the end of the line is the separator `Colon`.
 * - **Arrows.** `->` is never part of a word, so `kubectl->apiserver` also lexes as three tokens.
 * - **Keywords** are reserved only where the grammar expects them: each keyword has the `Word`
 *   category (a rule that takes a name accepts `node` too); a word is a keyword only when its
 *   whole text is one (`nodes`, `node-1` stay words).
 * - **kubectl lines.** `kubectl` at the start of a statement (after a newline, `;` or `{`) takes
 *   the rest of the line raw, up to a newline, a `;`, an unbalanced `}` or a ` #` comment — unless
 *   it is followed by `->` or `,` (then it is the participant `kubectl`, a plain word).
 * - **Comments** go to the `comments` group: not seen by the parser, kept for the formatter.
 * - Unterminated strings are tokens of their own so the error points at the opening quote.
 */
import type { CustomPatternMatcherFunc, ILexingResult, IToken, TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain.js';

/** Characters that end a word: whitespace, punctuation of the grammar, quotes, comment start. */
const WORD_CHAR = String.raw`[^\s{}();,#"<>:\-\x00-\x1f\x7f\u0085]`;
const WORD_START = String.raw`[^\s{}();,#"<>:@\-\x00-\x1f\x7f\u0085]`;
const WORD_RE = new RegExp(String.raw`(?:${WORD_START}|-(?!>)|@(?![A-Za-z0-9_]))(?:${WORD_CHAR}|-(?!>)|:(?=${WORD_CHAR}|-(?!>)))*`);

/**
 * Line breaks are LF, CRLF and a lone CR (`normalizeLineBreaks` turns a lone CR into LF before
 * lexing, keeping offsets). Other characters editors may show as line breaks — U+2028, U+2029,
 * U+0085, VT, FF — match no token outside strings, so they are located errors
 * (`ODD_LINE_BREAKS`), never a silent end of a comment or a line.
 */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n\r\u2028\u2029\u0085\v\f]*/, group: 'comments' });

/** Characters some editors show as a line break but a .kscn file does not take outside strings. */
export const ODD_LINE_BREAKS: Record<string, string> = {
  '\u2028': 'U+2028 LINE SEPARATOR',
  '\u2029': 'U+2029 PARAGRAPH SEPARATOR',
  '\u0085': 'U+0085 NEXT LINE',
  '\v': 'U+000B VERTICAL TAB',
  '\f': 'U+000C FORM FEED',
};

/** Statement separators: a newline or `;`. The parser consumes the category `Sep`. */
export const Sep = createToken({ name: 'Sep', pattern: Lexer.NA, label: 'a newline or `;`' });
export const Newline = createToken({ name: 'Newline', pattern: /\n/, line_breaks: true, categories: [Sep], label: 'a newline' });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, categories: [Sep], label: '`;`' });

export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, label: '`{`' });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/, label: '`}`' });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: '`(`' });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: '`)`' });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: '`,`' });
export const Arrow = createToken({ name: 'Arrow', pattern: /->/, label: '`->`' });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: />=/, label: '`>=`' });
export const LessEq = createToken({ name: 'LessEq', pattern: /<=/, label: '`<=`' });
export const Greater = createToken({ name: 'Greater', pattern: />/, label: '`>`' });
export const Less = createToken({ name: 'Less', pattern: /</, label: '`<`' });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: '`:`' });

export const BlockString = createToken({ name: 'BlockString', pattern: /"""[\s\S]*?"""/, line_breaks: true, label: 'a block string `"""…"""`' });
export const UnterminatedBlockString = createToken({ name: 'UnterminatedBlockString', pattern: /"""[\s\S]*/, line_breaks: true, label: 'an unterminated block string' });
export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\\n]|\\[^\n])*"/, label: 'a string `"…"`' });
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n]|\\[^\n])*\\?/, label: 'an unterminated string' });

export const Tag = createToken({ name: 'Tag', pattern: /@[A-Za-z0-9_][A-Za-z0-9_.\-]*/, label: 'a tag `@word`' });
export const Word = createToken({ name: 'Word', pattern: WORD_RE, label: 'a word' });

/** Is `offset` at the start of a statement: only blanks between it and a newline, `;`, `{` or the file start? */
function atStatementStart(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i--;
  return i < 0 || text[i] === '\n' || text[i] === ';' || text[i] === '{';
}

/** `kubectl …` as raw text; see the module comment for where it ends. */
const matchKubectlLine: CustomPatternMatcherFunc = (text, offset) => {
  if (!text.startsWith('kubectl', offset) || !atStatementStart(text, offset)) return null;
  const after = offset + 7;
  const next = text[after];
  if (next !== undefined && !/[ \t\r\n;}#]/.test(next)) return null;
  let j = after;
  while (text[j] === ' ' || text[j] === '\t') j++;
  if (text.startsWith('->', j) || text[j] === ',' || text[j] === ':') return null;
  let depth = 0;
  let quote: string | undefined;
  let k = after;
  for (; k < text.length; k++) {
    const ch = text[k]!;
    if (ch === '\n' || ch === '\r' || ODD_LINE_BREAKS[ch]) break;
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ';') break;
    else if (ch === '#' && (text[k - 1] === ' ' || text[k - 1] === '\t')) break;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      if (depth === 0) break;
      depth--;
    }
  }
  while (k > after && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
  const m = [text.slice(offset, k)] as unknown as RegExpExecArray;
  return m;
};

export const KubectlLine = createToken({
  name: 'KubectlLine',
  pattern: { exec: matchKubectlLine },
  line_breaks: false,
  start_chars_hint: ['k'],
  label: 'a kubectl command line',
});

/**
 * Keyword → token. Keywords are not lexer patterns: the lexer reads a `Word` and `lex()` retypes
 * it when its text is a keyword (one map lookup instead of sixty regular expressions per word).
 * Every keyword token has the `Word` category, so a rule that takes a word accepts `node` too.
 */
export const keywords: Record<string, TokenType> = {};
function kw(word: string): TokenType {
  const name = 'Kw_' + word.replace(/-/g, '_');
  const t = createToken({ name, pattern: Lexer.NA, categories: [Word], label: '`' + word + '`' });
  keywords[word] = t;
  return t;
}

export const Import = kw('import');
export const Cluster = kw('cluster');
export const Manifest = kw('manifest');
export const From = kw('from');
export const Scenario = kw('scenario');
export const NodeKw = kw('node');
export const Namespace = kw('namespace');
export const PriorityClass = kw('priorityclass');
export const User = kw('user');
export const Allow = kw('allow');
export const On = kw('on');
export const In = kw('in');
export const NotIn = kw('notin');
export const Apply = kw('apply');
export const Scheduler = kw('scheduler');
export const Latency = kw('latency');
export const Seed = kw('seed');
export const Timeout = kw('timeout');
export const Given = kw('given');
export const When = kw('when');
export const Then = kw('then');
export const Diagram = kw('diagram');
export const Wait = kw('wait');
export const Until = kw('until');
export const At = kw('at');
export const As = kw('as');
export const Fail = kw('fail');
export const Restore = kw('restore');
export const Image = kw('image');
export const Fails = kw('fails');
export const To = kw('to');
export const Pull = kw('pull');
export const Pulls = kw('pulls');
export const Pods = kw('pods');
export const Crash = kw('crash');
export const Ignore = kw('ignore');
export const Probe = kw('probe');
export const Use = kw('use');
export const After = kw('after');
export const Exit = kw('exit');
export const Times = kw('times');
export const Etcd = kw('etcd');
export const Unavailable = kw('unavailable');
export const For = kw('for');
export const Sequence = kw('sequence');
export const Never = kw('never');
export const Always = kw('always');
export const Events = kw('events');
export const Event = kw('event');
export const Output = kw('output');
export const No = kw('no');
export const Within = kw('within');
export const And = kw('and');
export const Show = kw('show');
export const Hide = kw('hide');
export const Focus = kw('focus');
export const Group = kw('group');
export const Detail = kw('detail');
export const Expect = kw('expect');
export const Failure = kw('failure');

/**
 * Every token, in the order the lexer tries them: the first pattern that matches wins. Blanks and
 * newlines first (the commonest), then the kubectl line (it must win over the word `kubectl`),
 * then `Word` early for speed — it cannot start with any character the later tokens start with
 * (punctuation, quotes, `#`, `@tag`, `->`). Strings: block strings before plain ones,
 * terminated before unterminated. Keywords and `Sep` are categories, not patterns.
 */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Newline,
  KubectlLine,
  Word,
  Comment,
  Semicolon,
  LCurly,
  RCurly,
  LParen,
  RParen,
  Comma,
  Arrow,
  GreaterEq,
  LessEq,
  Greater,
  Less,
  Colon,
  BlockString,
  UnterminatedBlockString,
  StringLit,
  UnterminatedString,
  Tag,
  ...Object.values(keywords),
  Sep,
];

/**
 * The one lexer instance (stateless between calls). Positions are offsets; `SourceMap` makes lines.
 * Its definition's validations cost start-up time on every `kscn` run: the test suite runs them
 * (VITEST is set), as does KSCN_VALIDATE_GRAMMAR=1.
 */
export const kscnLexer = new Lexer(allTokens, { ensureOptimizations: false, positionTracking: 'onlyOffset', skipValidations: !(process.env.VITEST || process.env.KSCN_VALIDATE_GRAMMAR) });

/** Lex `text`: the lexer's result, with end offsets set and keyword words retyped as their keyword tokens. */
export function lex(text: string): ILexingResult {
  const result = kscnLexer.tokenize(text);
  for (const t of (result.groups.comments as IToken[] | undefined) ?? []) t.endOffset = t.startOffset + t.image.length - 1;
  for (const t of result.tokens) {
    // The lexer tracks start offsets only (fast); ends follow from the text.
    t.endOffset = t.startOffset + t.image.length - 1;
    if (t.tokenType !== Word) continue;
    const k = Object.prototype.hasOwnProperty.call(keywords, t.image) ? keywords[t.image] : undefined;
    if (k) {
      t.tokenType = k;
      t.tokenTypeIdx = k.tokenTypeIdx!;
    }
  }
  // No statement starts with `{`, so line breaks before one separate nothing: a block may open
  // on the next line (`scenario "x"` / `{`), as indentation is free.
  const toks = result.tokens;
  let keep = toks.length;
  for (let i = toks.length - 1, nextIsCurly = false; i >= 0; i--) {
    const t = toks[i]!;
    if (t.tokenType === Newline && nextIsCurly) {
      toks[i] = undefined as unknown as IToken;
      keep--;
      continue;
    }
    nextIsCurly = t.tokenType === LCurly;
  }
  if (keep < toks.length) result.tokens = toks.filter((t) => t !== undefined);
  return result;
}
