/** Deleting a namespace: Terminating, its content deleted by the namespace controller, then gone (NamespaceLifecycle admission meanwhile). */
import { describe, expect, it } from 'vitest';
import { runFact } from './helpers.js';

describe('namespace deletion', () => {
  it('marks the namespace Terminating, deletes its content, then removes it; new content is refused meanwhile; default may not be deleted', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi }; namespace team-a }
scenario "delete a namespace" {
  given cluster c
  given { kubectl create deployment web --image=nginx:1.27 --replicas=2 -n team-a; wait until deployment web: 2 ready }
  when {
    kubectl delete namespace team-a
    kubectl run late --image=nginx:1.27 -n team-a
    kubectl delete namespace default
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
});
