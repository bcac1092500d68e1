/**
 * Golden files of the console's failure report (LANGUAGE.md §7.5), one per kind of failure:
 * `test/fixtures/run/NAME.kscn` → `NAME.out`, wall times and the output folder scrubbed.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/run/failure-report`.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from '../../src/cli/run.js';
import { memoryIO } from '../report/io.js';
import { updating } from '../update.js';

const root = resolve(__dirname, '../..');
const NAMES = ['sequence-miss', 'state-pending', 'events-order', 'never-violated', 'within-late'];

describe('failure reports', () => {
  it.each(NAMES)('%s', async (name) => {
    const out = mkdtempSync(join(tmpdir(), 'kscn-golden-'));
    const io = memoryIO({ cwd: root });
    const code = await run([`test/fixtures/run/${name}.kscn`, '--no-svg', '--out', out], io);
    const text = io.out.split(out).join('OUT').replace(/(simulated · )\d+(\.\d+)? (ms|s)/g, '$1T').replace(/(scenarios? in \d+ files? · )\d+(\.\d+)? (ms|s)/g, '$1T');
    const golden = join(root, 'test/fixtures/run', `${name}.out`);
    if (updating()) writeFileSync(golden, text);
    expect(existsSync(golden), `${golden} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
    expect(code).toBe(1);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
});
