/**
 * The scheduler's view of nodes and pods (NodeInfo, PodInfo): resource totals kept up to date
 * incrementally, so the cost of a scheduling cycle does not grow with the pods already placed.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../../trace/types.js';
import { milliCpu, units } from '../../../manifests/quantity.js';

/** Resources in scheduler units: milli-cpu, bytes, pod count, and extended resources. */
export interface Resource {
  milliCpu: number;
  memory: number;
  ephemeralStorage: number;
  pods: number;
  scalar: Map<string, number>;
}

export function emptyResource(): Resource {
  return { milliCpu: 0, memory: 0, ephemeralStorage: 0, pods: 0, scalar: new Map() };
}

/** Defaults for pods that request nothing (schedutil DefaultMilliCPURequest / DefaultMemoryRequest), used by scoring only. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export interface PodInfo {
  pod: KubeObject;
  /** `namespace/name`. */
  key: string;
  priority: number;
  /** Effective requests: max(sum of containers, each init container) + overhead. */
  requests: Resource;
  /** Requests with the scoring defaults for zero cpu/memory. */
  nonZeroCpu: number;
  nonZeroMemory: number;
  /** When the pod entered the queue (for PrioritySort ties) in simulated ms. */
  timestamp: number;
  /** Host ports the pod asks for, as `protocol/ip/port`. */
  hostPorts: string[];
  /** Has pod affinity or anti-affinity (required or preferred). */
  hasAffinity: boolean;
  /** Has required pod anti-affinity. */
  hasRequiredAntiAffinity: boolean;
}

/** Add a ResourceList (cpu, memory, ephemeral-storage, extended) into `r`. */
function addList(r: Resource, reqs: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(reqs ?? {})) {
    if (k === 'cpu') r.milliCpu += milliCpu(v);
    else if (k === 'memory') r.memory += units(v);
    else if (k === 'ephemeral-storage') r.ephemeralStorage += units(v);
    else r.scalar.set(k, (r.scalar.get(k) ?? 0) + units(v));
  }
}

function maxInto(r: Resource, o: Resource): void {
  r.milliCpu = Math.max(r.milliCpu, o.milliCpu);
  r.memory = Math.max(r.memory, o.memory);
  r.ephemeralStorage = Math.max(r.ephemeralStorage, o.ephemeralStorage);
  for (const [k, v] of o.scalar) r.scalar.set(k, Math.max(r.scalar.get(k) ?? 0, v));
}

function copyOf(r: Resource): Resource {
  return { ...r, scalar: new Map(r.scalar) };
}

/**
 * resourcehelper.PodRequests: the containers' sum; restartable (sidecar) init containers add to
 * it and to every later init container; the largest init container step counts if bigger; then
 * the overhead. `nonZero` gives containers that omit cpu or memory the scoring defaults.
 */
