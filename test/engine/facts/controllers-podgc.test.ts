/** Deleting a Node: RemovingNode (K8S-FACTS §1 RecordNodeEvent "Node %s event: %s"), and the pod GC deletes its pods after the 40 s quarantine. */
import { describe, expect, it } from 'vitest';
import { eventsOf, runFact } from './helpers.js';

describe('node deletion', () => {
  it('records RemovingNode; pods bound to the gone node get DisruptionTarget (DeletionByPodGC) and are force-deleted after 40 s; the ReplicaSet replaces them', () => {
    const r = runFact(`
cluster c { node worker-[1..2] { cpu 4; memory 8Gi } }
scenario "delete a node" {
  timeout 3m
  given cluster c
  given { kubectl create deployment web --image=nginx:1.27 --replicas=4; wait until deployment web: 4 ready }
  when { kubectl delete node worker-1 }
  then {
    deployment web: 4 ready
    pods app=web: 4 Running and on worker-2
  }
}`);
    expect(r.expectations.map((e) => [e.ok, e.message])).toEqual(r.expectations.map(() => [true, '']));
    expect(eventsOf(r, 'node/worker-1').map((e) => [e.type, e.reason, e.message, e.source])).toEqual([
      ['Normal', 'RemovingNode', 'Node worker-1 event: Removing Node worker-1 from Controller', 'node-controller'],
    ]);
    const deletes = r.trace.messages.filter((m) => m.attrs.controller === 'pod-garbage-collector' && m.verb === 'delete');
    expect(deletes.length).toBeGreaterThan(0);
    for (const d of deletes) expect(d.timeMs).toBeGreaterThanOrEqual(40_000);
    const gone = r.trace.changes.filter((c) => c.key.startsWith('/registry/pods/') && c.value && (c.value as any).status?.conditions?.some((x: any) => x.reason === 'DeletionByPodGC'));
    expect(gone.length).toBe(deletes.length);
    expect((gone[0]!.value as any).status.conditions.find((x: any) => x.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' });
  });
});
