/**
 * The kubelet of one node: registers its Node, renews its Lease every 10 s, watches the pods
 * bound to its node (field selector `spec.nodeName`), runs a pod worker for each, and drives the
 * container runtime. Image pulls are serialized (serializeImagePulls: true).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Env } from '../env.js';
import type { KubeObject } from '../../trace/types.js';
import type { ApiServer } from '../apiserver/server.js';
import { ApiClient } from '../apiserver/client.js';
import { ContainerRuntime, imageSize } from './runtime/runtime.js';
import { PodWorker } from './pod-worker.js';
import type { Faults } from '../faults.js';
import type { Timer } from '../sim/loop.js';
import { imageWithTag } from '../../manifests/defaults.js';
import { milliCpu, units } from '../../manifests/quantity.js';
import { matchesRequiredNodeAffinity, NAME as NODE_AFFINITY, ERR_REASON as NODE_AFFINITY_REASON } from '../scheduler/plugins/node-affinity.js';
import { tolerates, NAME as TAINT_TOLERATION, ERR_REASON as TAINT_TOLERATION_REASON } from '../scheduler/plugins/taint-toleration.js';
import type { ConfigLookup } from './volumes.js';

/** nodeLeaseDurationSeconds 40 × renew fraction 0.25. */
export const LEASE_RENEW_MS = 10_000;
/** nodeStatusReportFrequency: an unchanged node status is still written this often. */
export const NODE_STATUS_REPORT_MS = 5 * 60_000;
/** The Lease's leaseDurationSeconds (40 s). */
export const LEASE_DURATION_MS = 40_000;
export const CLUSTER_DNS = '10.96.0.10';
/** A pull of an image whose layers are already present: the registry round trip that resolves the reference. */
export const RESOLVE_ONLY_MS = 200;

export class Kubelet {
  readonly participant: string;
  readonly client: ApiClient;
  readonly runtime: ContainerRuntime;
  readonly clusterDNS = CLUSTER_DNS;
  /** False while the node has failed: no heartbeats, no work. */
  alive = true;
  private readonly workers = new Map<string, PodWorker>();
  /** The pods this kubelet has taken in: admitted (they have a worker) or rejected. */
  private readonly known = new Set<string>();
  private pulling = false;
  private pullQueue: (() => void)[] = [];
  /** When the Lease was last renewed. */
  private lastRenew = 0;
  /** When the heartbeat loop (Lease renewal and node status sync) runs next. */
  private nextTick = 0;
  private heartbeatTimer: Timer | undefined;
  /** spec.unschedulable as last reported by a NodeSchedulable / NodeNotSchedulable event. */
  private reportedUnschedulable = false;
  /** A node status sync is due that will report a schedulability change. */
  private schedulableSync = false;
  /** The kubelet's view of its own Node (its watch, and the answers to its status writes). */
  private observed: KubeObject;
  /** When the node status was last written successfully (lastStatusReportTime). */
  private lastReport = 0;
  /** Condition transitions already announced by an Event, per resourceVersion of the Node they were seen on. */
  private announced = new Set<string>();
  /** Whether the node's runtime network is ready (a `not-ready` node's is not: it keeps reporting Ready=False). */
  private readonly networkReady: boolean;
  /** The ConfigMap and Secret managers (see volumes.ts for how they read). */
  readonly configs: ConfigLookup = {
    configMap: (ns, name) => this.server.peek('configmaps', ns, name),
    secret: (ns, name) => this.server.peek('secrets', ns, name),
  };

