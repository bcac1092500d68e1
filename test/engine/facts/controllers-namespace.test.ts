/** Deleting a namespace: Terminating, its content deleted by the namespace controller, then gone (NamespaceLifecycle admission meanwhile). */
import { describe, expect, it } from 'vitest';
import { runFact } from './helpers.js';
import { Cluster } from '../../../src/engine/cluster.js';
import { defaultControllers } from '../../../src/engine/controllers/index.js';
import { step } from '../controllers/helpers.js';

describe('namespace deletion', () => {
  it('marks the namespace Terminating, deletes its content, then removes it; new content is refused meanwhile; default may not be deleted', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi }; namespace team-a }
scenario "delete a namespace" {
  given cluster c
  given { kubectl create deployment web --image=nginx:1.27 --replicas=2 -n team-a; wait until deployment web: 2 ready }
  when {
    kubectl delete namespace team-a --wait=false
    expect failure "is being terminated" { kubectl run late --image=nginx:1.27 -n team-a }
    expect failure "forbidden" { kubectl delete namespace default }
  }
  then {
    sequence {
      kubectl -> apiserver: delete namespace/team-a
      apiserver -> etcd: put /registry/namespaces/team-a
      controller-manager -> apiserver: delete deployment/web controller=namespace
      controller-manager -> apiserver: update namespace/team-a controller=namespace
      controller-manager -> apiserver: delete namespace/team-a controller=namespace
      apiserver -> etcd: delete /registry/namespaces/team-a
    }
    pod web-*: gone
    pod late: gone
  }
}`);
    expect(r.expectations.map((e) => [e.ok, e.message])).toEqual(r.expectations.map(() => [true, '']));
    const labels = r.trace.messages.filter((m) => m.kind === 'response' && m.to === 'kubectl').map((m) => m.label);
    expect(labels).toEqual([
      '200 OK',
      '403 Forbidden: pods "late" is forbidden: unable to create new content in namespace team-a because it is being terminated',
      '403 Forbidden: namespaces "default" is forbidden: this namespace may not be deleted',
    ]);
    const terminating = r.trace.changes.find((c) => c.key === '/registry/namespaces/team-a' && (c.value as any)?.metadata.deletionTimestamp)!.value as any;
    expect([terminating.status.phase, !!terminating.metadata.deletionTimestamp, terminating.spec.finalizers]).toEqual(['Terminating', true, ['kubernetes']]);
    const last = new Map<string, unknown>();
    for (const c of r.trace.changes) last.set(c.key, c.value);
    expect([...last].filter(([k, v]) => v && (k.includes('/team-a/') || k.endsWith('/team-a'))).map(([k]) => k)).toEqual([]);
  });

  it('K8S-FACTS §1: a ReplicaSet whose pods are refused because the namespace is terminating records no FailedCreate', () => {
    // Without the namespace controller the namespace stays Terminating with the ReplicaSet in it.
    const controllers = defaultControllers().filter((c) => c.name !== 'namespace');
    const c = new Cluster({ seed: 1, nodes: [{ name: 'worker-1', allocatable: { cpu: '4', memory: '8Gi' }, labels: {}, taints: [], images: [], unschedulable: false, notReady: false }] as any, namespaces: ['team-b'], priorityClasses: [], users: [], controllers });
    c.start();
    c.settle(60_000);
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'team-b' }, spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } } as any;
    step(c, [{ verb: 'create', resource: 'replicasets', namespace: 'team-b', body: rs }, { verb: 'delete', resource: 'namespaces', name: 'team-b' }]);
    step(c, [{ verb: 'patch', resource: 'replicasets', namespace: 'team-b', name: 'web', body: { spec: { replicas: 1 } } }], 5_000);
    const refused = c.env.rec.trace.messages.filter((m) => m.kind === 'response' && m.to === 'controller-manager' && m.label.includes('unable to create new content in namespace team-b because it is being terminated'));
    expect(refused.length).toBeGreaterThan(0);
    expect(c.env.rec.trace.events.filter((e) => e.reason === 'FailedCreate')).toEqual([]);
  });
});