function podRequests(spec: any, nonZero: boolean): Resource {
  const reqsOf = (c: any): Resource => {
    const r = emptyResource();
    const req = c?.resources?.requests ?? {};
    addList(r, req);
    if (nonZero && req.cpu === undefined) r.milliCpu = DEFAULT_MILLI_CPU_REQUEST;
    if (nonZero && req.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
    return r;
  };
  const sum = emptyResource();
  for (const c of (spec.containers ?? []) as any[]) addInto(sum, reqsOf(c));
  const sidecars = emptyResource();
  const initMax = emptyResource();
  for (const c of (spec.initContainers ?? []) as any[]) {
    const r = reqsOf(c);
    if (c?.restartPolicy === 'Always') {
      addInto(sum, r);
      addInto(sidecars, r);
      maxInto(initMax, sidecars);
    } else {
      const step = copyOf(r);
      addInto(step, sidecars);
      maxInto(initMax, step);
    }
  }
  maxInto(sum, initMax);
  if (spec.overhead) addList(sum, spec.overhead);
  return sum;
}

function addInto(r: Resource, o: Resource): void {
  r.milliCpu += o.milliCpu;
  r.memory += o.memory;
  r.ephemeralStorage += o.ephemeralStorage;
  for (const [k, v] of o.scalar) r.scalar.set(k, (r.scalar.get(k) ?? 0) + v);
}

export function podInfo(pod: KubeObject, timestamp = 0): PodInfo {
  const spec = (pod as any).spec ?? {};
  const sum = podRequests(spec, false);
  const nonZero = podRequests(spec, true);
  const nzCpu = nonZero.milliCpu;
  const nzMem = nonZero.memory;
  sum.pods = 1;
  const hostPorts: string[] = [];
  for (const c of (spec.containers ?? []) as any[]) {
    for (const p of (c?.ports ?? []) as any[]) {
      // A host-network pod's container ports are host ports (defaultHostNetworkPorts).
      const port = p?.hostPort || (spec.hostNetwork ? p?.containerPort : 0);
      if (port) hostPorts.push(`${p.protocol || 'TCP'}/${p.hostIP || '0.0.0.0'}/${port}`);
    }
  }
  const pa = spec.affinity?.podAffinity;
  const paa = spec.affinity?.podAntiAffinity;
  const nonEmpty = (x: unknown) => Array.isArray(x) && x.length > 0;
  const hasRequiredAntiAffinity = nonEmpty(paa?.requiredDuringSchedulingIgnoredDuringExecution);
  const hasAffinity = hasRequiredAntiAffinity || nonEmpty(paa?.preferredDuringSchedulingIgnoredDuringExecution) || nonEmpty(pa?.requiredDuringSchedulingIgnoredDuringExecution) || nonEmpty(pa?.preferredDuringSchedulingIgnoredDuringExecution);
  return {
    pod,
    key: `${pod.metadata.namespace}/${pod.metadata.name}`,
    priority: spec.priority ?? 0,
    requests: sum,
    nonZeroCpu: nzCpu,
    nonZeroMemory: nzMem,
    timestamp,
    hostPorts,
    hasAffinity,
    hasRequiredAntiAffinity,
  };
}

const labelKeyIds = new Map<string, number>();

/** A small number for a label key, for NodeInfo.labelAt (hot loops read a few keys on many nodes). */
export function labelKeyId(key: string): number {
  let id = labelKeyIds.get(key);
  if (id === undefined) labelKeyIds.set(key, (id = labelKeyIds.size));
  return id;
}

export class NodeInfo {
  node: KubeObject;
  /** A dense number the cache gives each node, for per-node arrays (-1 outside a cache). */
  id = -1;
  allocatable: Resource = emptyResource();
  requested: Resource = emptyResource();
  nonZeroCpu = 0;
  nonZeroMemory = 0;
  /** Pods assigned (bound or assumed), by key. */
  pods = new Map<string, PodInfo>();
  usedPorts = new Map<string, number>();
  /** Images present on the node, with their sizes in bytes. */
  images = new Map<string, number>();
  private labelSlots: (string | null)[] = [];
  /** spec.unschedulable and spec.taints, read once per node update. */
  unschedulable = false;
  taints: { key: string; value?: string; effect: string }[] = [];
  /** The assigned pods with pod affinity or anti-affinity (InterPodAffinity reads only these when it can). */
  podsWithAffinity = new Map<string, PodInfo>();
  podsWithRequiredAntiAffinity = new Map<string, PodInfo>();

  constructor(node: KubeObject) {
    this.node = node;
    this.setNode(node);
  }

  get name(): string {
    return this.node.metadata.name;
  }

  get labels(): Record<string, string> {
    return this.node.metadata.labels ?? {};
  }

  /** One label's value. */
  label(key: string): string | undefined {
    return this.labelAt(labelKeyId(key), key);
  }

  /** One label's value by key id (labelKeyId(key)): an array read once looked up. */
  labelAt(id: number, key: string): string | undefined {
    let v = this.labelSlots[id];
    if (v === undefined) this.labelSlots[id] = v = this.node.metadata.labels?.[key] ?? null;
    return v ?? undefined;
  }

  setNode(node: KubeObject): void {
    this.node = node;
    this.labelSlots = [];
    this.unschedulable = !!(node as any).spec?.unschedulable;
    this.taints = (node as any).spec?.taints ?? [];
    const alloc = (node as any).status?.allocatable ?? (node as any).status?.capacity ?? {};
    const r = emptyResource();
    for (const [k, v] of Object.entries(alloc)) {
      if (k === 'cpu') r.milliCpu = milliCpu(v);
      else if (k === 'memory') r.memory = units(v);
      else if (k === 'ephemeral-storage') r.ephemeralStorage = units(v);
      else if (k === 'pods') r.pods = units(v);
      else r.scalar.set(k, units(v));
    }
    this.allocatable = r;
    this.images = new Map();
    for (const img of ((node as any).status?.images ?? []) as any[]) {
      for (const n of img.names ?? []) this.images.set(n, img.sizeBytes ?? 0);
    }
  }

  /** A copy whose pods can be removed and added without touching this one (preemption's what-if). */
  clone(): NodeInfo {
    const c = Object.create(NodeInfo.prototype) as NodeInfo;
    c.node = this.node;
    c.id = this.id;
    c.allocatable = this.allocatable;
    c.requested = { ...this.requested, scalar: new Map(this.requested.scalar) };
    c.nonZeroCpu = this.nonZeroCpu;
    c.nonZeroMemory = this.nonZeroMemory;
    c.pods = new Map(this.pods);
    c.usedPorts = new Map(this.usedPorts);
    c.images = this.images;
    c.labelSlots = this.labelSlots;
    c.unschedulable = this.unschedulable;
    c.taints = this.taints;
    c.podsWithAffinity = new Map(this.podsWithAffinity);
    c.podsWithRequiredAntiAffinity = new Map(this.podsWithRequiredAntiAffinity);
    return c;
  }

  addPod(p: PodInfo): void {
    if (this.pods.has(p.key)) this.removePod(p.key);
    this.pods.set(p.key, p);
    if (p.hasAffinity) this.podsWithAffinity.set(p.key, p);
    if (p.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.set(p.key, p);
    this.apply(p, 1);
  }

  removePod(key: string): void {
    const p = this.pods.get(key);
    if (!p) return;
    this.pods.delete(key);
    this.podsWithAffinity.delete(key);
    this.podsWithRequiredAntiAffinity.delete(key);
    this.apply(p, -1);
  }

  private apply(p: PodInfo, sign: 1 | -1): void {
    const r = this.requested;
    r.milliCpu += sign * p.requests.milliCpu;
    r.memory += sign * p.requests.memory;
    r.ephemeralStorage += sign * p.requests.ephemeralStorage;
    r.pods += sign;
    for (const [k, v] of p.requests.scalar) r.scalar.set(k, (r.scalar.get(k) ?? 0) + sign * v);
    this.nonZeroCpu += sign * p.nonZeroCpu;
    this.nonZeroMemory += sign * p.nonZeroMemory;
    for (const port of p.hostPorts) {
      const n = (this.usedPorts.get(port) ?? 0) + sign;
      if (n > 0) this.usedPorts.set(port, n);
      else this.usedPorts.delete(port);
    }
  }
}
