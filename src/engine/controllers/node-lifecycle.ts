/**
 * The node-lifecycle controller (pkg/controller/nodelifecycle): every node-monitor-period (5 s) it
 * checks each node's heartbeat (Lease renewals in kube-node-lease, or status updates); after the
 * grace period (50 s) without one it sets the node's conditions to Unknown, records NodeNotReady
 * on the node and its pods and marks the pods not ready. It keeps the condition taints in line:
 * `not-ready` / `unreachable` NoSchedule and NoExecute, `unschedulable` for cordoned nodes.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Timer } from '../sim/loop.js';
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, type Informer } from './informer.js';
import { WorkQueue } from './queue.js';
import { indexByNode } from './pod-indexes.js';
import { isPodReady } from './objects.js';
import { conditionStatus, reconcileTaints } from './taints.js';

export const NODE_MONITOR_PERIOD_MS = 5_000;
/** node-monitor-grace-period since v1.32. */
export const NODE_MONITOR_GRACE_MS = 50_000;
/** nodeEvictionPeriod: how often the NoExecute tainter runs. */
const NODE_EVICTION_PERIOD_MS = 100;
/** A lease not renewed for longer than this (renew interval 10 s + slack) is stale. */
const STALE_AFTER_MS = 12_000;

interface Health {
  /** When a heartbeat was last observed (the controller's clock, as probeTimestamp). */
  probe: number;
  renewTime?: string;
  heartbeat?: string;
  /** A work timer for the moment the grace period expires, while the lease is stale. */
  graceTimer?: Timer;
  /** Unknown already written for this silence. */
  marked: boolean;
}

