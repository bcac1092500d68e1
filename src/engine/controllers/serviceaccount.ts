/**
 * The serviceaccount controller (pkg/controller/serviceaccount/serviceaccounts_controller.go):
 * every active namespace gets a ServiceAccount `default`, created when the namespace appears and
 * again when it is deleted while its namespace lives on.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, type Informer } from './informer.js';
import { WorkQueue } from './queue.js';

/** DefaultServiceAccountName (plugin/pkg/admission/serviceaccount). */
export const DEFAULT_SERVICE_ACCOUNT = 'default';

export class ServiceAccountsController implements Controller {
  readonly name = 'serviceaccount';
  readonly eventSource = 'serviceaccount-controller';
  private ctx!: ControllerContext;
  private namespaces!: Informer;
  private accounts!: Informer;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.namespaces = sharedInformer(ctx.client, ctx.server, 'namespaces');
    this.accounts = sharedInformer(ctx.client, ctx.server, 'serviceaccounts');
    this.queue = new WorkQueue(ctx.env, (k, done) => this.sync(k, done));
    // namespaceAdded / namespaceUpdated: queue the namespace; serviceAccountDeleted: queue its namespace.
    this.namespaces.on((type, ns) => {
      if (type === 'DELETED' || ns.metadata.deletionTimestamp) return false;
      if (this.accounts.get(`${ns.metadata.name}/${DEFAULT_SERVICE_ACCOUNT}`)) return false;
      this.queue.add(ns.metadata.name);
      return true;
    });
    this.accounts.on((type, sa) => {
      if (type !== 'DELETED' || sa.metadata.name !== DEFAULT_SERVICE_ACCOUNT) return false;
      this.queue.add(sa.metadata.namespace!);
      return true;
    });
    for (const ns of this.namespaces.list()) this.queue.add(ns.metadata.name);
  }

  /** syncNamespace: create the missing default ServiceAccount of an active namespace. */
  private sync(name: string, done: (ok?: boolean) => void): void {
    const ns = this.namespaces.get(name) as any;
    if (!ns || ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return done();
    if (this.accounts.get(`${name}/${DEFAULT_SERVICE_ACCOUNT}`)) return done();
    this.ctx.client.request({ verb: 'create', resource: 'serviceaccounts', namespace: name, body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace: name } } }, (res) => {
      if (res.object) this.accounts.observe(res.object);
      // AlreadyExists and a namespace being terminated are not errors (the controller ignores them).
      done(res.code < 400 || res.code === 409 || res.code === 403 || res.code === 404);
    });
  }
}
