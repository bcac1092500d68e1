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
import { imageWithTag } from '../../manifests/defaults.js';
import { milliCpu, units } from '../../manifests/quantity.js';

/** nodeLeaseDurationSeconds 40 × renew fraction 0.25. */
export const LEASE_RENEW_MS = 10_000;
/** nodeStatusReportFrequency. */
export const NODE_STATUS_REPORT_MS = 5 * 60_000;
/** The Lease's leaseDurationSeconds (40 s). */
export const LEASE_DURATION_MS = 40_000;
export const CLUSTER_DNS = '10.96.0.10';

export class Kubelet {
  readonly participant: string;
  readonly client: ApiClient;
  readonly runtime: ContainerRuntime;
  readonly clusterDNS = CLUSTER_DNS;
  /** False while the node has failed: no heartbeats, no work. */
  alive = true;
  private readonly workers = new Map<string, PodWorker>();
  private pulling = false;
  private pullQueue: (() => void)[] = [];
  /** When the Lease was last renewed. */
  private lastRenew = 0;
  /** spec.unschedulable as last reported by a NodeSchedulable / NodeNotSchedulable event. */
  private reportedUnschedulable = false;
  /** A node status sync is due that will report a schedulability change. */
  private schedulableSync = false;

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
    this.participant = `kubelet@${name}`;
    this.client = new ApiClient(env, server, this.participant, `system:node:${name}`, 'kubelet', name);
    this.runtime = new ContainerRuntime(env, name, this.participant, podCidrPrefix);
    for (const img of ((node as any).status?.images ?? []) as any[]) for (const n of img.names) this.runtime.images.set(n, img.sizeBytes);
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
    this.heartbeat();
    this.reportNodeStatus();
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

  private heartbeat(): void {
    this.env.loop.after(LEASE_RENEW_MS, () => {
      if (this.alive) {
        this.lastRenew = this.env.loop.now;
        this.client.request({ verb: 'patch', resource: 'leases', namespace: 'kube-node-lease', name: this.name, body: { spec: { renewTime: this.env.timestamp() } }, hidden: 'heartbeat', label: `PATCH lease/${this.name} (renew)` });
      }
      this.heartbeat();
    }, { periodic: true });
  }

  /** Node status is posted every nodeStatusReportFrequency (5 m) when nothing changed; the Lease is the frequent heartbeat. */
  private reportNodeStatus(): void {
    this.env.loop.after(NODE_STATUS_REPORT_MS, () => {
      if (this.alive) {
        const now = this.env.timestamp();
        this.client.request({ verb: 'status', resource: 'nodes', name: this.name, body: { status: { conditions: nodeConditions(true, now) } }, hidden: 'heartbeat', attrs: { ready: 'true' }, label: `PATCH nodes/${this.name}/status (heartbeat)` });
      }
      this.reportNodeStatus();
    }, { periodic: true });
  }

  /**
   * Its own Node changed. A cordon or uncordon is reported at the next node status sync
   * (nodeStatusUpdateFrequency 10 s, recordNodeSchedulableEvent): `NodeNotSchedulable` /
   * `NodeSchedulable`, "Node %s status is now: %s".
   */
  private onNode(type: string, node: KubeObject): boolean {
    if (type === 'DELETED') return false;
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
      return false;
    }
    if (w) {
      w.pod = pod;
      if (pod.metadata.deletionTimestamp) {
        w.terminate();
        return true;
      }
      return false;
    }
    if (pod.metadata.deletionTimestamp || ['Succeeded', 'Failed'].includes((pod as any).status?.phase)) return false;
    this.env.loop.after(this.env.latency.kubelet, () => this.admit(pod));
    return true;
  }

  /** Kubelet admission: the pod must fit the node's allocatable, or it fails as OutOf<resource>. */
  private admit(pod: KubeObject): void {
    const alloc = (this.node as any).status?.allocatable ?? {};
    const want = requests(pod);
    const used = { cpu: 0, memory: 0 };
    for (const w of this.workers.values()) {
      if (['Succeeded', 'Failed'].includes(w.run.phase)) continue;
      const r = requests(w.pod);
      used.cpu += r.cpu;
      used.memory += r.memory;
    }
    for (const [res, cap] of [['cpu', milliCpu(alloc.cpu)], ['memory', units(alloc.memory)]] as const) {
      if (want[res] > 0 && used[res] + want[res] > cap) {
        const reason = `OutOf${res}`;
        const message = `Pod was rejected: Node didn't have enough resource: ${res}, requested: ${want[res]}, used: ${used[res]}, capacity: ${cap}`;
        this.client.event({ involved: pod, type: 'Warning', reason, message });
        this.client.request({ verb: 'status', resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name, body: { status: { phase: 'Failed', reason, message } }, attrs: { phase: 'Failed', reason }, label: `PATCH pods/${pod.metadata.name}/status Failed (${reason})` });
        return;
      }
    }
    const w = new PodWorker(this, pod);
    this.workers.set(pod.metadata.uid!, w);
    w.start();
  }

  /** Pull through the serialized puller; `done(ok, waitedMs)`. */
  pullImage(image: string, durationMs: number, fails: boolean, done: (ok: boolean, waitedMs: number) => void): void {
    const queuedAt = this.env.loop.now;
    const go = () => {
      this.pulling = true;
      const waited = this.env.loop.now - queuedAt;
      this.runtime.pullImage(image, durationMs, fails, (ok) => {
        this.pulling = false;
        const next = this.pullQueue.shift();
        if (next) next();
        if (this.alive) done(ok, waited);
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

  /** The node comes back: heartbeats resume and the kubelet reports Ready. */
  restore(): void {
    if (this.alive) return;
    this.alive = true;
    this.lastRenew = this.env.loop.now;
    const now = this.env.timestamp();
    this.client.request({ verb: 'patch', resource: 'leases', namespace: 'kube-node-lease', name: this.name, body: { spec: { renewTime: now } }, hidden: 'heartbeat', label: `PATCH lease/${this.name} (renew)` });
    this.client.request({
      verb: 'status',
      resource: 'nodes',
      name: this.name,
      body: { status: { conditions: nodeConditions(true, now) } },
      attrs: { ready: 'true' },
      label: `PATCH nodes/${this.name}/status Ready`,
    });
    this.client.event({ involved: this.node, type: 'Normal', reason: 'NodeReady', message: `Node ${this.name} status is now: NodeReady` });
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
      for (const pod of pods) {
        const w = this.workers.get(pod.metadata.uid!);
        if (!w) this.onPod('ADDED', pod);
        else if (pod.metadata.deletionTimestamp) this.onPod('MODIFIED', pod);
        else {
          w.pod = pod;
          w.resync();
        }
      }
    });
  }
}

function requests(pod: KubeObject): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of ((pod as any).spec?.containers ?? []) as any[]) {
    cpu += milliCpu(c?.resources?.requests?.cpu);
    memory += units(c?.resources?.requests?.memory);
  }
  return { cpu, memory };
}

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