export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle';
  readonly eventSource = 'node-controller';
  private ctx!: ControllerContext;
  private nodes!: Informer;
  private pods!: Informer;
  private readonly health = new Map<string, Health>();
  private taintQueue!: WorkQueue;
  private tickBase = 0;
  /** Nodes seen or gone since the last monitor pass: RegisteredNode / RemovingNode Events then. */
  private readonly added: KubeObject[] = [];
  private readonly deleted: KubeObject[] = [];
  /** Every zone is fully disrupted (no Ready node anywhere): master disruption mode. */
  private disrupted = false;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.nodes = sharedInformer(ctx.client, ctx.server, 'nodes');
    this.pods = sharedInformer(ctx.client, ctx.server, 'pods');
    indexByNode(this.pods);
    const leases = sharedInformer(ctx.client, ctx.server, 'leases', 'heartbeat');
    this.taintQueue = new WorkQueue(ctx.env, (key, done) => this.syncTaints(key, done));
    this.nodes.on((type, node, old) => this.onNode(type, node, old));
    leases.on((type, lease) => this.onLease(type, lease));
    for (const n of this.nodes.list()) this.onNode('ADDED', n, undefined);
    this.tickBase = ctx.env.loop.now;
    this.tick();
  }

  private tick(): void {
    this.ctx.env.loop.after(NODE_MONITOR_PERIOD_MS, () => {
      this.monitor();
      this.tick();
    }, { periodic: true });
  }

  private state(name: string): Health {
    let h = this.health.get(name);
    if (!h) this.health.set(name, (h = { probe: this.ctx.env.loop.now, marked: false }));
    return h;
  }

  /** A heartbeat was observed: the node is alive (again). */
  private heard(name: string): void {
    const h = this.state(name);
    h.probe = this.ctx.env.loop.now;
    h.marked = false;
    this.ctx.env.loop.cancel(h.graceTimer);
    h.graceTimer = undefined;
  }

  private onLease(type: string, lease: KubeObject): boolean {
    if (type === 'DELETED' || lease.metadata.namespace !== 'kube-node-lease') return false;
    const h = this.state(lease.metadata.name);
    const renew = (lease as any).spec?.renewTime;
    if (renew !== h.renewTime) {
      h.renewTime = renew;
      this.heard(lease.metadata.name);
    }
    return false;
  }

  private onNode(type: string, node: KubeObject, old: KubeObject | undefined): boolean {
    const name = node.metadata.name;
    if (type === 'DELETED') {
      this.ctx.env.loop.cancel(this.health.get(name)?.graceTimer);
      this.health.delete(name);
      this.deleted.push(node);
      return true;
    }
    // Nodes of the cluster's set-up were registered before the scenario: only later ones get RegisteredNode.
    if (!this.health.has(name) && this.ctx.env.rec.recording) this.added.push(node);
    const h = this.state(name);
    const hb = ((node as any).status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.lastHeartbeatTime;
    if (hb !== h.heartbeat) {
      h.heartbeat = hb;
      if (type === 'ADDED' || conditionStatus(node, 'Ready') !== 'Unknown') this.heard(name);
    }
    const now = this.ctx.env.timestamp();
    let acted = this.checkDisruption();
    // doNoScheduleTaintingPass runs on every node update; the NoExecute tainter every 100 ms.
    if (reconcileTaints(node, 'NoSchedule', now)) {
      this.taintQueue.add(`NoSchedule/${name}`);
      acted = true;
    }
    if (reconcileTaints(node, 'NoExecute', now, this.disrupted)) {
      this.taintQueue.add(`NoExecute/${name}`, NODE_EVICTION_PERIOD_MS);
      acted = true;
    }
    return acted || (!!old && conditionStatus(old, 'Ready') !== conditionStatus(node, 'Ready'));
  }

  private syncTaints(key: string, done: (ok?: boolean) => void): void {
    const [effect, name] = key.split('/') as ['NoSchedule' | 'NoExecute', string];
    const node = this.nodes.get(name!);
    const taints = node && reconcileTaints(node, effect, this.ctx.env.timestamp(), this.disrupted);
    if (!taints) return done();
    const label = `PATCH nodes/${name} (taints: ${taints.map((t) => `${t.key}:${t.effect}`).join(', ') || 'none'})`;
    this.ctx.client.request({ verb: 'patch', resource: 'nodes', name, body: { spec: { taints: taints.length ? taints : null } }, label }, (res) => {
      if (res.object) this.nodes.observe(res.object);
      done(res.code < 400 || res.code === 404);
    });
  }

  /**
   * handleDisruption: when no node in any zone is Ready, the controller assumes the problem is its
   * own view of the cluster, not the nodes ("Entering master disruption mode"): it removes the
   * NoExecute taints and evicts nothing until some node is Ready again. Returns whether it changed.
   * Simplification: the partial-disruption eviction rates are not modelled.
   */
  private checkDisruption(): boolean {
    const all = this.nodes.list();
    const now = all.length > 0 && all.every((n) => conditionStatus(n, 'Ready') !== 'True');
    if (now === this.disrupted) return false;
    this.disrupted = now;
    this.ctx.env.rec.note(['controller-manager'], now ? 'node-lifecycle: all nodes are not Ready — entering master disruption mode (no evictions)' : 'node-lifecycle: some nodes are Ready — exiting master disruption mode');
    for (const n of all) this.taintQueue.add(`NoExecute/${n.metadata.name}`, NODE_EVICTION_PERIOD_MS);
    return true;
  }

  /** monitorNodeHealth: mark silent nodes Unknown; arm a work timer for stale leases. */
  private monitor(only?: string): void {
    const now = this.ctx.env.loop.now;
    if (!only) {
      // RecordNodeEvent: "Node %s event: %s".
      for (const n of this.added.splice(0)) this.ctx.client.event({ involved: n, type: 'Normal', reason: 'RegisteredNode', message: `Node ${n.metadata.name} event: Registered Node ${n.metadata.name} in Controller` });
      for (const n of this.deleted.splice(0)) this.ctx.client.event({ involved: n, type: 'Normal', reason: 'RemovingNode', message: `Node ${n.metadata.name} event: Removing Node ${n.metadata.name} from Controller` });
    }
    for (const [name, h] of this.health) {
      if (only && name !== only) continue;
      const node = this.nodes.get(name);
      if (!node || h.marked) continue;
      const age = now - h.probe;
      if (age > NODE_MONITOR_GRACE_MS) {
        if (conditionStatus(node, 'Ready') !== 'Unknown') this.markUnknown(node);
        h.marked = true;
      } else if (age > STALE_AFTER_MS && !h.graceTimer) {
        // The lease is stale: keep the step alive until the next monitor pass after the grace period.
        const expiry = h.probe + NODE_MONITOR_GRACE_MS;
        const at = this.tickBase + (Math.floor((expiry - this.tickBase) / NODE_MONITOR_PERIOD_MS) + 1) * NODE_MONITOR_PERIOD_MS;
        h.graceTimer = this.ctx.env.loop.at(at, () => {
          h.graceTimer = undefined;
          this.monitor(name);
        });
      }
    }
  }

  /** tryUpdateNodeHealth after the grace period, then RecordNodeStatusChange and MarkPodsNotReady. */
  private markUnknown(node: KubeObject): void {
    const { client, env } = this.ctx;
    const now = env.timestamp();
    const name = node.metadata.name;
    const conditions = ((node as any).status?.conditions ?? []).map((c: any) =>
      ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].includes(c.type)
        ? { ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: now }
        : c,
    );
    client.request({ verb: 'status', resource: 'nodes', name, body: { status: { conditions } }, attrs: { ready: 'Unknown' }, label: `PATCH nodes/${name}/status Ready=Unknown (NodeStatusUnknown)` }, (res) => {
      if (!res.object) return;
      this.nodes.observe(res.object);
      client.event({ involved: node, type: 'Normal', reason: 'NodeNotReady', message: `Node ${name} status is now: NodeNotReady` });
      for (const pod of this.pods.byIndex('node', name)) this.markPodNotReady(pod);
    });
  }

  private markPodNotReady(pod: KubeObject): void {
    if (!isPodReady(pod)) return;
    const now = this.ctx.env.timestamp();
    const conditions = ((pod as any).status.conditions as any[]).map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: now } : c));
    const { namespace, name } = pod.metadata;
    this.ctx.client.request({ verb: 'status', resource: 'pods', namespace, name, body: { status: { conditions } }, attrs: { ready: 'false' }, label: `PATCH pods/${name}/status Ready=False (node not ready)` }, (res) => {
      if (res.object) this.ctx.client.event({ involved: pod, type: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready' });
    });
  }
}
