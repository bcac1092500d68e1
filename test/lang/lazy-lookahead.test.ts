/**
 * Outside the test suite the parser builds each lookahead function the first time it is needed
 * (start-up time); the suite builds them all at once, with Chevrotain's validations. This test
 * parses every .kscn file of the project (the library, fixtures with errors, recovery included)
 * with both and requires the same trees and the same errors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CstNode, IToken } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { KscnParser, parser as eager } from '../../src/lang/parser.js';
import { lex } from '../../src/lang/tokens.js';

const root = join(__dirname, '../..');

function kscnFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? kscnFiles(join(dir, e.name)) : e.name.endsWith('.kscn') ? [join(dir, e.name)] : []));
}

/** A tree as plain data: rule names, and tokens as type, offset and text. */
function plain(n: CstNode | IToken): unknown {
  if ('image' in n) return [n.tokenType.name, n.startOffset, n.image];
  return { name: n.name, recovered: !!n.recoveredNode, children: Object.fromEntries(Object.entries(n.children).map(([k, v]) => [k, v.map((c) => plain(c as CstNode | IToken))])) };
}

function parseWith(p: KscnParser, text: string) {
  p.input = lex(text).tokens;
  const cst = p.file();
  const errors = p.errors.map((e) => [e.name, e.message, e.token.startOffset]);
  p.input = [];
  return { tree: plain(cst), errors };
}

describe('lazy lookahead', () => {
  it('parses every .kscn file of the project as the eager parser does', () => {
    const saved = process.env.VITEST;
    delete process.env.VITEST;
    let lazy: KscnParser;
    try {
      lazy = new KscnParser();
    } finally {
      process.env.VITEST = saved;
    }
    const files = [...kscnFiles(join(root, 'scenarios')), ...kscnFiles(join(root, 'test/fixtures')), ...kscnFiles(join(root, 'bench'))];
    expect(files.length).toBeGreaterThan(60);
    let withErrors = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const a = parseWith(eager, text);
      const b = parseWith(lazy, text);
      if (a.errors.length) withErrors++;
      expect(b, f).toEqual(a);
    }
    expect(withErrors).toBeGreaterThan(5);
  });
});
