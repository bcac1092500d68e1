/**
 * The namespace controller (pkg/controller/namespace): a namespace being deleted (Terminating)
 * has all its content deleted; once nothing is left it clears the `kubernetes` finalizer
 * (PUT namespaces/NAME/finalize) and deletes the namespace, which the apiserver then removes.
 *
 * Simplifications: Events in the namespace are left alone; remaining content is looked at again
 * every few seconds rather than by the controller's own estimate of the pods' grace periods.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, type Informer } from './informer.js';
import { WorkQueue } from './queue.js';

/** How long to wait before looking again while content is still being deleted. */
const RECHECK_MS = 2_000;

export class NamespaceController implements Controller {
  readonly name = 'namespace';
  readonly eventSource = 'namespace-controller';
  private ctx!: ControllerContext;
  private namespaces!: Informer;
  private queue!: WorkQueue;
  /** Objects this controller already asked to delete (deleted once, as deletecollection does). */
  private readonly asked = new Set<string>();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.namespaces = sharedInformer(ctx.client, ctx.server, 'namespaces');
    this.queue = new WorkQueue(ctx.env, (k, done) => this.sync(k, done));
    this.namespaces.on((type, ns) => {
      if (type === 'DELETED' || !ns.metadata.deletionTimestamp) return false;
      this.queue.add(ns.metadata.name);
      return true;
    });
  }

  private sync(name: string, done: (ok?: boolean) => void): void {
    const ns = this.namespaces.get(name) as any;
    if (!ns || !ns.metadata.deletionTimestamp) return done();
    const { client, server } = this.ctx;
    let remaining = 0;
    for (const t of server.types.all()) {
      if (!t.namespaced || t.kind === 'Event') continue;
      for (const o of server.list(t.resource, name)) {
        remaining++;
        const key = `${t.resource}/${name}/${o.metadata.name}/${o.metadata.uid}`;
        if (o.metadata.deletionTimestamp || this.asked.has(key)) continue;
        this.asked.add(key);
        client.request({ verb: 'delete', resource: t.resource, namespace: name, name: o.metadata.name, label: `DELETE ${t.resource}/${o.metadata.name} (namespace ${name} is terminating)` });
      }
    }
    if (remaining) {
      this.queue.add(name, RECHECK_MS);
      return done();
    }
    const body = { ...structuredClone(ns), spec: { ...(ns.spec ?? {}), finalizers: [] } };
    client.request({ verb: 'update', subresource: 'finalize', resource: 'namespaces', name, body, label: `PUT namespaces/${name}/finalize` }, (res) => {
      if (res.code >= 400) return done(res.code === 404);
      client.request({ verb: 'delete', resource: 'namespaces', name }, (r) => done(r.code < 400 || r.code === 404));
    });
  }
}
