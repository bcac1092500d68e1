/**
 * The committed grammar documents match the parser: grammar/kscn.ebnf, grammar/syntax.html and
 * src/lang/cst-types.d.ts are generated from it (UPDATE_GOLDEN=1 rewrites them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cstTypes, grammarEbnf, syntaxDiagramsHtml } from '../../src/lang/grammar-doc.js';
import { parser } from '../../src/lang/parser.js';
import { updating } from '../update.js';

const ROOT = path.resolve(__dirname, '../..');
const docs: [string, () => string][] = [
  ['grammar/kscn.ebnf', grammarEbnf],
  ['grammar/syntax.html', syntaxDiagramsHtml],
  ['src/lang/cst-types.d.ts', cstTypes],
];

describe('grammar documents', () => {
  it.each(docs)('%s is in sync with the parser', (rel, make) => {
    const file = path.join(ROOT, rel);
    const want = make();
    if (updating()) fs.writeFileSync(file, want);
    expect(fs.existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(want);
  });

  it('has a production for every rule of the parser', () => {
    const ebnf = grammarEbnf();
    for (const rule of parser.getSerializedGastProductions()) expect(ebnf).toMatch(new RegExp(`^${(rule as unknown as { name: string }).name} +=`, 'm'));
  });
});
