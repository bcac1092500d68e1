/** The garbage collector: dependents go with their last owner; one that still has a live owner only loses the dangling reference. */
import { describe, expect, it } from 'vitest';
import { cluster, create, step } from '../controllers/helpers.js';
import type { KubeObject } from '../../../src/trace/types.js';

const rs = (name: string): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default' },
  spec: { replicas: 0, selector: { matchLabels: { rs: name } }, template: { metadata: { labels: { rs: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
} as any);

describe('garbage collector', () => {
  it('keeps a dependent that has another live owner (drops the reference), deletes it with its last owner', () => {
    const c = cluster(1);
    step(c, [create('replicasets', rs('a')), create('replicasets', rs('b'))]);
    const ref = (n: string) => {
      const o = c.server.peek('replicasets', 'default', n)!;
      return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: n, uid: o.metadata.uid! };
    };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'shared', namespace: 'default', ownerReferences: [ref('a'), ref('b')] }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } as any;
    step(c, [create('pods', pod)]);
    step(c, [{ verb: 'delete', resource: 'replicasets', namespace: 'default', name: 'a' }]);
    const kept = c.server.peek('pods', 'default', 'shared')!;
    expect(kept.metadata.deletionTimestamp).toBeUndefined();
    expect(kept.metadata.ownerReferences!.map((r) => r.name)).toEqual(['b']);
    step(c, [{ verb: 'delete', resource: 'replicasets', namespace: 'default', name: 'b' }]);
    expect(c.server.peek('pods', 'default', 'shared')).toBeUndefined();
    const gc = c.env.rec.trace.messages.filter((m) => m.attrs.controller === 'garbagecollector' && m.target === 'pod/shared').map((m) => m.verb);
    expect(gc).toEqual(['patch', 'delete']);
  });
});
