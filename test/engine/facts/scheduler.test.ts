import { describe, expect, it } from 'vitest';
import { eventsOf, runFact } from './helpers.js';

describe('K8S-FACTS §1/§6 scheduler', () => {
  // A pod asking more cpu than a-1 has in all: NodeResourcesFit says UnschedulableAndUnresolvable
  // (since 1.34), so preemption finds no node to help.
  it('§1 Scheduler: nodes a PreFilter left out count as "node(s) didn\'t satisfy plugin(s) [NodeAffinity]"', () => {
    const r = runFact(`
manifest pinned """
  apiVersion: v1
  kind: Pod
  metadata: { name: pinned }
  spec:
    affinity:
      nodeAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          nodeSelectorTerms:
          - matchFields: [{ key: metadata.name, operator: In, values: [a-1] }]
    containers: [{ name: app, image: nginx:1.27, resources: { requests: { cpu: "8" } } }]
"""
cluster c { node a-1 { cpu 4; memory 8Gi }; node b-[1..2] { cpu 4; memory 8Gi } }
scenario "pinned" {
  given cluster c
  when { apply pinned }
  then { pod pinned: Pending }
}`);
    const ev = eventsOf(r, 'pod/pinned', 'FailedScheduling');
    expect(ev[0]?.message).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it('§6 NodeAffinity PreFilter: matchFields metadata.name In narrows the candidates to that node', () => {
    const r = runFact(`
manifest pinned """
  apiVersion: v1
  kind: Pod
  metadata: { name: pinned }
  spec:
    affinity:
      nodeAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          nodeSelectorTerms:
          - matchFields: [{ key: metadata.name, operator: In, values: [b-2] }]
    containers: [{ name: app, image: nginx:1.27 }]
"""
cluster c { node a-1 { cpu 4; memory 8Gi }; node b-[1..2] { cpu 4; memory 8Gi } }
scenario "pinned" {
  given cluster c
  when { apply pinned }
  then { pod pinned: Running and on b-2 }
}`);
    expect(r.status).toBe('passed');
  });
});

describe('K8S-FACTS §6 NodeAffinityArgs.addedAffinity', () => {
  it('a profile\'s added node affinity filters every pod: "node(s) didn\'t match scheduler-enforced node affinity"', () => {
    const r = runFact(`
cluster c {
  node worker-1 { cpu 4; memory 8Gi; labels pool=web }
  node worker-2 { cpu 4; memory 8Gi; labels pool=web }
  scheduler """
    apiVersion: kubescheduler.config.k8s.io/v1
    kind: KubeSchedulerConfiguration
    profiles:
    - schedulerName: default-scheduler
      pluginConfig:
      - name: NodeAffinity
        args:
          addedAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchExpressions: [{ key: pool, operator: In, values: [batch] }]
  """
}
scenario "enforced" {
  given cluster c
  when { kubectl run p --image=nginx:1.27 }
  then { pod p: Pending }
}`);
    expect(eventsOf(r, 'pod/p', 'FailedScheduling')[0]?.message).toBe(
      "0/2 nodes are available: 2 node(s) didn't match scheduler-enforced node affinity. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });
});

describe('K8S-FACTS §1 full current example (kubernetes/kubernetes#141227, v1.36.1)', () => {
  it('reproduces the FailedScheduling message byte for byte', () => {
    const r = runFact(`manifest holder """
  apiVersion: v1
  kind: Pod
  metadata: { name: holder }
  spec:
    nodeName: a-1
    containers: [{ name: app, image: nginx:1.27, resources: { requests: { example.com/dummy: "1" }, limits: { example.com/dummy: "1" } } }]
"""
manifest pinned """
  apiVersion: v1
  kind: Pod
  metadata: { name: pinned }
  spec:
    affinity:
      nodeAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          nodeSelectorTerms:
          - matchFields: [{ key: metadata.name, operator: In, values: [a-1] }]
    containers: [{ name: app, image: nginx:1.27, resources: { requests: { example.com/dummy: "1" }, limits: { example.com/dummy: "1" } } }]
"""
cluster c { node a-1 { cpu 4; memory 8Gi; resource example.com/dummy 1 }; node b-[1..2] { cpu 4; memory 8Gi } }
scenario "issue 141227" {
  given cluster c
  given { apply holder }
  when { apply pinned }
  then { event pod/pinned FailedScheduling "0/3 nodes are available: 1 Insufficient example.com/dummy, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling." }
}
`);
    expect(r.status).toBe('passed');
  });
});
