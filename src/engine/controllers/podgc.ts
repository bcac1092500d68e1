/**
 * The pod garbage collector (pkg/controller/podgc), orphan part: pods bound to a Node that no
 * longer exists are deleted at once (grace period 0) once the node has been gone for the
 * quarantine time (40 s), after getting the DisruptionTarget condition (DeletionByPodGC).
 *
 * Simplification: the check runs 40 s after the node's deletion is seen, not on the 20 s gc
 * period; terminated-pod and unscheduled-terminating-pod collection are not modelled.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, type Informer } from './informer.js';
import { indexByNode } from './pod-indexes.js';

/** quarantineTime: how long a node must be gone before its pods are deleted. */
export const QUARANTINE_MS = 40_000;

export class PodGCController implements Controller {
  readonly name = 'pod-garbage-collector';
  readonly eventSource = 'pod-garbage-collector';
  private ctx!: ControllerContext;
  private nodes!: Informer;
  private pods!: Informer;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.nodes = sharedInformer(ctx.client, ctx.server, 'nodes');
    this.pods = sharedInformer(ctx.client, ctx.server, 'pods');
    indexByNode(this.pods);
    this.nodes.on((type, node) => {
      if (type !== 'DELETED') return false;
      const name = node.metadata.name;
      if (!this.pods.byIndex('node', name).length) return false;
      ctx.env.loop.after(QUARANTINE_MS, () => this.gcOrphaned(name));
      return true;
    });
  }

  private gcOrphaned(node: string): void {
    if (this.nodes.get(node)) return;
    const { client, env } = this.ctx;
    for (const pod of this.pods.byIndex('node', node)) {
      const { namespace, name } = pod.metadata;
      const cond = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: env.timestamp(), reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' };
      const conditions = [...(((pod as any).status?.conditions ?? []) as any[]).filter((c) => c.type !== 'DisruptionTarget'), cond];
      client.request({ verb: 'status', resource: 'pods', namespace, name, body: { status: { conditions } }, attrs: { reason: 'DeletionByPodGC' }, label: `PATCH pods/${name}/status DisruptionTarget (DeletionByPodGC)` }, (res) => {
        if (res.code >= 400) return;
        client.request({ verb: 'delete', resource: 'pods', namespace, name, gracePeriodSeconds: 0, label: `DELETE pods/${name} (node ${node} no longer exists)` });
      });
    }
  }
}
