import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../src/engine/cluster.js';
import { defaultProfile } from '../../../src/engine/scheduler/framework/config.js';
import { ServiceAccountsController } from '../../../src/engine/controllers/serviceaccount.js';
import { RootCACertPublisher } from '../../../src/engine/controllers/root-ca-publisher.js';

/** Four identical nodes and eight pods: every choice is a tie broken by the seeded source. */
function placements(seed: number): string[] {
  const spec = (name: string) => ({ name, allocatable: { cpu: '8', memory: '16Gi' }, labels: {}, taints: [], images: [], unschedulable: false, notReady: false });
  const profile = defaultProfile();
  // Only NodeName's filter and no scoring differences: without spreading, ties are everywhere.
  profile.plugins = profile.plugins.filter((p) => !['NodeResourcesFit', 'NodeResourcesBalancedAllocation', 'PodTopologySpread'].includes(p.name));
  // Only the controllers a pod needs to be admitted (its `default` ServiceAccount) and mounted (kube-root-ca.crt).
  const c = new Cluster({ seed, nodes: ['a', 'b', 'c', 'd'].map(spec), namespaces: [], priorityClasses: [], users: [], profile, controllers: [new ServiceAccountsController(), new RootCACertPublisher()] });
  c.start();
  c.settle(60_000);
  c.env.rec.beginStep(1, 'when');
  for (let i = 0; i < 8; i++) c.kubectl().request({ verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}` }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } });
  c.settle(c.env.loop.now + 120_000);
  return [...Array(8).keys()].map((i) => (c.server.peek('pods', 'default', `p${i}`) as any).spec.nodeName);
}

describe('tie-breaks', () => {
  it('the same seed places pods on the same nodes', () => {
    expect(placements(42)).toEqual(placements(42));
  });

  it('another seed breaks ties differently', () => {
    const seen = new Set([1, 2, 3, 4, 5].map((s) => placements(s).join(',')));
    expect(seen.size).toBeGreaterThan(1);
  });
});