  constructor(
    readonly env: Env,
    private readonly server: ApiServer,
    readonly node: KubeObject,
    readonly hostIP: string,
    podCidrPrefix: string,
    readonly faults: Faults,
  ) {
    const name = node.metadata.name;
    this.reportedUnschedulable = !!(node as any).spec?.unschedulable;
    this.observed = node;
    this.networkReady = ((node as any).status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status !== 'False';
    this.participant = `kubelet@${name}`;
    this.client = new ApiClient(env, server, this.participant, `system:node:${name}`, 'kubelet', name);
    this.runtime = new ContainerRuntime(env, name, this.participant, podCidrPrefix);
    for (const img of ((node as any).status?.images ?? []) as any[]) for (const n of img.names) this.runtime.images.set(n, img.sizeBytes);
    faults.onCrash((crash) => {
      for (const w of this.workers.values()) w.crashRunning(crash);
    });
    faults.onProbeFault((f) => {
      for (const w of this.workers.values()) if (f.match(w.pod)) w.probeFaultAdded();
    });
    faults.onMemory((f) => {
      for (const w of this.workers.values()) if (f.match(w.pod)) w.memoryRunning();
    });
  }

  get name(): string {
    return this.node.metadata.name;
  }

  /** Register the Node and its Lease, start heartbeats and the pod watch. */
  start(): void {
    this.client.request({ verb: 'create', resource: 'nodes', body: this.node, hidden: 'heartbeat' });
    this.ensureLease();
    this.client.watch('pods', (type, pod) => this.onPod(type, pod), { nodeName: this.name });
    this.client.watch('nodes', (type, node) => this.onNode(type, node), { nodeName: this.name, hidden: 'heartbeat' });
    this.lastRenew = this.env.loop.now;
    this.lastReport = this.env.loop.now;
    this.heartbeat();
  }

  /** Create the node's Lease; retried every 200 ms until it exists (the lease controller's ensureLease). */
  private ensureLease(): void {
    this.client.request({
      verb: 'create',
      resource: 'leases',
      namespace: 'kube-node-lease',
      body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: 'kube-node-lease' }, spec: { holderIdentity: this.name, leaseDurationSeconds: 40, renewTime: this.env.timestamp() } },
      hidden: 'heartbeat',
    }, (res) => {
      // The kube-node-lease namespace may not be stored yet when the node starts.
      if (res.code >= 400 && res.code !== 409) this.env.loop.after(200, () => this.ensureLease());
    });
  }

  /**
   * The Lease renewal and the node status sync, both every 10 s: they are separate loops in the
   * kubelet, with the same period (the renew interval, and nodeStatusUpdateFrequency).
   */
  private heartbeat(): void {
    this.nextTick = this.env.loop.now + LEASE_RENEW_MS;
    this.heartbeatTimer = this.env.loop.after(LEASE_RENEW_MS, () => {
      if (this.alive) {
        this.renewLease();
        this.syncNodeStatus();
      }
      this.heartbeat();
    }, { periodic: true });
  }

  private renewLease(): void {
    this.lastRenew = this.env.loop.now;
    this.client.request({ verb: 'patch', resource: 'leases', namespace: 'kube-node-lease', name: this.name, body: { spec: { renewTime: this.env.timestamp() } }, hidden: 'heartbeat', label: `PATCH lease/${this.name} (renew)` });
  }

  /**
   * syncNodeStatus (every nodeStatusUpdateFrequency): compute the node's conditions and write them
   * when they differ from the Node the kubelet last saw, or when nodeStatusReportFrequency (5 m)
   * has passed; the Lease is the frequent heartbeat. A condition that changes is announced by an
   * Event from the setters ("Node %s status is now: %s"). A write that fails (etcd down, a
   * conflict) is made again at the next sync, since the stored status still differs.
   * Simplification: the kubelet's 5 immediate retries (nodeStatusUpdateRetry) are one attempt.
   */
  private syncNodeStatus(): void {
    const now = this.env.loop.now;
    const ts = this.env.timestamp();
    const seen = (((this.observed as any).status?.conditions ?? []) as any[]);
    const conditions = nodeConditions(this.networkReady, ts).map((c) => {
      const old = seen.find((o) => o.type === c.type);
      return old && old.status === c.status && old.lastTransitionTime ? { ...c, lastTransitionTime: old.lastTransitionTime } : c;
    });
    const changed = conditions.filter((c) => seen.find((o) => o.type === c.type)?.status !== c.status);
    if (!changed.length && now - this.lastReport < NODE_STATUS_REPORT_MS) return;
    const rv = this.observed.metadata.resourceVersion ?? '';
    for (const c of changed) {
      const key = `${rv}/${c.type}`;
      if (this.announced.has(key)) continue;
      this.announced.add(key);
      const reason = NODE_CONDITION_EVENTS[c.type]?.[c.status];
      if (reason) this.client.event({ involved: this.node, type: 'Normal', reason, message: `Node ${this.name} status is now: ${reason}` });
    }
    const ready = changed.find((c) => c.type === 'Ready');
    this.client.request({
      verb: 'status',
      resource: 'nodes',
      name: this.name,
      body: { status: { conditions } },
      attrs: { ready: String(this.networkReady) },
      ...(changed.length ? {} : { hidden: 'heartbeat' as const }),
      label: `PATCH nodes/${this.name}/status ${ready ? (this.networkReady ? 'Ready' : 'NotReady') : changed.length ? 'conditions' : '(heartbeat)'}`,
    }, (res) => {
      if (res.code < 400 && res.object) {
        this.lastReport = now;
        this.observe(res.object);
      } else if (changed.length && this.alive) {
        // The step is not over while the node's status waits for the next sync to be written.
        this.env.loop.at(this.nextTick, () => {});
      }
    });
  }

  /** Keep the newest Node seen. */
  private observe(node: KubeObject): void {
    if (Number(node.metadata.resourceVersion ?? 0) >= Number(this.observed.metadata.resourceVersion ?? 0)) this.observed = node;
  }

  /**
   * Its own Node changed. A cordon or uncordon is reported at the next node status sync
   * (nodeStatusUpdateFrequency 10 s, recordNodeSchedulableEvent): `NodeNotSchedulable` /
   * `NodeSchedulable`, "Node %s status is now: %s".
   */
  private onNode(type: string, node: KubeObject): boolean {
    if (type === 'DELETED') return false;
    this.observe(node);
    const unschedulable = !!(node as any).spec?.unschedulable;
    if (unschedulable === this.reportedUnschedulable || this.schedulableSync) return false;
    const period = LEASE_RENEW_MS;
    const now = this.env.loop.now;
    const next = this.lastRenew + Math.max(1, Math.ceil((now - this.lastRenew) / period)) * period;
    this.schedulableSync = true;
    this.env.loop.at(next, () => {
      this.schedulableSync = false;
      const cur = !!(this.server.peek('nodes', undefined, this.name) as any)?.spec?.unschedulable;
      if (!this.alive || cur === this.reportedUnschedulable) return;
      this.reportedUnschedulable = cur;
      const reason = cur ? 'NodeNotSchedulable' : 'NodeSchedulable';
      this.client.event({ involved: this.node, type: 'Normal', reason, message: `Node ${this.name} status is now: ${reason}` });
    });
    return true;
  }

  private onPod(type: string, pod: KubeObject): boolean {
    if (!this.alive) return false;
    const uid = pod.metadata.uid!;
    const w = this.workers.get(uid);
    if (type === 'DELETED') {
      w?.stop();
      this.workers.delete(uid);
      this.known.delete(uid);
      return false;
    }
    if (w) {
      w.update(pod);
      if (pod.metadata.deletionTimestamp) {
        w.terminate();
        return true;
      }
      return false;
    }
    // A pod is admitted (or rejected) once: later updates of a rejected pod do not try again.
    if (this.known.has(uid) || pod.metadata.deletionTimestamp || ['Succeeded', 'Failed'].includes((pod as any).status?.phase)) return false;
    this.known.add(uid);
    this.env.loop.after(this.env.latency.kubelet, () => this.admit(pod));
    return true;
  }

  /**
   * Kubelet admission (lifecycle/predicate.go): the pod must fit the node's allocatable next to the
   * pods already admitted, or it is rejected (rejectPod): Warning `OutOf<resource>` with the
   * InsufficientResourceError text, and status Failed with "Pod was rejected: " before it.
   * Resources are checked as noderesources.Fits does (pods, cpu, memory); then the node's labels
   * against nodeSelector and required node affinity, then its NoExecute taints (generalFilter); the
   * first failure is the reason, a predicate's as "Predicate %s failed: %s".
   * Simplification: host ports are not checked.
   */
  private admit(pod: KubeObject): void {
    const alloc = (this.node as any).status?.allocatable ?? {};
    const want = { pods: 1, ...requests(pod) };
    const used = { pods: 0, cpu: 0, memory: 0 };
    for (const w of this.workers.values()) {
      if (['Succeeded', 'Failed'].includes(w.run.phase)) continue;
      const r = requests(w.pod);
      used.pods++;
      used.cpu += r.cpu;
      used.memory += r.memory;
    }
    const capacity = { pods: alloc.pods !== undefined ? Number(alloc.pods) : 110, cpu: milliCpu(alloc.cpu), memory: units(alloc.memory) };
    for (const res of ['pods', 'cpu', 'memory'] as const) {
      if (want[res] > 0 && used[res] + want[res] > capacity[res]) {
        return this.reject(pod, `OutOf${res}`, `Node didn't have enough resource: ${res}, requested: ${want[res]}, used: ${used[res]}, capacity: ${capacity[res]}`);
      }
    }
    const node = this.observed as any;
    const predicate = !matchesRequiredNodeAffinity(pod, { name: this.name, labels: node.metadata.labels ?? {} } as any)
      ? [NODE_AFFINITY, NODE_AFFINITY_REASON]
      : ((node.spec?.taints ?? []) as any[]).some((t) => t.effect === 'NoExecute' && !tolerates((pod as any).spec?.tolerations ?? [], t))
        ? [TAINT_TOLERATION, TAINT_TOLERATION_REASON]
        : undefined;
    if (predicate) return this.reject(pod, predicate[0]!, `Predicate ${predicate[0]} failed: ${predicate[1]}`);
    const w = new PodWorker(this, pod);
    this.workers.set(pod.metadata.uid!, w);
    w.start();
  }

  /** rejectPod: a Warning Event with the reason, and status Failed with "Pod was rejected: " before the message. */
  private reject(pod: KubeObject, reason: string, message: string): void {
    this.client.event({ involved: pod, type: 'Warning', reason, message });
    this.client.request({ verb: 'status', resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name, body: { status: { phase: 'Failed', reason, message: `Pod was rejected: ${message}` } }, attrs: { phase: 'Failed', reason }, label: `PATCH pods/${pod.metadata.name}/status Failed (${reason})` });
  }

  /**
   * Pull through the serialized puller (serializeImagePulls); `done(ok, waitedMs, pulledMs)`. A pull
   * that waited in the queue behind a pull of the same image finds its layers present: containerd
   * only resolves the reference again (simulated as at most `RESOLVE_ONLY_MS`), unless a fault
   * (`image REF pulls in D`) makes every pull of the image take `durationMs`.
   */
  pullImage(image: string, durationMs: number, fails: boolean, done: (ok: boolean, waitedMs: number, pulledMs: number) => void, slow = false): void {
    const queuedAt = this.env.loop.now;
    const go = () => {
      this.pulling = true;
      const waited = this.env.loop.now - queuedAt;
      const pulled = this.runtime.images.has(image) && !slow ? Math.min(durationMs, RESOLVE_ONLY_MS) : durationMs;
      this.runtime.pullImage(image, pulled, fails, (ok) => {
        this.pulling = false;
        const next = this.pullQueue.shift();
        if (next) next();
        if (this.alive) done(ok, waited, pulled);
      });
    };
    if (this.pulling) this.pullQueue.push(go);
    else go();
  }

  /** The node fails: the kubelet stops, so do its heartbeats. */
  fail(): void {
    if (!this.alive) return;
    this.alive = false;
    // Until its Lease runs out the cluster has not settled: the node-lifecycle controller notices
    // the missed renewals within that time and keeps the step going until it acts.
    this.env.loop.at(this.lastRenew + LEASE_DURATION_MS, () => {});
  }

  /**
   * The node comes back: the kubelet starts again ("Starting kubelet."), renews its Lease and syncs
   * its node status at once — the conditions the node-lifecycle controller set to Unknown are
   * reported again, each with its Event (NodeHasSufficientMemory … NodeReady) — then every 10 s.
   * Simplification: the restarted kubelet does not register its Node again (it exists).
   */
  restore(): void {
    if (this.alive) return;
    this.alive = true;
    this.client.event({ involved: this.node, type: 'Normal', reason: 'Starting', message: 'Starting kubelet.' });
    // Its loops start afresh: at once, then every 10 s from now.
    this.env.loop.cancel(this.heartbeatTimer);
    this.heartbeat();
    this.renewLease();
    this.syncNodeStatus();
    this.relist();
  }

  /**
   * After a gap (the node was down), list the pods bound to this node again, as the kubelet's
   * reflector does when its watch reconnects: forget pods deleted meanwhile, stop those being
   * deleted, start those bound meanwhile, and report every pod's status afresh.
   */
  private relist(): void {
    this.client.request({ verb: 'list', resource: 'pods', label: `GET /api/v1/pods?fieldSelector=spec.nodeName=${this.name}` }, (res) => {
      if (!this.alive) return;
      const pods = (res.items ?? []).filter((p: any) => p.spec?.nodeName === this.name);
      const uids = new Set(pods.map((p) => p.metadata.uid!));
      for (const [uid, w] of this.workers) {
        if (!uids.has(uid)) {
          w.stop();
          this.workers.delete(uid);
        }
      }
      for (const uid of this.known) if (!uids.has(uid)) this.known.delete(uid);
      for (const pod of pods) {
        const w = this.workers.get(pod.metadata.uid!);
        if (!w) this.onPod('ADDED', pod);
        else if (pod.metadata.deletionTimestamp) this.onPod('MODIFIED', pod);
        else {
          w.resync();
          w.update(pod);
        }
      }
    });
  }
}

