// Whole-process CLI timings: `kscn run` on the one-pod scenario (quality bar: well under 1 s),
// and a suite of 100 scenarios in one process without rendering (quality bar: under 5 s).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin/kscn.js');

function timed(args, cwd = root) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`kscn ${args.join(' ')} exited ${r.status}: ${r.stderr || r.stdout}`);
  return ms;
}

export async function bench() {
  const out = mkdtempSync(join(tmpdir(), 'kscn-bench-'));
  const one = [];
  for (let i = 0; i < 5; i++) one.push(timed(['run', 'scenarios/pod-lifecycle.kscn', '--no-svg', '--out', out]));
  one.sort((a, b) => a - b);
  // 100 scenarios: the first scenario with 100 different pods, in 10 files.
  const src = readFileSync(join(root, 'scenarios/pod-lifecycle.kscn'), 'utf8');
  const dir = join(out, 'suite');
  mkdirSync(dir);
  const body = src.slice(src.indexOf('scenario "'));
  const cluster = src.slice(0, src.indexOf('scenario "'));
  for (let f = 0; f < 10; f++) {
    let text = cluster;
    for (let s = 0; s < 10; s++) text += body.replace('kubectl run creates a running pod', `pod ${f}-${s}`) + '\n';
    writeFileSync(join(dir, `suite-${f}.kscn`), text);
  }
  const suite = timed(['run', dir, '--no-svg', '--out', join(out, 'r')]);
  return [
    { name: 'kscn run, one-pod scenario (whole process, median of 5)', value: `${one[2].toFixed(0)} ms`, note: 'bar: well under 1 s' },
    { name: 'kscn run, 100 scenarios in 10 files (one process, no rendering)', value: `${(suite / 1000).toFixed(2)} s`, note: 'bar: under 5 s' },
  ];
}
