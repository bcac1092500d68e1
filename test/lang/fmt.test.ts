/** `kscn fmt`: canonical, idempotent, keeps comments and the AST — on every example and scenario. */
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../src/lang/format.js';
import { parseSource } from '../../src/lang/parse.js';
import { validCorpus } from './corpus.js';

function shape(text: string): string {
  const { ast } = parseSource(text, 'x.kscn');
  return JSON.stringify(ast, (k, v) => (k === 'span' || k.endsWith('Span') || k.endsWith('Spans') || k === 'textLine' || k === 'textIndent' ? undefined : v));
}

describe('formatSource on every example and scenario', () => {
  it.each(validCorpus().map((c) => [c.name, c.text] as const))('%s', (_name, text) => {
    const once = formatSource(text, 'x.kscn');
    expect(once.diagnostics).toEqual([]);
    expect(shape(once.output)).toBe(shape(text));
    expect(formatSource(once.output, 'x.kscn').output).toBe(once.output);
    const comments = text.match(/#[^\n"]*$/gm)?.length ?? 0;
    expect(once.output.match(/#[^\n"]*$/gm)?.length ?? 0).toBe(comments);
  });
});

describe('the canonical layout', () => {
  const fmt = (t: string) => formatSource(t, 'x.kscn').output;
  it('indents by two spaces and puts one statement on a line', () => {
    expect(fmt('cluster c {\nnode n {\ncpu 1;memory 1Gi\n}\n}\n')).toBe('cluster c {\n  node n {\n    cpu 1\n    memory 1Gi\n  }\n}\n');
  });
  it('keeps a one-line block on one line with canonical spacing', () => {
    expect(fmt('cluster c{node n{cpu 1 ;memory   1Gi}}\n')).toBe('cluster c { node n { cpu 1; memory 1Gi } }\n');
  });
  it('keeps comments, aligns trailing ones, and collapses blank lines', () => {
    expect(fmt('# head\n\n\n\ncluster c { # the cluster\n  # inside\n  node n { cpu 1 }   # n\n  node mm { cpu 1 } # m\n}\n')).toBe(
      '# head\n\ncluster c {  # the cluster\n  # inside\n  node n { cpu 1 }   # n\n  node mm { cpu 1 }  # m\n}\n',
    );
  });
  it('re-indents block strings one level deeper than their statement', () => {
    expect(fmt('scenario "s" {\ngiven cluster c\nwhen {\napply """\n      a: 1\n      b:\n        c: 2\n"""\n}\n}\ncluster c { node n { cpu 1 } }\n')).toBe(
      'scenario "s" {\n  given cluster c\n  when {\n    apply """\n      a: 1\n      b:\n        c: 2\n    """\n  }\n}\ncluster c { node n { cpu 1 } }\n',
    );
  });
  it('leaves a file with syntax errors alone and says why', () => {
    const r = formatSource('cluster {', 'x.kscn');
    expect(r.output).toBe('cluster {');
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });
});
