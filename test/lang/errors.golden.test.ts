/**
 * Golden tests of diagnostics: every `test/fixtures/lang/errors/*.kscn` is checked and its
 * rendered diagnostics (plain) must equal the `.err` file beside it. Run with
 * `UPDATE_GOLDEN=1` to rewrite the `.err` files after a deliberate change, and review the diff.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { renderDiagnostics } from '../../src/lang/render-diagnostic.js';
import { updating } from '../update.js';

const DIR = path.resolve(__dirname, '../fixtures/lang/errors');
const cases = fs.readdirSync(DIR).filter((f) => f.endsWith('.kscn')).sort();

describe('error goldens', () => {
  it('has at least 25 distinct cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('%s', (name) => {
    const text = fs.readFileSync(path.join(DIR, name), 'utf8');
    const r = checkSource(text, name, { cwd: DIR, root: DIR });
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.file).toBeUndefined();
    const out = renderDiagnostics(r.diagnostics, r.sources, { color: false });
    const golden = path.join(DIR, name.replace(/\.kscn$/, '.err'));
    if (updating()) fs.writeFileSync(golden, out);
    expect(fs.existsSync(golden), `${golden} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
    expect(out).toBe(fs.readFileSync(golden, 'utf8'));
  });
});
