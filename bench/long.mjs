/**
 * Long simulation (issue 18 §4): a crash loop over 1,000 hours of simulated time — about 12,000
 * restarts and a node heartbeating all along — run by the CLI in a process of its own, measured
 * with /usr/bin/time -v (peak RSS of the whole process). Bar: under 500 MB. The long fuzz of
 * manifests that are checked and run is bench/fuzz.mjs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'bin/kscn.js');

const CRASH_LOOP = (hours, pods) => `cluster one {
  node worker-1 { cpu 16; memory 32Gi }
}
scenario "a crash loop over ${hours} hours" {
  given cluster one
  timeout ${hours}h
  when {
    pods run=crasher crash after 1s exit 1
${Array.from({ length: pods }, (_, i) => `    kubectl run crasher-${i} --image=busybox --labels=run=crasher`).join('\n')}
  }
  then {
    pods crasher-*: reason CrashLoopBackOff
    pod crasher-0: restarts >= 1000
  }
}
`;

/** Run the CLI on a file under /usr/bin/time -v: exit code, wall seconds, peak RSS in MB. */
function measured(file, out) {
  const args = ['run', file, '--no-svg', '--out', out, '--reporter', 'json'];
  const useTime = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = useTime ? spawnSync('/usr/bin/time', ['-v', process.execPath, BIN, ...args], { encoding: 'utf8' }) : spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '')?.[1] ?? NaN);
  return { code: r.status, wall, mb: kb / 1024, err: r.stderr };
}

export async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'kscn-long-'));
  const rows = [];
  for (const [hours, pods] of [[1000, 1], [100, 10]]) {
    const file = join(dir, `crash-${hours}-${pods}.kscn`);
    writeFileSync(file, CRASH_LOOP(hours, pods));
    const m = measured(file, join(dir, `out-${pods}`));
    rows.push({
      name: `crash loop over ${hours} h simulated, ${pods} pod${pods === 1 ? '' : 's'} (whole process, peak RSS)`,
      value: `${m.mb.toFixed(0)} MB`,
      note: `bar: under 500 MB · exit ${m.code} · ${m.wall.toFixed(0)} s wall`,
    });
  }
  return rows;
}
