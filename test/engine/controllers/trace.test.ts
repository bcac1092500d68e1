import { describe, expect, it } from 'vitest';
import { cluster, create, deployment, pods, service, step } from './helpers.js';

/** Deployment + Service, a rolling update, then a node failure. */
function run(seed: number) {
  const c = cluster(3, seed);
  step(c, [create('deployments', deployment('web', 4)), create('services', service('web', { app: 'web' }))]);
  step(c, [{ verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', body: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } } }]);
  const node = pods(c)[0].spec.nodeName as string;
  step(c, () => c.failNode(node), 600_000);
  return c.env.rec.trace;
}

describe('controllers in the trace', () => {
  it('are deterministic: the same seed gives the same trace', () => {
    const a = JSON.stringify(run(11));
    expect(JSON.stringify(run(11))).toBe(a);
    expect(JSON.stringify(run(12))).not.toBe(a);
  });

  it('never talk to etcd: only the apiserver does', () => {
    const trace = run(3);
    expect(trace.messages.filter((m) => m.to === 'etcd' && m.from !== 'apiserver')).toEqual([]);
    expect(trace.messages.filter((m) => m.from === 'etcd' && m.to !== 'apiserver')).toEqual([]);
  });

  it('mark their requests with the controller and hide notifications they ignored', () => {
    const trace = run(5);
    const names = new Set(trace.messages.filter((m) => m.from === 'controller-manager').map((m) => m.attrs.controller));
    for (const n of ['deployment', 'replicaset', 'node-lifecycle', 'taint-eviction', 'endpointslice', 'endpoints']) expect(names.has(n), n).toBe(true);
    const toCm = trace.messages.filter((m) => m.kind === 'watch' && m.to === 'controller-manager');
    expect(toCm.some((m) => m.hidden === 'idle')).toBe(true);
    expect(toCm.some((m) => !m.hidden)).toBe(true);
    // Lease renewals are heartbeats, never drawn.
    expect(trace.messages.filter((m) => m.target.startsWith('lease/') && !m.hidden)).toEqual([]);
  });
});
