/**
 * `kscn run` selection and reproduction options: --grep, --tag, --shard, --seed, and their
 * errors. In-process, as a user would call them.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import { memoryIO } from '../report/io.js';

const FILE = `
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "alpha runs a pod" @smoke {
  given cluster one
  when { kubectl run a --image=nginx:1.27 }
  then { pod a: Running }
}
scenario "beta runs a pod" @slow {
  given cluster one
  when { kubectl run b --image=nginx:1.27 }
  then { pod b: Running }
}
scenario "gamma runs a pod" @smoke @slow {
  given cluster one
  when { kubectl run c --image=nginx:1.27 }
  then { pod c: Running }
}
`;

async function go(...args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'kscn-opts-'));
  writeFileSync(join(dir, 'three.kscn'), FILE);
  const io = memoryIO({ cwd: dir });
  const code = await run(['three.kscn', '--no-svg', '--out', join(dir, 'out'), ...args], io);
  const ran = [...io.out.matchAll(/^ {2}[✓✗] (.+?) {2}/gm)].map((m) => m[1]);
  return { code, ran, out: io.out, err: io.err, dir };
}

describe('kscn run options', () => {
  it.each([
    { args: [], want: ['alpha runs a pod', 'beta runs a pod', 'gamma runs a pod'] },
    { args: ['--grep', 'BETA'], want: ['beta runs a pod'] },
    { args: ['--tag', 'smoke'], want: ['alpha runs a pod', 'gamma runs a pod'] },
    { args: ['--tag', '@slow', '--grep', 'gamma'], want: ['gamma runs a pod'] },
    { args: ['--shard', '1/2'], want: ['alpha runs a pod', 'gamma runs a pod'] },
    { args: ['--shard', '2/2'], want: ['beta runs a pod'] },
  ])('$args selects $want', async ({ args, want }) => {
    const r = await go(...args);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.ran).toEqual(want);
  });

  it('shards cover every scenario exactly once', async () => {
    const all = (await Promise.all(['1/3', '2/3', '3/3'].map((s) => go('--shard', s)))).flatMap((r) => r.ran);
    expect(all.sort()).toEqual(['alpha runs a pod', 'beta runs a pod', 'gamma runs a pod']);
  });

  it('exits 2 when --grep or --tag matches nothing', async () => {
    const r = await go('--grep', 'delta');
    expect(r.code).toBe(2);
    expect(r.err).toContain('no scenario matched --grep "delta"');
  });

  it.each([
    { args: ['--shard', '3/2'], msg: '--shard takes I/N with 1 ≤ I ≤ N' },
    { args: ['--seed', 'x'], msg: '--seed takes a whole number' },
    { args: ['--reporter', 'junitt'], msg: 'did you mean `junit`' },
  ])('rejects $args with a usage line', async ({ args, msg }) => {
    const r = await go(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(msg);
  });

  it('--seed overrides every scenario seed and is reported', async () => {
    const a = await go('--seed', '42', '--reporter', 'json');
    expect(a.code).toBe(0);
    const json = JSON.parse(readFileSync(join(a.dir, 'out', 'results.json'), 'utf8'));
    const seeds = json.files.flatMap((f: { scenarios: { seed: number }[] }) => f.scenarios.map((s) => s.seed));
    expect(seeds).toEqual([42, 42, 42]);
    const plain = JSON.parse(readFileSync(join((await go('--reporter', 'json')).dir, 'out', 'results.json'), 'utf8'));
    expect(new Set(plain.files[0].scenarios.map((s: { seed: number }) => s.seed)).size).toBe(3);
  });
});
