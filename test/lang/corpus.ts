/** Every example and scenario file the language tests run over: docs blocks, fixtures, scenarios/. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractKscnBlocks } from '../../src/lang/examples.js';
import { walkKscn } from '../../src/lang/files.js';

export const ROOT = path.resolve(__dirname, '../..');

/** Valid sources: `{name, text}` of the docs' kscn blocks, `test/fixtures/lang/ok` and `scenarios/`. */
export function validCorpus(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const doc = fs.readFileSync(path.join(ROOT, 'docs/language.md'), 'utf8');
  for (const b of extractKscnBlocks(doc)) out.push({ name: `docs/language.md:${b.line}`, text: b.code });
  for (const dir of ['test/fixtures/lang/ok', 'scenarios']) {
    for (const f of walkKscn(path.join(ROOT, dir))) out.push({ name: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') });
  }
  return out;
}

/** Every .kscn source including the error fixtures (for fuzzing). */
export function fullCorpus(): { name: string; text: string }[] {
  const errors = walkKscn(path.join(ROOT, 'test/fixtures/lang/errors')).map((f) => ({ name: path.relative(ROOT, f), text: fs.readFileSync(f, 'latin1') }));
  return [...validCorpus(), ...errors];
}
