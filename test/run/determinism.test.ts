/** Same file and seed ⇒ byte-identical JSON report and diagrams (wall times aside). */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from '../../src/cli/run.js';
import { memoryIO } from '../report/io.js';

const root = resolve(__dirname, '../..');

async function report(args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'kscn-det-'));
  const io = memoryIO({ cwd: root });
  await run([...args, '--reporter', 'json', '--no-svg', '--out', out], io);
  const json = readFileSync(join(out, 'results.json'), 'utf8').split(out).join('OUT').replace(/"durationMs": [\d.]+/g, '"durationMs": 0');
  const dir = readdirSync(out).find((d) => d !== 'results.json')!;
  const mmd = Object.fromEntries(readdirSync(join(out, dir)).sort().map((f) => [f, readFileSync(join(out, dir, f), 'utf8')]));
  return { json, mmd };
}

describe('determinism', () => {
  it.each([
    ['test/fixtures/run/multi.kscn'],
    ['test/fixtures/run/state-pending.kscn'],
    ['scenarios/pod-lifecycle.kscn', '--seed', '7'],
  ])('%s gives the same report and diagrams twice', async (...args) => {
    const a = await report(args);
    const b = await report(args);
    expect(Object.keys(a.mmd).length).toBeGreaterThan(0);
    expect(b.json).toBe(a.json);
    expect(b.mmd).toEqual(a.mmd);
  });

  it('a different seed may change the trace but keeps the report valid JSON', async () => {
    const a = await report(['scenarios/pod-lifecycle.kscn', '--seed', '8']);
    expect(JSON.parse(a.json).files[0].scenarios[0].seed).toBe(8);
  });
});
