/**
 * Scale benchmark: 5,000 nodes (cpu 32, memory 256Gi, three zones) and 10,000 pods of one
 * Deployment, run until every pod is Running. Reports wall time, scheduled pods per second of
 * wall time, simulated time and peak RSS. Imports the build in dist/ (`npm run build` first).
 *
 * Pods come from a Deployment when the deployment and replicaset controllers exist; otherwise
 * the bench creates the ReplicaSet object and its 10,000 pods itself, as the ReplicaSet
 * controller would (owner reference, generated names, pod-template-hash label).
 */
import { Cluster } from '../dist/engine/cluster.js';
import { defaultControllers } from '../dist/engine/controllers/index.js';

const NODES = Number(process.env.BENCH_NODES ?? 5000);
const PODS = Number(process.env.BENCH_PODS ?? 10000);

function nodeSpecs() {
  return Array.from({ length: NODES }, (_, i) => ({
    name: `node-${String(i + 1).padStart(4, '0')}`,
    allocatable: { cpu: '32', memory: '256Gi' },
    labels: { 'topology.kubernetes.io/zone': `zone-${'abc'[i % 3]}` },
    taints: [],
    images: [],
    unschedulable: false,
    notReady: false,
  }));
}

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
};

/** Create the workload: a Deployment, or the ReplicaSet and its pods directly. */
function createWorkload(cluster, withControllers) {
  const kubectl = cluster.kubectl();
  if (withControllers) {
    kubectl.request({ verb: 'create', resource: 'deployments', namespace: 'default', body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: PODS, selector: { matchLabels: { app: 'web' } }, template } } });
    return;
  }
  const hash = '5d8f9c7b6';
  const labels = { app: 'web', 'pod-template-hash': hash };
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `web-${hash}`, labels }, spec: { replicas: PODS, selector: { matchLabels: labels }, template: { ...template, metadata: { labels } } } };
  kubectl.request({ verb: 'create', resource: 'replicasets', namespace: 'default', body: rs }, (res) => {
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: res.object?.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
    for (let i = 0; i < PODS; i++) {
      kubectl.request({ verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: `web-${hash}-`, labels, ownerReferences: [owner] }, spec: template.spec } });
    }
  });
}

export async function bench() {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let peakRss = process.memoryUsage().rss;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
  const names = defaultControllers().map((c) => c.name);
  const withControllers = names.includes('deployment') && names.includes('replicaset');
  const cluster = new Cluster({ seed: 1, nodes: nodeSpecs(), namespaces: [], priorityClasses: [], users: [] });
  // Time every scheduling cycle, to show a cycle costs no more with 10,000 pods placed than with none.
  const cycles = [];
  const scheduleOne = cluster.scheduler.scheduleOne;
  cluster.scheduler.scheduleOne = function (q) {
    const t = performance.now();
    scheduleOne.call(this, q);
    cycles.push(performance.now() - t);
  };
  cluster.start();
  cluster.settle(60_000);
  const setupMs = performance.now() - t0;
  cluster.env.rec.beginStep(1, 'when');
  const simStart = cluster.env.loop.now;
  createWorkload(cluster, withControllers);
  const tRun = performance.now();
  let r;
  do {
    r = cluster.settle(simStart + 3_600_000, 200_000);
    sample();
  } while (r === 'event-cap');
  const runMs = performance.now() - tRun;
  const pods = cluster.server.list('pods', 'default');
  const running = pods.filter((p) => p.status?.phase === 'Running').length;
  const bound = pods.filter((p) => p.spec?.nodeName).length;
  const simMs = cluster.env.loop.now - simStart;
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  const note = `${NODES} nodes, ${PODS} pods (${withControllers ? 'Deployment' : 'pods created directly'}); ${running} of ${pods.length} Running; ${cluster.env.rec.trace.messages.length} trace messages`;
  // The default (summary) diagram of this run: 10,000 pods of one ReplicaSet on 5,000 nodes.
  cluster.env.rec.endStep('settled');
  const { mermaidDiagram } = await import('../dist/report/mermaid.js');
  const span = { file: 'bench.kscn', start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } };
  const tDiagram = performance.now();
  const drawn = mermaidDiagram({ title: 'scale', tags: [], seed: 1, file: 'bench.kscn', span, status: 'passed', expectations: [], errors: [], trace: cluster.env.rec.trace, durationMs: 0 });
  const diagramMs = performance.now() - tDiagram;
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const k = Math.min(1000, Math.floor(cycles.length / 2));
  const first = mean(cycles.slice(0, k)) * 1000;
  const last = mean(cycles.slice(-k)) * 1000;
  return [
    { name: `scale: scheduling cycle, first ${k} pods (µs)`, value: Math.round(first), note: `mean of ${cycles.length} cycles: ${Math.round(mean(cycles) * 1000)} µs` },
    { name: `scale: scheduling cycle, last ${k} pods (µs)`, value: Math.round(last), note: 'the same work per pod however many pods are placed' },
    { name: 'scale: wall time (s)', value: +(wallMs / 1000).toFixed(2), note: `set-up ${(setupMs / 1000).toFixed(2)} s, pods ${(runMs / 1000).toFixed(2)} s; ${note}` },
    { name: 'scale: CPU time (s)', value: +(cpuMs / 1000).toFixed(2), note: 'user + system; wall time also counts waiting for the CPU on a busy machine' },
    { name: 'scale: scheduled pods/s (wall)', value: Math.round(bound / (runMs / 1000)) },
    { name: 'scale: simulated time (s)', value: +(simMs / 1000).toFixed(1) },
    { name: 'scale: peak RSS sampled (MiB)', value: Math.round(peakRss / 1024 / 1024) },
    { name: 'scale: maxRSS (MiB)', value: Math.round(maxRssMiB) },
    { name: 'scale: summary diagram (arrows)', value: drawn.arrows, note: `${drawn.messages.toLocaleString('en-US')} messages drawn as ${drawn.arrows} arrows in ${Math.round(diagramMs)} ms, ${drawn.represented.toLocaleString('en-US')} represented by a drawn arrow or note, ${drawn.cut} cut; ${drawn.text.length.toLocaleString('en-US')} characters` },
  ];
}
