/** Shared set-up for the controller tests: a small cluster, a Deployment, steps. */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { Cluster } from '../../../src/engine/cluster.js';
import type { KubeObject } from '../../../src/trace/types.js';
import type { ApiRequest } from '../../../src/engine/apiserver/types.js';

export function cluster(nodes = 3, seed = 1): Cluster {
  const node = (i: number) => ({ name: `worker-${i}`, allocatable: { cpu: '8', memory: '16Gi' }, labels: {}, taints: [], images: [], unschedulable: false, notReady: false });
  const c = new Cluster({ seed, nodes: Array.from({ length: nodes }, (_, i) => node(i + 1)), namespaces: [], priorityClasses: [], users: [] });
  c.start();
  c.settle(60_000);
  return c;
}

export function deployment(name: string, replicas: number, image = 'nginx:1.27', extra: any = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image, ports: [{ containerPort: 8080 }] }] } },
      ...extra,
    },
  };
}

export function service(name: string, selector: Record<string, string>, port = 80, targetPort: number | string = 8080): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector, ports: [{ port, targetPort }] } };
}

let stepIndex = 0;
/** Run one `when` step: the requests, then settle (deadline `ms`). */
export function step(c: Cluster, reqs: ApiRequest[] | (() => void), ms = 300_000): string {
  stepIndex = c.env.rec.step + 1;
  c.env.rec.beginStep(stepIndex, `step ${stepIndex}`);
  if (typeof reqs === 'function') reqs();
  else for (const r of reqs) c.kubectl().request(r);
  const r = c.settle(c.env.loop.now + ms);
  c.env.rec.endStep(r);
  return r;
}

export const create = (resource: string, body: KubeObject): ApiRequest => ({ verb: 'create', resource, namespace: 'default', body });

/** Objects of a resource now (the watch cache). */
export function objects(c: Cluster, resource: string): any[] {
  return c.server.list(resource, 'default');
}

export function pods(c: Cluster, prefix = ''): any[] {
  return objects(c, 'pods').filter((p) => p.metadata.name.startsWith(prefix));
}

export const ready = (p: any) => (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
