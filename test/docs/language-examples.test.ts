/**
 * Every ```kscn example of docs/language.md runs and passes as written — the reference is the
 * contract with users (and it must keep the examples of the shared LANGUAGE.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractKscnBlocks } from '../../src/lang/examples.js';
import { checkSource } from '../../src/lang/check.js';
import { runScenario } from '../../src/run/run.js';

const DOC = path.resolve(__dirname, '../../docs/language.md');
const blocks = extractKscnBlocks(fs.readFileSync(DOC, 'utf8'));
const SHARED = path.resolve(__dirname, '../../../shared/LANGUAGE.md');

describe('docs/language.md examples', () => {
  it.each(blocks.map((b) => [b.line, b.code] as const))('the example at line %d passes', (line, code) => {
    const r = checkSource(code, `docs/language.md:${line}.kscn`, { cwd: path.dirname(DOC) });
    expect(r.file).toBeDefined();
    for (const sc of r.file!.scenarios) {
      const res = runScenario(r.file!, sc);
      const failed = res.expectations.filter((e) => !e.ok).map((e) => `${e.text}: ${e.message}`);
      expect(failed, sc.title).toEqual([]);
      expect(res.status, sc.title).toBe('passed');
    }
  });

  it.skipIf(!fs.existsSync(SHARED))('keeps every example of the shared reference', () => {
    const ours = new Set(blocks.map((b) => b.code.trim()));
    for (const b of extractKscnBlocks(fs.readFileSync(SHARED, 'utf8'))) expect(ours.has(b.code.trim()), `example at LANGUAGE.md:${b.line}`).toBe(true);
  });
});
