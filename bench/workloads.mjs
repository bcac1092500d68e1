// Workload controllers, whole process (`kscn run` on a .kscn kept in bench/, as a user runs it):
// 1,000 Jobs of one pod each on 100 nodes until every Job is Complete, and a CronJob every minute
// over 24 hours of simulated time (1,440 Jobs; the history limits keep three). Bar: both well
// under 10 s. Reports wall time, the process's CPU time and its peak RSS (from /proc when there).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin/kscn.js');

/** Run `kscn run FILE` in a process of its own: wall ms, and (with /usr/bin/time) its CPU time and peak RSS. */
function timed(file, out) {
  const args = [bin, 'run', file, '--no-svg', '--out', out];
  const time = existsSync('/usr/bin/time');
  const t = process.hrtime.bigint();
  const r = time
    ? spawnSync('/usr/bin/time', ['-f', '@@time %U %S %M', process.execPath, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    : spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`kscn run ${file} exited ${r.status}: ${r.stdout}${r.stderr}`);
  const m = /@@time ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  return { ms, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : undefined, rssMiB: m ? Number(m[3]) / 1024 : undefined };
}

function jobsYaml(n) {
  const docs = [];
  for (let i = 1; i <= n; i++) {
    docs.push(`apiVersion: batch/v1
kind: Job
metadata: { name: job-${String(i).padStart(4, '0')} }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: work, image: busybox:1.36, resources: { requests: { cpu: 100m, memory: 64Mi } } }]
`);
  }
  return docs.join('---\n');
}

export async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'kscn-bench-workloads-'));
  copyFileSync(join(root, 'bench/jobs-1000.kscn'), join(dir, 'jobs-1000.kscn'));
  writeFileSync(join(dir, 'jobs-1000.yaml'), jobsYaml(1000));
  const jobs = timed(join(dir, 'jobs-1000.kscn'), join(dir, 'out'));
  const cron = timed(join(root, 'bench/cronjob-day.kscn'), join(dir, 'out2'));
  const fmt = (r) => `${(r.ms / 1000).toFixed(2)} s`;
  const note = (r) => `bar: well under 10 s${r.cpu !== undefined ? `; CPU ${(r.cpu / 1000).toFixed(2)} s, peak RSS ${r.rssMiB.toFixed(0)} MiB` : ''}`;
  return [
    { name: 'kscn run, 1,000 Jobs of 1 pod each on 100 nodes (whole process)', value: fmt(jobs), note: note(jobs) },
    { name: 'kscn run, a CronJob every minute over 24 h simulated (whole process)', value: fmt(cron), note: note(cron) },
  ];
}
