/** Every ```kscn block of docs/language.md parses and checks (the runner's tests also run them). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractKscnBlocks } from '../../src/lang/examples.js';
import { checkSource } from '../../src/lang/check.js';
import { renderDiagnostics } from '../../src/lang/render-diagnostic.js';

const DOC = path.resolve(__dirname, '../../docs/language.md');
const blocks = extractKscnBlocks(fs.readFileSync(DOC, 'utf8'));

describe('docs/language.md', () => {
  it('has the examples of the reference', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });
  it.each(blocks.map((b) => [b.line, b.code] as const))('the block at line %d parses and checks', (line, code) => {
    const file = `docs/language.md:${line}.kscn`;
    const r = checkSource(code, file, { readFile: () => undefined });
    expect(renderDiagnostics(r.diagnostics, r.sources, { color: false })).toBe('no problems\n');
    expect(r.file).toBeDefined();
  });
});

describe('extractKscnBlocks', () => {
  it('takes only kscn fences, with their line', () => {
    const md = 'text\n```kscn\na\n```\n```\nplain\n```\n~~~kscn\nb\nc\n~~~\n````kscn\n```\n````\n';
    expect(extractKscnBlocks(md)).toEqual([
      { code: 'a\n', line: 3 },
      { code: 'b\nc\n', line: 9 },
      { code: '```\n', line: 13 },
    ]);
  });
});
