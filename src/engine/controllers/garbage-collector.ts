/**
 * The garbage collector (pkg/controller/garbagecollector): when an owner is deleted, its
 * dependents — objects whose ownerReferences name its uid — are deleted too (background
 * propagation: the owner is gone first, then its dependents, then theirs).
 *
 * A dependent that still has another live owner is not deleted: the GC only drops the reference
 * to the owner that is gone.
 *
 * Simplifications: only the owner kinds and dependent resources the simulation creates are
 * tracked; dependents created after their owner was gone are not found.
 */
import type { KubeObject } from '../../trace/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, type Informer } from './informer.js';
import { indexByOwner } from './pod-indexes.js';
import { byKind } from '../apiserver/resources.js';

/** Resources whose deletion may leave dependents. */
const OWNERS = ['deployments', 'replicasets', 'services', 'jobs', 'cronjobs'];
/** Resources that have owners. */
const DEPENDENTS = ['replicasets', 'pods', 'endpointslices', 'jobs'];

export class GarbageCollector implements Controller {
  readonly name = 'garbagecollector';
  readonly eventSource = 'garbage-collector-controller';
  private ctx!: ControllerContext;
  private dependents: [string, Informer][] = [];

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.dependents = DEPENDENTS.map((r) => {
      const inf = sharedInformer(ctx.client, ctx.server, r);
      indexByOwner(inf);
      return [r, inf];
    });
    for (const r of OWNERS) {
      sharedInformer(ctx.client, ctx.server, r).on((type, obj) => (type === 'DELETED' ? this.collect(obj) : false));
    }
  }

  /** Does the owner a reference names still exist (same uid)? */
  private alive(ref: { kind: string; name: string; uid: string }, namespace: string | undefined): boolean {
    const t = byKind(ref.kind);
    if (!t) return false;
    return this.ctx.server.peek(t.resource, t.namespaced ? namespace : undefined, ref.name)?.metadata.uid === ref.uid;
  }

  /** Delete every dependent of `owner` after the controller's reaction time; returns whether there were any. */
  private collect(owner: KubeObject): boolean {
    const uid = owner.metadata.uid!;
    const victims: [string, KubeObject][] = [];
    for (const [resource, inf] of this.dependents) {
      for (const o of inf.byIndex('owner', uid)) if (!o.metadata.deletionTimestamp) victims.push([resource, o]);
    }
    if (!victims.length) return false;
    this.ctx.env.loop.after(this.ctx.env.latency.controller, () => {
      for (const [resource, o] of victims) {
        const refs = o.metadata.ownerReferences ?? [];
        const others = refs.filter((r) => r.uid !== uid);
        if (others.some((r) => this.alive(r, o.metadata.namespace))) {
          this.ctx.client.request({ verb: 'patch', resource, namespace: o.metadata.namespace, name: o.metadata.name, body: { metadata: { ownerReferences: others } }, label: `PATCH ${resource}/${o.metadata.name} (drop owner ${owner.kind.toLowerCase()}/${owner.metadata.name})` });
          continue;
        }
        this.ctx.client.request({ verb: 'delete', resource, namespace: o.metadata.namespace, name: o.metadata.name, label: `DELETE ${resource}/${o.metadata.name} (owner ${owner.kind.toLowerCase()}/${owner.metadata.name} is gone)` });
      }
    });
    return true;
  }
}
