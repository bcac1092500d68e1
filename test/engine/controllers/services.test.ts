/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';
import { cluster, create, deployment, objects as allObjects, pods, service, step } from './helpers.js';
import type { Cluster } from '../../../src/engine/cluster.js';

/** Objects of the Services under test: every cluster also has `kubernetes` (default) and `kube-dns` (kube-system). */
function objects(c: Cluster, resource: string): any[] {
  return allObjects(c, resource).filter((o: any) => o.metadata.namespace === 'default' && o.metadata.name !== 'kubernetes');
}

/** The latest iptables sync per node for a Service, as `rules on N nodes` reads it. */
function rulesByNode(c: Cluster, svc: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const msg of c.env.rec.trace.messages) if (msg.kind === 'iptables' && msg.verb === 'sync' && msg.target === `service/${svc}`) m.set(msg.from, Number(msg.attrs.rules));
  return m;
}

describe('endpointslice, endpoints and kube-proxy', () => {
  it('publishes the ready pods and programs every node', () => {
    const c = cluster(3);
    step(c, [create('deployments', deployment('web', 2)), create('services', service('web', { app: 'web' }, 80, 8080))]);
    const [slice] = objects(c, 'endpointslices');
    expect(slice.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.metadata.labels).toMatchObject({ 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(slice.metadata.ownerReferences[0]).toMatchObject({ kind: 'Service', name: 'web', controller: true });
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
    const ps = pods(c);
    expect(slice.endpoints.map((e: any) => e.targetRef.name).sort()).toEqual(ps.map((p) => p.metadata.name).sort());
    for (const e of slice.endpoints) {
      const p = ps.find((x) => x.metadata.name === e.targetRef.name);
      expect(e).toMatchObject({ addresses: [p.status.podIP], conditions: { ready: true, serving: true, terminating: false }, nodeName: p.spec.nodeName });
    }
    const [ep] = objects(c, 'endpoints');
    expect(ep.metadata.name).toBe('web');
    expect(ep.subsets[0].addresses.map((a: any) => a.ip).sort()).toEqual(ps.map((p) => p.status.podIP).sort());
    expect(ep.subsets[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    // 2 endpoints: KUBE-SERVICES + KUBE-SVC masquerade + 2 jumps + 2 × (KUBE-SEP masquerade + DNAT).
    const rules = rulesByNode(c, 'web');
    expect([...rules.keys()].sort()).toEqual(['kube-proxy@worker-1', 'kube-proxy@worker-2', 'kube-proxy@worker-3']);
    expect([...rules.values()]).toEqual([8, 8, 8]);
    const msg = c.env.rec.trace.messages.filter((m) => m.kind === 'iptables').at(-1)!;
    expect(msg).toMatchObject({ to: msg.from.replace('kube-proxy', 'iptables'), verb: 'sync', label: 'iptables-restore: 8 rules for service/web' });
  });

  it('follows scaling and drops rules when no pod is left', () => {
    const c = cluster(2);
    step(c, [create('deployments', deployment('web', 1)), create('services', service('web', { app: 'web' }))]);
    step(c, [{ verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', body: { spec: { replicas: 3 } } }]);
    expect(objects(c, 'endpointslices')[0].endpoints).toHaveLength(3);
    expect([...rulesByNode(c, 'web').values()]).toEqual([11, 11]);
    step(c, [{ verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', body: { spec: { replicas: 0 } } }]);
    expect(objects(c, 'endpointslices')).toHaveLength(1);
    expect(objects(c, 'endpointslices')[0].endpoints).toEqual([]);
    expect(objects(c, 'endpoints')[0].subsets).toEqual([]);
    expect([...rulesByNode(c, 'web').values()]).toEqual([0, 0]);
  });
});

describe('garbage collector', () => {
  it('deleting a Deployment deletes its ReplicaSets and their pods', () => {
    const c = cluster(2);
    step(c, [create('deployments', deployment('web', 2))]);
    step(c, [{ verb: 'delete', resource: 'deployments', namespace: 'default', name: 'web' }]);
    expect(objects(c, 'replicasets')).toEqual([]);
    expect(pods(c)).toEqual([]);
    const gc = c.env.rec.trace.messages.filter((m) => m.step === 2 && m.attrs.controller === 'garbagecollector' && m.verb === 'delete');
    expect(gc.map((m) => m.target.split('/')[0]).sort()).toEqual(['pod', 'pod', 'replicaset']);
  });

  it('deleting a Service deletes its EndpointSlices and Endpoints', () => {
    const c = cluster(1);
    step(c, [create('deployments', deployment('web', 1)), create('services', service('web', { app: 'web' }))]);
    step(c, [{ verb: 'delete', resource: 'services', namespace: 'default', name: 'web' }]);
    expect(objects(c, 'endpointslices')).toEqual([]);
    expect(objects(c, 'endpoints')).toEqual([]);
    expect(rulesByNode(c, 'web').get('kube-proxy@worker-1')).toBe(0);
  });
});
