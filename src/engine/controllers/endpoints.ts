/**
 * The Endpoints controller (pkg/controller/endpoint): the legacy `Endpoints` object named after
 * each Service with a selector — ready pods in `addresses`, not-ready ones in
 * `notReadyAddresses`, terminating pods left out (unless publishNotReadyAddresses) — and deleted
 * with its Service.
 *
 * Simplifications: one subset (every pod resolves the Service's ports alike); no 1000-address
 * truncation annotation.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, objectKey, type Informer } from './informer.js';
import { WorkQueue } from './queue.js';
import { canonical, isPodReady } from './objects.js';
import { endpointSummary, resolvePorts, servicePods, shouldBeInEndpoints, type ServicePods } from './service-pods.js';

export class EndpointsController implements Controller {
  readonly name = 'endpoints';
  readonly eventSource = 'endpoint-controller';
  private ctx!: ControllerContext;
  private services!: Informer;
  private endpoints!: Informer;
  private members!: ServicePods;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    const pods = sharedInformer(ctx.client, ctx.server, 'pods');
    this.services = sharedInformer(ctx.client, ctx.server, 'services');
    this.endpoints = sharedInformer(ctx.client, ctx.server, 'endpoints');
    this.members = servicePods(pods, this.services);
    this.queue = new WorkQueue(ctx.env, (k, done) => this.sync(k, done));
    this.services.on((type, svc, old) => {
      if (type === 'MODIFIED' && old && canonical((old as any).spec) === canonical((svc as any).spec)) return false;
      if (type === 'DELETED' && !this.endpoints.get(objectKey(svc))) return false;
      this.queue.add(objectKey(svc));
      return true;
    });
    pods.on((type, pod, old) => {
      const svcs = this.members.servicesOf(pod, old);
      if (!svcs.length || (type === 'MODIFIED' && endpointSummary(old) === endpointSummary(pod))) return false;
      svcs.forEach((k) => this.queue.add(k));
      return svcs.length > 0;
    });
    for (const svc of this.services.list()) this.queue.add(objectKey(svc));
  }

  private sync(key: string, done: (ok?: boolean) => void): void {
    const svc = this.services.get(key) as any;
    const cur = this.endpoints.get(key) as any;
    const [namespace, name] = key.split('/') as [string, string];
    const onRes = (res: { code: number; object?: KubeObject }) => {
      if (res.object) this.endpoints.observe(res.object);
      done(res.code < 400 || res.code === 404);
    };
    if (!svc) {
      if (!cur) return done();
      this.endpoints.forget(cur);
      this.ctx.client.request({ verb: 'delete', resource: 'endpoints', namespace, name }, onRes);
      return;
    }
    if (!svc.spec?.selector || !Object.keys(svc.spec.selector).length) return done();
    const publishNotReady = !!svc.spec.publishNotReadyAddresses;
    const pods = this.members.podsOf(svc).filter((p) => shouldBeInEndpoints(p, publishNotReady));
    const address = (p: any) => {
      const a: any = { ip: p.status.podIP };
      if (p.spec?.nodeName) a.nodeName = p.spec.nodeName;
      a.targetRef = { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid };
      return a;
    };
    const byIp = (a: any, b: any) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
    const ready = pods.filter((p) => publishNotReady || isPodReady(p)).map(address).sort(byIp);
    const notReady = pods.filter((p) => !publishNotReady && !isPodReady(p)).map(address).sort(byIp);
    const subset: any = {};
    if (ready.length) subset.addresses = ready;
    if (notReady.length) subset.notReadyAddresses = notReady;
    subset.ports = resolvePorts(svc, pods[0]).map((p) => (p.name ? p : { port: p.port, protocol: p.protocol }));
    const subsets = pods.length ? [subset] : [];
    const labels = { ...(svc.metadata.labels ?? {}), 'endpointslice.kubernetes.io/skip-mirror': 'true' };
    if (cur && canonical(cur.subsets ?? []) === canonical(subsets) && canonical(cur.metadata.labels ?? {}) === canonical(labels)) return done();
    const body: any = { apiVersion: 'v1', kind: 'Endpoints', metadata: { ...(cur ? structuredClone(cur.metadata) : { name, namespace }), labels }, subsets };
    const label = `${cur ? 'PUT' : 'POST'} endpoints/${name} (${ready.length} ready, ${notReady.length} not ready)`;
    const attrs = { endpoints: String(ready.length) };
    this.ctx.client.request({ verb: cur ? 'update' : 'create', resource: 'endpoints', namespace, name: cur ? name : undefined, body, label, attrs }, onRes);
  }
}
