/**
 * `kscn merge-reports`: the JSON reports of three `kscn run --shard I/3` runs join into the JSON,
 * JUnit, Markdown and HTML reports and diagrams of the unsharded run — the same files, equal but
 * for wall times. Missing or doubled shards are refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';

const root = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'kscn-merge-'));

async function kscn(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), color: false, env: { KSCN_CHROMIUM: join(dir, 'no-chromium') }, cwd: dir });
  // (No browser: the HTML report draws in the page, so no Chromium start slows the four runs.)
  return { code, out, err };
}

function files(d: string): string[] {
  return readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? files(join(d, n)) : [join(d, n)])).sort();
}

/** Wall times are the only difference allowed. */
function scrub(text: string): string {
  return text
    .replace(/"durationMs": [\d.]+/g, '"durationMs": 0')
    .replace(/ time="[\d.]+"/g, ' time="0"')
    .replace(/\b\d+(\.\d+)? (ms|s)\b(?! simulated)/g, 'T');
}

describe('kscn merge-reports', () => {
  const paths = ['scen'];
  let full: Awaited<ReturnType<typeof kscn>>;
  beforeAll(async () => {
    mkdirSync(join(dir, 'scen/failing'), { recursive: true });
    cpSync(join(root, 'scenarios/basics'), join(dir, 'scen/basics'), { recursive: true });
    for (const f of readdirSync(join(root, 'test/fixtures/run')).filter((n) => n.endsWith('.kscn'))) cpSync(join(root, 'test/fixtures/run', f), join(dir, 'scen/failing', f));
    full = await kscn(['run', ...paths, '--reporter', 'json,junit,markdown,html', '--no-svg']);
    renameSync(join(dir, 'reports'), join(dir, 'unsharded'));
    for (const i of [1, 2, 3]) {
      const r = await kscn(['run', ...paths, '--shard', `${i}/3`, '--reporter', 'json', '--out', `shard-${i}`, '--no-svg']);
      expect(r.err).toBe('');
    }
  });

  it('joins three shards into the reports of the unsharded run, equal but for times', async () => {
    expect(full.code).toBe(1);
    const r = await kscn(['merge-reports', 'shard-1', 'shard-3/results.json', 'shard-2', '--reporter', 'json,junit,markdown,html', '--no-svg']);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const want = files(join(dir, 'unsharded')).map((f) => relative(join(dir, 'unsharded'), f));
    const got = files(join(dir, 'reports')).map((f) => relative(join(dir, 'reports'), f));
    expect(got).toEqual(want);
    expect(want).toEqual(expect.arrayContaining(['results.json', 'junit.xml', 'index.html']));
    expect(want.filter((f) => f.endsWith('.md')).length).toBeGreaterThan(3);
    expect(want.filter((f) => f.endsWith('.mmd')).length).toBeGreaterThan(6);
    for (const f of want) {
      expect(scrub(readFileSync(join(dir, 'reports', f), 'utf8')), f).toBe(scrub(readFileSync(join(dir, 'unsharded', f), 'utf8')));
    }
    // Each shard ran only its share.
    const counts = [1, 2, 3].map((i) => JSON.parse(readFileSync(join(dir, `shard-${i}/results.json`), 'utf8')).files.flatMap((f: { scenarios: unknown[] }) => f.scenarios).length);
    const merged = JSON.parse(readFileSync(join(dir, 'reports/results.json'), 'utf8')).files.flatMap((f: { scenarios: unknown[] }) => f.scenarios).length;
    expect(counts.reduce((a, b) => a + b)).toBe(merged);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('refuses a missing shard, a doubled one, and a report of an unsharded run', async () => {
    expect((await kscn(['merge-reports', 'shard-1', 'shard-2'])).err).toBe('kscn merge-reports: shard 3/3 missing; the merged report would leave out their scenarios\n');
    expect((await kscn(['merge-reports', 'shard-1', 'shard-1', 'shard-2'])).err).toMatch(/are both shard 1\/3/);
    const r = await kscn(['merge-reports', 'unsharded']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not the JSON report of a sharded run/);
  });
});
