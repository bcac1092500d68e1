// The language layer: parser throughput on a generated 5 MB file (lex + parse + AST, warm), the
// whole check of it, and the cold start of `kscn check` on one file (a fresh process).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A realistic file of about `bytes`: clusters and scenarios with every kind of statement. */
function generate(bytes) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = `cluster c${i} {
  node worker-[1..3] { cpu 4; memory 16Gi; zone eu-1a }
  node gpu-${i} {
    cpu 32; memory 256Gi; pods 110
    labels accelerator=h100 disk=nvme
    taint gpu=true:NoSchedule   # only for GPU pods
  }
  user alice { allow get,list,create on pods,deployments in team-a }
}
scenario "scenario ${i}" @bench {
  given cluster c${i}
  when {
    kubectl create deployment web --image=nginx:1.27 --replicas=2
    wait until deployment web: 2 ready timeout 1m
    at 10s { kubectl scale deployment web --replicas=3 }
  }
  then {
    sequence {
      kubectl -> apiserver: create deployment/web
      scheduler -> apiserver: bind pod/web-* node=worker-* within 5s
    }
    events pod/web-*: Scheduled, Pulling, Pulled, Created, Started
    always pods app=web: >=2 Ready
    never !apiserver -> etcd
  }
}
`;
    parts.push(s);
    size += Buffer.byteLength(s);
  }
  return parts.join('');
}

function best(n, fn) {
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return min;
}

export async function bench() {
  const { parseSource } = await import(join(root, 'dist/lang/parse.js'));
  const { checkSource } = await import(join(root, 'dist/lang/check.js'));
  const text = generate(5 * 1024 * 1024);
  const mb = Buffer.byteLength(text) / 1024 / 1024;
  parseSource(text.slice(0, 200_000), 'warm.kscn');
  const parseMs = best(3, () => {
    const r = parseSource(text, 'bench.kscn');
    if (r.diagnostics.length) throw new Error(`generated file has ${r.diagnostics.length} problems: ${r.diagnostics[0].message}`);
  });
  const checkMs = best(2, () => checkSource(text, 'bench.kscn', { readFile: () => undefined }));
  const cold = best(5, () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/kscn.js'), 'check', 'scenarios/pod-lifecycle.kscn'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    if (r.status !== 0) throw new Error(`kscn check exited ${r.status}: ${r.stderr}`);
  });
  return [
    { name: 'parser throughput (lex + parse + AST)', value: `${(mb / (parseMs / 1000)).toFixed(1)} MB/s`, note: `${mb.toFixed(1)} MB generated file in ${parseMs.toFixed(0)} ms (best of 3)` },
    { name: 'check throughput (parse + every check)', value: `${(mb / (checkMs / 1000)).toFixed(1)} MB/s`, note: `${checkMs.toFixed(0)} ms (best of 2)` },
    { name: 'kscn check, cold start, one file', value: `${cold.toFixed(0)} ms`, note: 'scenarios/pod-lifecycle.kscn, whole process, best of 5' },
  ];
}
