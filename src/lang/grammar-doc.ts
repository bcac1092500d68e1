/**
 * The grammar as documents, generated from the parser itself so they cannot drift:
 * `grammar/kscn.ebnf` (EBNF), `grammar/syntax.html` (Chevrotain's railroad diagrams) and
 * `src/lang/cst-types.d.ts` (the CST's types). `test/lang/grammar.test.ts` fails when a
 * committed copy differs; `UPDATE_GOLDEN=1` rewrites them.
 */
import { createSyntaxDiagramsCode, generateCstDts } from './chevrotain.js';
import { parser } from './parser.js';

const TERMINALS: Record<string, string> = {
  Word: 'WORD',
  StringLit: 'STRING',
  BlockString: 'BLOCK_STRING',
  KubectlLine: 'KUBECTL_LINE',
  Tag: 'TAG',
  Sep: 'SEP',
  LCurly: "'{'",
  RCurly: "'}'",
  LParen: "'('",
  RParen: "')'",
  Comma: "','",
  Arrow: "'->'",
  GreaterEq: "'>='",
  LessEq: "'<='",
  Greater: "'>'",
  Less: "'<'",
  Colon: "':'",
};

/** The serialized GAST, as much of it as the EBNF needs. */
interface G {
  type: string;
  name?: string;
  label?: string;
  definition?: G[];
}

function productions(): G[] {
  return parser.getSerializedGastProductions() as unknown as G[];
}

function terminal(name: string, label: string | undefined): string {
  if (TERMINALS[name]) return TERMINALS[name]!;
  if (name.startsWith('Kw_') && label) return `'${label.replace(/`/g, '')}'`;
  return name;
}

function seq(defs: G[]): string {
  return defs.map(expr).join(' ');
}

function expr(g: G): string {
  const d = g.definition ?? [];
  switch (g.type) {
    case 'Terminal':
      return terminal(g.name ?? '', g.label);
    case 'NonTerminal':
      return g.name ?? '';
    case 'Alternation':
      return `( ${d.map((a) => seq(a.definition ?? [])).join(' | ')} )`;
    case 'Alternative':
      return seq(d);
    case 'Option':
      return `[ ${seq(d)} ]`;
    case 'Repetition':
      return `{ ${seq(d)} }`;
    case 'RepetitionMandatory': {
      const one = d.length === 1 && d[0]!.type === 'Alternation';
      return `${one || !seq(d).includes(' ') ? seq(d) : `( ${seq(d)} )`} { ${one ? seq(d).slice(2, -2) : seq(d)} }`;
    }
    default:
      return `( ${seq(d)} )`;
  }
}

const HEADER = `(* The kscn grammar (LANGUAGE.md §3–§9), generated from src/lang/parser*.ts — do not edit.
   Regenerate: UPDATE_GOLDEN=1 npx vitest run test/lang/grammar.test.ts

   Notation: [ x ] optional, { x } zero or more, ( a | b ) choice, 'word' a keyword or symbol.
   Terminals (src/lang/tokens.ts):
     WORD          a name, number, duration, quantity, label, pattern …: any run of characters other
                   than blanks and { } ( ) ; , # " < > ; a ':' inside it belongs to it (nginx:1.27),
                   a ':' before a blank is the separator ':'; '->' always ends it.
                   Every keyword is also a WORD where the grammar asks for a WORD.
     STRING        "…" with \\" \\\\ \\n \\t          BLOCK_STRING  """…""" (common indentation removed)
     TAG           @word                          SEP           a newline or ';'
     KUBECTL_LINE  'kubectl' at the start of a statement, not followed by '->' or ',': the rest of
                   the line up to a newline, ';', an unbalanced '}' or ' #'.
   Comments run from '#' to the end of the line.
   Choices are made on the first word (LL(1)); where a choice needs more, a predicate decides:
     expectation   a stateExpect starts with a kind (pod, pods, deployment, job, namespace, … any served kind)
     neverExpect, sequenceExpect   a messagePattern has '->' as its second token
     selector      stops before 'crash', 'ignore', 'exit', 'fails', 'use';  condition  stops before 'and', 'within', 'timeout'
     messagePattern  the verb and attributes stop before 'within'
   looseStatement takes any other line, which the checker reports as unknown or misplaced. *)
`;

/** The grammar in EBNF, one production per rule, in the parser's order. */
export function grammarEbnf(): string {
  // The parser's base classes define their rules first; start with `file`, as a reader would.
  const all = productions();
  const at = all.findIndex((r) => r.name === 'file');
  const rules = [...all.slice(at), ...all.slice(0, at)];
  const width = Math.max(...rules.map((r) => (r.name ?? '').length));
  const lines = rules.map((r) => `${(r.name ?? '').padEnd(width)} = ${seq(r.definition ?? [])} ;`);
  return HEADER + '\n' + lines.join('\n') + '\n';
}

/** Railroad diagrams of every rule (an HTML page; its script loads from a CDN when opened). */
export function syntaxDiagramsHtml(): string {
  return createSyntaxDiagramsCode(parser.getSerializedGastProductions());
}

/** TypeScript types of the CST (`children` of each rule). */
export function cstTypes(): string {
  return '// Generated from the grammar by src/lang/grammar-doc.ts — do not edit.\n' + generateCstDts(parser.getGAstProductions(), { includeVisitorInterface: false });
}
