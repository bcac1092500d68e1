/**
 * The EndpointSlice controller (pkg/controller/endpointslice): for each Service with a selector,
 * EndpointSlices `<service>-<5 chars>` labelled `kubernetes.io/service-name` and managed-by
 * `endpointslice-controller.k8s.io`, holding at most 100 endpoints each: the selected pods with an
 * IP, with conditions ready / serving / terminating, nodeName and targetRef; ports from the
 * Service's targetPort. Endpoints stay in their slice; new ones fill slices with room first.
 *
 * Simplifications: one address type (IPv4); a named targetPort is resolved against the first
 * selected pod for the whole Service; no topology hints; an endpoint's zone is read when it is
 * written, not followed when node labels change.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, objectKey, type Informer } from './informer.js';
import { WorkQueue, Pending } from './queue.js';
import { canonical, controllerRef, isPodReady } from './objects.js';
import { endpointSummary, resolvePorts, servicePods, shouldBeInEndpoints, type ServicePods } from './service-pods.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const MANAGED_BY = 'endpointslice-controller.k8s.io';
/** --max-endpoints-per-slice. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

export class EndpointSliceController implements Controller {
  readonly name = 'endpointslice';
  readonly eventSource = 'endpoint-slice-controller';
  private ctx!: ControllerContext;
  private services!: Informer;
  private nodes!: Informer;
  private slices!: Informer;
  private members!: ServicePods;
  private queue!: WorkQueue;
  private readonly ownDeletes = new Set<string>();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    const pods = sharedInformer(ctx.client, ctx.server, 'pods');
    this.services = sharedInformer(ctx.client, ctx.server, 'services');
    this.slices = sharedInformer(ctx.client, ctx.server, 'endpointslices');
    this.nodes = sharedInformer(ctx.client, ctx.server, 'nodes');
    this.slices.addIndex('service', (s) => (s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY ? [`${s.metadata.namespace}/${s.metadata.labels?.[SERVICE_NAME_LABEL]}`] : []));
    this.members = servicePods(pods, this.services);
    this.queue = new WorkQueue(ctx.env, (k, done) => this.sync(k, done));
    this.services.on((type, svc, old) => {
      if (type === 'DELETED' || (old && canonical((old as any).spec) === canonical((svc as any).spec))) return false;
      this.queue.add(objectKey(svc));
      return true;
    });
    pods.on((type, pod, old) => {
      const svcs = this.members.servicesOf(pod, old);
      if (!svcs.length || (type === 'MODIFIED' && endpointSummary(old) === endpointSummary(pod))) return false;
      svcs.forEach((k) => this.queue.add(k));
      return svcs.length > 0;
    });
    this.slices.on((type, slice) => {
      if (type !== 'DELETED' || this.ownDeletes.delete(objectKey(slice))) return false;
      const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
      if (!svc || !this.services.get(`${slice.metadata.namespace}/${svc}`)) return false;
      this.queue.add(`${slice.metadata.namespace}/${svc}`);
      return true;
    });
    for (const svc of this.services.list()) this.queue.add(objectKey(svc));
  }

  private endpoint(pod: KubeObject, svc: any): any {
    const serving = isPodReady(pod);
    const terminating = !!pod.metadata.deletionTimestamp;
    const ep: any = {
      addresses: [(pod as any).status.podIP],
      conditions: { ready: !!svc.spec?.publishNotReadyAddresses || (serving && !terminating), serving, terminating },
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    const nodeName = (pod as any).spec?.nodeName;
    if (nodeName) ep.nodeName = nodeName;
    // The zone of the pod's node (topology.kubernetes.io/zone), when it has one.
    const zone = nodeName ? this.nodes.get(nodeName)?.metadata.labels?.['topology.kubernetes.io/zone'] : undefined;
    if (zone) ep.zone = zone;
    return ep;
  }

  private sync(key: string, done: (ok?: boolean) => void): void {
    const svc = this.services.get(key) as any;
    if (!svc || !svc.spec?.selector || !Object.keys(svc.spec.selector).length) return done();
    const pods = this.members.podsOf(svc).filter((p) => shouldBeInEndpoints(p, true));
    const desired = new Map<string, any>(pods.map((p) => [p.metadata.uid!, this.endpoint(p, svc)]));
    const ports = resolvePorts(svc, pods[0]);
    const existing = (this.slices.byIndex('service', key) as any[]).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const placed = new Set<string>();
    const plans = existing.map((s) => {
      const eps = ((s.endpoints ?? []) as any[]).filter((e) => desired.has(e.targetRef?.uid) && !placed.has(e.targetRef.uid)).map((e) => {
        placed.add(e.targetRef.uid);
        return desired.get(e.targetRef.uid);
      });
      return { slice: s, eps };
    });
    const fresh: any[][] = [];
    for (const [uid, ep] of desired) {
      if (placed.has(uid)) continue;
      const room = plans.find((p) => p.eps.length < MAX_ENDPOINTS_PER_SLICE) ?? fresh.find((f) => f.length < MAX_ENDPOINTS_PER_SLICE);
      if (room && 'eps' in room) room.eps.push(ep);
      else if (room) room.push(ep);
      else fresh.push([ep]);
    }
    const p = new Pending((ok) => done(ok));
    const onRes = (res: { code: number; object?: KubeObject }) => {
      if (res.object) this.slices.observe(res.object);
      return res.code < 400 || res.code === 404;
    };
    // A Service without endpoints keeps one (empty) placeholder slice.
    const keepPlaceholder = !desired.size && !fresh.length;
    plans.forEach((plan, i) => {
      const s = plan.slice;
      if (!plan.eps.length && !(keepPlaceholder && i === 0)) {
        this.ownDeletes.add(objectKey(s));
        this.slices.forget(s);
        this.ctx.client.request({ verb: 'delete', resource: 'endpointslices', namespace: s.metadata.namespace, name: s.metadata.name }, p.wrap((res) => res.code < 400 || res.code === 404));
        return;
      }
      const epsPorts = plan.eps.length ? ports : [];
      if (canonical(s.endpoints ?? []) === canonical(plan.eps) && canonical(s.ports ?? []) === canonical(epsPorts)) return;
      const body = { ...structuredClone(s), endpoints: plan.eps, ports: epsPorts };
      this.ctx.client.request({ verb: 'update', resource: 'endpointslices', namespace: s.metadata.namespace, name: s.metadata.name, body, attrs: { endpoints: String(plan.eps.length) }, label: `PUT endpointslices/${s.metadata.name} (${plan.eps.length} endpoints)` }, p.wrap(onRes));
    });
    if (!existing.length && !fresh.length) fresh.push([]);
    for (const eps of fresh) {
      const body = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { generateName: `${svc.metadata.name}-`, namespace: svc.metadata.namespace, labels: { ...(svc.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: svc.metadata.name, [MANAGED_BY_LABEL]: MANAGED_BY }, ownerReferences: [controllerRef(svc)] },
        addressType: 'IPv4',
        endpoints: eps,
        ports: eps.length ? ports : [],
      };
      this.ctx.client.request({ verb: 'create', resource: 'endpointslices', namespace: svc.metadata.namespace, body, attrs: { endpoints: String(eps.length) } }, p.wrap(onRes));
    }
    p.close();
  }
}