/** The pod's effective requests: the sum over its containers, or the largest init container's if more. */
function requests(pod: KubeObject): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of ((pod as any).spec?.containers ?? []) as any[]) {
    cpu += milliCpu(c?.resources?.requests?.cpu);
    memory += units(c?.resources?.requests?.memory);
  }
  for (const c of ((pod as any).spec?.initContainers ?? []) as any[]) {
    cpu = Math.max(cpu, milliCpu(c?.resources?.requests?.cpu));
    memory = Math.max(memory, units(c?.resources?.requests?.memory));
  }
  return { cpu, memory };
}

/** The Event each node status setter records when its condition changes (nodestatus/setters.go). */
const NODE_CONDITION_EVENTS: Record<string, Record<string, string>> = {
  MemoryPressure: { False: 'NodeHasSufficientMemory', True: 'NodeHasInsufficientMemory' },
  DiskPressure: { False: 'NodeHasNoDiskPressure', True: 'NodeHasDiskPressure' },
  PIDPressure: { False: 'NodeHasSufficientPID', True: 'NodeHasInsufficientPID' },
  Ready: { True: 'NodeReady', False: 'NodeNotReady' },
};

/** The node conditions a healthy (or not-ready) kubelet reports. */
export function nodeConditions(ready: boolean, now: string): any[] {
  const c = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    ready ? c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status') : c('Ready', 'False', 'KubeletNotReady', 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'),
  ];
}

/** The `status.images` list of a node for images already on it. */
export function nodeImages(images: string[]): any[] {
  return images.map((i) => ({ names: [imageWithTag(i)], sizeBytes: imageSize(imageWithTag(i)) }));
}
