/**
 * Small builders for scheduler plugin tests, in the manner of Kubernetes' st.MakePod() /
 * st.MakeNode(): real-looking objects, a cache to place pods in, a handle, and runners that call
 * one plugin's extension points as the framework would.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../../src/trace/types.js';
import { CycleState, type Plugin, type Status } from '../../../src/engine/scheduler/framework/interface.js';
import { isFilter, isPreFilter, isPreScore, isScore } from '../../../src/engine/scheduler/framework/interface.js';
import { podInfo, type NodeInfo, type PodInfo } from '../../../src/engine/scheduler/framework/types.js';
import type { SchedulerHandle } from '../../../src/engine/scheduler/framework/handle.js';
import { SchedulerCache } from '../../../src/engine/scheduler/cache.js';
import { Random } from '../../../src/engine/sim/random.js';

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  images?: { name: string; size: number }[];
  unschedulable?: boolean;
  zone?: string;
  extra?: Record<string, string>;
}

/** A Node as a kubelet registers it. */
export function node(name: string, o: NodeOpts = {}): KubeObject {
  const allocatable = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110', ...(o.extra ?? {}) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.zone ? { 'topology.kubernetes.io/zone': o.zone } : {}), ...(o.labels ?? {}) } },
    spec: { ...(o.unschedulable ? { unschedulable: true } : {}), ...(o.taints ? { taints: o.taints } : {}) },
    status: { allocatable, capacity: allocatable, images: (o.images ?? []).map((i) => ({ names: [i.name], sizeBytes: i.size })) },
  };
}

export interface PodOpts {
  ns?: string;
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  priority?: number;
  nodeSelector?: Record<string, string>;
  affinity?: any;
  tolerations?: any[];
  hostPorts?: (number | { port: number; protocol?: string; ip?: string })[];
  spread?: any[];
  owner?: { kind: string; name: string };
  preemptionPolicy?: string;
  nodeName?: string;
  images?: string[];
  startTime?: string;
  deleting?: boolean;
  status?: any;
}

/** A Pod as the apiserver stores it after admission. */
export function pod(name: string, o: PodOpts = {}): KubeObject {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const images = o.images ?? ['nginx:1.27'];
  const ports = (o.hostPorts ?? []).map((p) => (typeof p === 'number' ? { containerPort: p, hostPort: p, protocol: 'TCP' } : { containerPort: p.port, hostPort: p.port, protocol: p.protocol ?? 'TCP', ...(p.ip ? { hostIP: p.ip } : {}) }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.ns ?? 'default',
      uid: `uid-${name}`,
      labels: o.labels ?? {},
      ...(o.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: o.owner.kind, name: o.owner.name, uid: `uid-${o.owner.name}`, controller: true }] } : {}),
      ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:30Z' } : {}),
    },
    spec: {
      schedulerName: 'default-scheduler',
      priority: o.priority ?? 0,
      containers: images.map((image, i) => ({ name: `c${i}`, image, resources: i === 0 && Object.keys(requests).length ? { requests } : {}, ...(i === 0 && ports.length ? { ports } : {}) })),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.affinity ? { affinity: o.affinity } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.spread ? { topologySpreadConstraints: o.spread } : {}),
      ...(o.preemptionPolicy ? { preemptionPolicy: o.preemptionPolicy } : {}),
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
    },
    status: { phase: 'Pending', ...(o.startTime ? { startTime: o.startTime } : {}), ...(o.status ?? {}) },
  };
}

const PLURAL: Record<string, string> = { Service: 'services', ReplicaSet: 'replicasets', Namespace: 'namespaces', StatefulSet: 'statefulsets', ReplicationController: 'replicationcontrollers' };

/** A cache with the nodes and placed pods, and a handle over it (and over `objects` for listers). */
export function cluster(nodes: KubeObject[], placed: [string, KubeObject][] = [], objects: KubeObject[] = []): { cache: SchedulerCache; handle: SchedulerHandle } {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.upsertNode(n);
  for (const [n, p] of placed) cache.addPod(n, podInfo(p));
  const of = (resource: string, ns?: string) => objects.filter((o) => PLURAL[o.kind] === resource && (ns === undefined || (o.metadata.namespace ?? 'default') === ns || o.kind === 'Namespace'));
  const handle: SchedulerHandle = {
    nodes: () => cache.nodes(),
    node: (n) => cache.node(n),
    imageNodeCount: (i) => cache.imageNodeCount(i),
    podCounter: (ns, s) => cache.podCounter(ns, s),
    nodesWithAffinityPods: () => cache.nodesWithAffinityPods(),
    nodesWithRequiredAntiAffinityPods: () => cache.nodesWithRequiredAntiAffinityPods(),
    rng: new Random(1),
    schedulerName: 'default-scheduler',
    timestamp: () => '2026-01-01T00:00:00Z',
    get: (resource, ns, name) => of(resource, ns).find((o) => o.metadata.name === name),
    list: (resource, ns) => of(resource, ns),
    runFilterPlugins: () => undefined,
    runPreFilterAddPod: () => undefined,
    runPreFilterRemovePod: () => undefined,
  };
  return { cache, handle };
}

/** A verdict as the tests compare it: 'Success', or the code and reasons. */
export type Verdict = 'Success' | { code: string; reasons: string[] };

function verdict(st: Status | undefined): Verdict {
  return !st || st.code === 'Success' || st.code === 'Skip' ? 'Success' : { code: st.code, reasons: st.reasons };
}

/** PreFilter then Filter of one plugin for `p` on every node, by node name. */
export function filterAll(plugin: Plugin, p: KubeObject, handle: SchedulerHandle): Record<string, Verdict> {
  const state = new CycleState();
  const info = podInfo(p);
  const out: Record<string, Verdict> = {};
  if (isPreFilter(plugin)) {
    const r = plugin.preFilter(state, info, handle.nodes());
    if (r?.status?.code === 'Skip') {
      for (const n of handle.nodes()) out[n.name] = 'Success';
      return out;
    }
    if (r?.status && r.status.code !== 'Success') {
      for (const n of handle.nodes()) out[n.name] = verdict(r.status);
      return out;
    }
  }
  if (!isFilter(plugin)) throw new Error(`${plugin.name} has no Filter`);
  for (const n of handle.nodes()) out[n.name] = verdict(plugin.filter(state, info, n));
  return out;
}

/** PreScore, Score and NormalizeScore of one plugin over `nodes` (default: all), by node name. */
export function scoreAll(plugin: Plugin, p: KubeObject, handle: SchedulerHandle, nodes?: readonly NodeInfo[]): Record<string, number> {
  const state = new CycleState();
  const info: PodInfo = podInfo(p);
  const list = nodes ?? handle.nodes();
  if (!isScore(plugin)) throw new Error(`${plugin.name} has no Score`);
  if (isPreScore(plugin) && plugin.preScore(state, info, list)?.code === 'Skip') return Object.fromEntries(list.map((n) => [n.name, 0]));
  const scores = list.map((n) => ({ name: n.name, score: plugin.score(state, info, n) }));
  plugin.normalizeScore?.(state, info, scores);
  return Object.fromEntries(scores.map((s) => [s.name, s.score]));
}
