/**
 * The root CA certificate publisher (pkg/controller/certificates/rootcacertpublisher/publisher.go):
 * every active namespace gets the ConfigMap `kube-root-ca.crt` with the cluster CA bundle, which
 * the projected service-account token volume (`kube-api-access-…`) mounts as `ca.crt`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, type Informer } from './informer.js';
import { WorkQueue } from './queue.js';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';
/** The simulated cluster's CA bundle (the bytes stand for a certificate; nothing verifies them). */
export const CLUSTER_CA = '-----BEGIN CERTIFICATE-----\nMIIBkscn0simulated0cluster0CA0kubernetes\n-----END CERTIFICATE-----\n';

export class RootCACertPublisher implements Controller {
  readonly name = 'root-ca-certificate-publisher';
  readonly eventSource = 'root-ca-certificate-publisher';
  private ctx!: ControllerContext;
  private namespaces!: Informer;
  private configMaps!: Informer;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.namespaces = sharedInformer(ctx.client, ctx.server, 'namespaces');
    this.configMaps = sharedInformer(ctx.client, ctx.server, 'configmaps');
    this.queue = new WorkQueue(ctx.env, (k, done) => this.sync(k, done));
    this.namespaces.on((type, ns) => {
      if (type === 'DELETED' || ns.metadata.deletionTimestamp) return false;
      if (this.configMaps.get(`${ns.metadata.name}/${ROOT_CA_CONFIGMAP}`)) return false;
      this.queue.add(ns.metadata.name);
      return true;
    });
    // configMapDeleted / configMapUpdated of kube-root-ca.crt: put it back as it was.
    this.configMaps.on((type, cm) => {
      if (cm.metadata.name !== ROOT_CA_CONFIGMAP) return false;
      if (type !== 'DELETED' && (cm as any).data?.['ca.crt'] === CLUSTER_CA) return false;
      this.queue.add(cm.metadata.namespace!);
      return true;
    });
    for (const ns of this.namespaces.list()) this.queue.add(ns.metadata.name);
  }

  /** syncNamespace: create the ConfigMap, or set its data back. */
  private sync(name: string, done: (ok?: boolean) => void): void {
    const ns = this.namespaces.get(name) as any;
    if (!ns || ns.metadata.deletionTimestamp) return done();
    const cur = this.configMaps.get(`${name}/${ROOT_CA_CONFIGMAP}`) as any;
    const finish = (res: { code: number; object?: any }) => {
      if (res.object) this.configMaps.observe(res.object);
      done(res.code < 400 || res.code === 409 || res.code === 403 || res.code === 404);
    };
    if (!cur) {
      const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace: name, annotations: { 'kubernetes.io/description': DESCRIPTION } }, data: { 'ca.crt': CLUSTER_CA } };
      return void this.ctx.client.request({ verb: 'create', resource: 'configmaps', namespace: name, body }, finish);
    }
    if (cur.metadata.deletionTimestamp || cur.data?.['ca.crt'] === CLUSTER_CA) return done();
    this.ctx.client.request({ verb: 'update', resource: 'configmaps', namespace: name, name: ROOT_CA_CONFIGMAP, body: { ...structuredClone(cur), data: { 'ca.crt': CLUSTER_CA } } }, finish);
  }
}
