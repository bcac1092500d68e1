/**
 * Which pods each Service selects, kept up to date from the pod and Service informers so the
 * endpoint controllers never scan every pod: per Service the set of matching pods, per pod the
 * Services that select it. Shared by the EndpointSlice and Endpoints controllers.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import { objectKey, type Informer } from './informer.js';
import { indexByNamespace } from './pod-indexes.js';
import { isPodReady, isPodTerminal } from './objects.js';

function selects(svc: KubeObject, labels: Record<string, string> | undefined): boolean {
  const sel = (svc as any).spec?.selector as Record<string, string> | undefined;
  if (!sel || !Object.keys(sel).length) return false;
  const l = labels ?? {};
  return Object.entries(sel).every(([k, v]) => l[k] === v);
}

export class ServicePods {
  private readonly members = new Map<string, Set<string>>();

  constructor(private readonly pods: Informer, private readonly services: Informer) {
    indexByNamespace(pods);
    indexByNamespace(services);
    // Registered before the controllers' own handlers, so membership is current when they run.
    services.on((type, svc, old) => {
      const key = objectKey(svc);
      if (type === 'DELETED') this.members.delete(key);
      else if (!old || JSON.stringify((old as any).spec?.selector) !== JSON.stringify((svc as any).spec?.selector)) this.recompute(svc);
      return false;
    });
    pods.on((type, pod) => {
      for (const svc of this.services.byIndex('ns', pod.metadata.namespace ?? '')) {
        const set = this.members.get(objectKey(svc));
        if (!set) continue;
        if (type !== 'DELETED' && selects(svc, pod.metadata.labels)) set.add(objectKey(pod));
        else set.delete(objectKey(pod));
      }
      return false;
    });
    for (const svc of services.list()) this.recompute(svc);
  }

  private recompute(svc: KubeObject): void {
    const set = new Set<string>();
    for (const p of this.pods.byIndex('ns', svc.metadata.namespace ?? '')) if (selects(svc, p.metadata.labels)) set.add(objectKey(p));
    this.members.set(objectKey(svc), set);
  }

  /** The pods `svc` selects, in name order. */
  podsOf(svc: KubeObject): KubeObject[] {
    const keys = [...(this.members.get(objectKey(svc)) ?? [])].sort();
    return keys.map((k) => this.pods.get(k)).filter((p): p is KubeObject => !!p);
  }

  /** Keys of the Services that select `pod` or selected `old`. */
  servicesOf(pod: KubeObject, old?: KubeObject): string[] {
    return this.services
      .byIndex('ns', pod.metadata.namespace ?? '')
      .filter((svc) => selects(svc, pod.metadata.labels) || (old && selects(svc, old.metadata.labels)))
      .map(objectKey);
  }
}

const SHARED = new WeakMap<Informer, ServicePods>();

/** The one ServicePods of a controller-manager (keyed by its pod informer). */
export function servicePods(pods: Informer, services: Informer): ServicePods {
  let sp = SHARED.get(pods);
  if (!sp) SHARED.set(pods, (sp = new ServicePods(pods, services)));
  return sp;
}

/** ShouldPodBeInEndpoints: not terminal, has an IP, and (unless allowed) not terminating. */
export function shouldBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  const st = (pod as any).status ?? {};
  if (isPodTerminal(pod) || !st.podIP) return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}

/** What the endpoint controllers read of a pod: a change of it means a resync. */
export function endpointSummary(pod: KubeObject | undefined): string {
  if (!pod) return '';
  return JSON.stringify([(pod as any).status?.podIP, isPodReady(pod), !!pod.metadata.deletionTimestamp, isPodTerminal(pod), (pod as any).spec?.nodeName, pod.metadata.labels]);
}

/** The service's ports resolved against a pod (FindPort: a named targetPort is a container port name). */
export function resolvePorts(svc: KubeObject, pod: KubeObject | undefined): { name: string; port: number; protocol: string }[] {
  return (((svc as any).spec?.ports ?? []) as any[]).map((p) => {
    let port = p.targetPort ?? p.port;
    if (typeof port === 'string') {
      const named = ((pod as any)?.spec?.containers ?? []).flatMap((c: any) => c.ports ?? []).find((cp: any) => cp.name === port);
      port = named ? named.containerPort : Number(port) || p.port;
    }
    return { name: p.name ?? '', port, protocol: p.protocol ?? 'TCP' };
  });
}
