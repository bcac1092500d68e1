/**
 * The taint-eviction controller (pkg/controller/tainteviction): a pod on a node with NoExecute
 * taints it does not tolerate is deleted at once; one that tolerates them for tolerationSeconds is
 * deleted that long after the controller noticed (DefaultTolerationSeconds gives every pod 300 s
 * for not-ready / unreachable). If the taints go first, the deletion is cancelled. A deleted pod
 * first gets the DisruptionTarget condition; on a dead node it then stays Terminating, as in a
 * real cluster, because no kubelet confirms the deletion.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Timer } from '../sim/loop.js';
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, objectKey, type Informer } from './informer.js';
import { indexByNode } from './pod-indexes.js';
import { isPodTerminal } from './objects.js';
import { minTolerationSeconds, taintsOf, type Taint } from './taints.js';

interface Scheduled {
  createdAt: number;
  timer: Timer;
}

export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction';
  readonly eventSource = 'taint-eviction-controller';
  private ctx!: ControllerContext;
  private nodes!: Informer;
  private pods!: Informer;
  private readonly scheduled = new Map<string, Scheduled>();
  /** Pods already evicted: not evicted again (the queue keeps their keys, as TimedWorkerQueue does). */
  private readonly evicted = new Set<string>();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.nodes = sharedInformer(ctx.client, ctx.server, 'nodes');
    this.pods = sharedInformer(ctx.client, ctx.server, 'pods');
    indexByNode(this.pods);
    this.nodes.on((type, node, old) => {
      if (type === 'DELETED' || (old && sameNoExecute(old, node))) return false;
      let acted = false;
      for (const pod of this.pods.byIndex('node', node.metadata.name)) if (this.process(pod, noExecute(node))) acted = true;
      return acted;
    });
    this.pods.on((type, pod) => this.onPod(type, pod));
  }

  private onPod(type: string, pod: KubeObject): boolean {
    const key = objectKey(pod);
    if (type === 'DELETED') {
      this.evicted.delete(key);
      return this.cancel(key, false);
    }
    const nodeName = (pod as any).spec?.nodeName;
    const node = nodeName && this.nodes.get(nodeName);
    if (!node) return false;
    return this.process(pod, noExecute(node));
  }

  /** processPodOnNode. Returns whether anything was scheduled, cancelled or done. */
  private process(pod: KubeObject, taints: Taint[]): boolean {
    const key = objectKey(pod);
    if (this.evicted.has(key) || isPodTerminal(pod)) return false;
    if (!taints.length) return this.cancel(key, true);
    const secs = minTolerationSeconds(pod, taints);
    const now = this.ctx.env.loop.now;
    if (secs === undefined) {
      this.cancel(key, true);
      this.schedule(key, now, now);
      return true;
    }
    if (secs === Infinity) return this.cancel(key, true);
    const trigger = now + secs * 1000;
    const cur = this.scheduled.get(key);
    if (cur) {
      if (cur.createdAt + secs * 1000 <= trigger) return false;
      this.cancel(key, true);
    }
    this.schedule(key, cur?.createdAt ?? now, trigger);
    return true;
  }

  private schedule(key: string, createdAt: number, at: number): void {
    const timer = this.ctx.env.loop.at(at, () => {
      this.scheduled.delete(key);
      this.evict(key);
    });
    this.scheduled.set(key, { createdAt, timer });
  }

  /** cancelWorkWithEvent: returns whether a deletion was pending. */
  private cancel(key: string, withEvent: boolean): boolean {
    const cur = this.scheduled.get(key);
    if (!cur) return false;
    this.ctx.env.loop.cancel(cur.timer);
    this.scheduled.delete(key);
    const pod = this.pods.get(key);
    if (withEvent && pod) this.ctx.client.event({ involved: pod, type: 'Normal', reason: 'TaintManagerEviction', message: `Cancelling deletion of Pod ${key}` });
    return true;
  }

  /** deletePodHandler: the event, the DisruptionTarget condition, then the delete. */
  private evict(key: string): void {
    const pod = this.pods.get(key);
    if (!pod) return;
    this.evicted.add(key);
    const { client, env } = this.ctx;
    const { namespace, name } = pod.metadata;
    client.event({ involved: pod, type: 'Normal', reason: 'TaintManagerEviction', message: `Marking for deletion Pod ${key}` });
    const cond = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: env.timestamp(), reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
    const conditions = [...(((pod as any).status?.conditions ?? []) as any[]).filter((c) => c.type !== 'DisruptionTarget'), cond];
    client.request({ verb: 'status', resource: 'pods', namespace, name, body: { status: { conditions } }, attrs: { reason: 'DeletionByTaintManager' }, label: `PATCH pods/${name}/status DisruptionTarget (DeletionByTaintManager)` }, (res) => {
      if (res.code >= 400) return;
      client.request({ verb: 'delete', resource: 'pods', namespace, name, label: `DELETE pods/${name} (NoExecute taint)` });
    });
  }
}

function noExecute(node: KubeObject): Taint[] {
  return taintsOf(node).filter((t) => t.effect === 'NoExecute');
}

function sameNoExecute(a: KubeObject, b: KubeObject): boolean {
  return JSON.stringify(noExecute(a)) === JSON.stringify(noExecute(b));
}
