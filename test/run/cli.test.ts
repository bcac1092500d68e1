/**
 * `kscn run --jobs`, `kscn explore` and `kscn record` in-process (workers run the built code in
 * dist/: `npm test` builds first).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from '../../src/cli/run.js';
import { explore } from '../../src/cli/explore.js';
import { record } from '../../src/cli/record.js';
import { memoryIO } from '../report/io.js';
import { CLUSTER } from './helpers.js';

const root = resolve(__dirname, '../..');
const MULTI = 'test/fixtures/run/multi.kscn';
/** Wall times vary; everything else must not. */
const scrub = (s: string) => s.replace(/\d+(\.\d+)? (ms|s)(?! simulated)/g, 'T').replace(/"durationMs": [\d.]+/g, '"durationMs": 0');

function temp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kscn-run-'));
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe('kscn run without a PATH', () => {
  it('runs the scenarios/ folder, and without one says so in one line (exit 2)', async () => {
    const io = memoryIO({ cwd: mkdtempSync(join(tmpdir(), 'kscn-empty-')) });
    expect(await run([], io)).toBe(2);
    expect(io.err.split('\n')[0]).toBe('kscn run: no PATH given and no scenarios/ folder here; name .kscn files or folders to run');
  });
});

describe('kscn run --jobs', () => {
  it('gives byte-identical reports with --jobs 1 and --jobs 3', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kscn-jobs-'));
    const go = async (jobs: string) => {
      const io = memoryIO({ cwd: root });
      const code = await run([MULTI, '--jobs', jobs, '--reporter', 'console,json', '--out', out, '--no-svg'], io);
      return { code, out: scrub(io.out), err: io.err, json: scrub(readFileSync(join(out, 'results.json'), 'utf8')), mmd: readFileSync(join(out, 'multi', 'two-pods-run.mmd'), 'utf8') };
    };
    const one = await go('1');
    const three = await go('3');
    expect(one.code).toBe(1);
    expect(one.out).toMatch(/^3 passed, 1 failed$/m);
    expect(three).toEqual(one);
  });

  it('runs the scenario library with --jobs 2 to the same reports and diagrams as --jobs 1 (files checked once, scenarios spread)', async () => {
    const go = async (jobs: string) => {
      const out = mkdtempSync(join(tmpdir(), 'kscn-jobs-lib-'));
      const io = memoryIO({ cwd: root });
      const code = await run(['scenarios', '--jobs', jobs, '--reporter', 'console,json', '--out', out, '--no-svg'], io);
      const mmd: Record<string, string> = {};
      for (const d of readdirSync(out, { withFileTypes: true })) {
        if (!d.isDirectory()) continue;
        for (const f of readdirSync(join(out, d.name)).sort()) mmd[`${d.name}/${f}`] = readFileSync(join(out, d.name, f), 'utf8');
      }
      return { code, out: scrub(io.out).split(out).join('OUT'), err: io.err, json: scrub(readFileSync(join(out, 'results.json'), 'utf8')).split(out).join('OUT'), mmd };
    };
    const one = await go('1');
    const two = await go('2');
    expect(one.code).toBe(0);
    expect(Object.keys(one.mmd).length).toBeGreaterThan(40);
    expect(two).toEqual(one);
  });

  it('stops at the first failure with --bail, as --jobs 1 does', async () => {
    const io = memoryIO({ cwd: root });
    await run([MULTI, '--jobs', '2', '--bail', '--no-svg', '--out', mkdtempSync(join(tmpdir(), 'kscn-'))], io);
    expect(io.out).toMatch(/^3 passed, 1 failed$/m);
  });
});

describe('kscn run on a file without scenarios', () => {
  const file = temp('clusters.kscn', CLUSTER);
  it('exits 0 and says so', async () => {
    const io = memoryIO();
    expect(await run([file, '--no-svg', '--out', mkdtempSync(join(tmpdir(), 'kscn-'))], io)).toBe(0);
    expect(io.out).toContain(`no scenarios in ${file}\n`);
  });
  it('exits 2 when --grep matches nothing', async () => {
    const io = memoryIO();
    expect(await run([file, '--grep', 'nothing', '--no-svg', '--out', mkdtempSync(join(tmpdir(), 'kscn-'))], io)).toBe(2);
    expect(io.err).toContain('no scenario matched --grep "nothing"');
  });
});

describe('kscn explore', () => {
  const file = temp('explore.kscn', `${CLUSTER}
scenario "steady" {
  given cluster two
  when { kubectl run a --image=busybox }
  then { pod a: Running }
}

scenario "depends on timing" {
  given cluster two
  when { kubectl run a --image=busybox }
  then {
    pod a: Running
    pod a: Running within 1990ms
  }
}
`);

  it('reports the order-dependent expectation with a command that replays it', async () => {
    const io = memoryIO();
    expect(await explore([file, '--runs', '8'], io)).toBe(1);
    expect(io.out).toMatch(/✓ steady {2}8 runs, seeds \d+…\d+: every expectation held/);
    expect(io.out).toContain('× pod a: Running within 1990ms');
    expect(io.out).not.toMatch(/× pod a: Running\n/);
    const cmd = /replay: kscn (run .*)/.exec(io.out)![1]!;
    const args = cmd.match(/"[^"]*"|\S+/g)!.slice(1).map((a) => a.replace(/^"|"$/g, ''));
    expect(args).toContain('--jitter');
    const replay = memoryIO();
    expect(await run([...args, '--no-svg', '--out', mkdtempSync(join(tmpdir(), 'kscn-'))], replay)).toBe(1);
    expect(replay.out).toContain('expected `pod a: Running within 1990ms`, but it did not hold by 1.99s');
  });

  it('exits 0 when every expectation holds', async () => {
    const io = memoryIO();
    expect(await explore([file, '--runs', '3', '--grep', 'steady'], io)).toBe(0);
    expect(io.out).toContain('no order-dependent expectations in 1 scenario (3 runs each, jitter 0.3)');
  });
});

describe('kscn record', () => {
  it('prints a then block per step', async () => {
    const io = memoryIO({ cwd: root });
    expect(await record(['scenarios/pod-lifecycle.kscn'], io)).toBe(0);
    expect(io.out).toContain('# step 1: the `when` at scenarios/pod-lifecycle.kscn:9\nthen {\n  sequence {\n    kubectl -> apiserver: create pod/busybox\n');
    expect(io.out).toContain('  events pod/busybox: Scheduled, Pulling, Pulled, Created, Started\n  pod busybox: Running\n}\n');
  });
});
