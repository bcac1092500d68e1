/**
 * K8S-FACTS §1/§5/§6: when the scheduler tries an unschedulable pod again — the cluster events
 * that may help the plugins that rejected it, or the 5-minute flush (podMaxInUnschedulablePodsDuration,
 * checked every 30 s) — and what it says when there is no node at all.
 */
import { describe, expect, it } from 'vitest';
import { eventsOf, runFact } from './helpers.js';

const pod = (name: string, extra = '', cpu = '3') => `
manifest ${name} """
  apiVersion: v1
  kind: Pod
  metadata: { name: ${name}, labels: { app: ${name} } }
  spec:
    containers: [{ name: app, image: nginx:1.27, resources: { requests: { cpu: "${cpu}" } } }]
${extra}
"""`;

describe('K8S-FACTS §5/§6 scheduling queue', () => {
  it('§1 no node at all: "no nodes available to schedule pods", without FitError or preemption', () => {
    const r = runFact(`${pod('p')}
scenario "empty" {
  given cluster { namespace x }
  when { apply p }
  then { pod p: Pending }
}`);
    expect(eventsOf(r, 'pod/p', 'FailedScheduling').map((e) => e.message)).toEqual(['no nodes available to schedule pods']);
  });

  it('§5 a heartbeat does not retry a pod; the leftover flush does after 5 minutes (every 30 s)', () => {
    const r = runFact(`${pod('a')}${pod('b')}
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "flush" {
  given cluster c
  when { apply a; apply b; wait 12m }
  then { pod b: Pending }
}`);
    const times = eventsOf(r, 'pod/b', 'FailedScheduling').map((e) => e.timeMs);
    expect(times).toHaveLength(3);
    // Each retry comes at the first 30 s flush after more than 5 minutes in unschedulablePods.
    expect(times[1]! - times[0]!).toBeGreaterThan(300_000);
    expect(times[1]! - times[0]!).toBeLessThanOrEqual(330_000);
    expect(times[2]! - times[1]!).toBeGreaterThan(300_000);
    // updatePod: the same PodScheduled condition again is not written (one PATCH for three failures).
    expect(r.trace.messages.filter((m) => m.from === 'scheduler' && m.verb === 'status' && m.target === 'pod/b')).toHaveLength(1);
  });

  it('§6 labelling a node does not retry a pod rejected for cpu; deleting a pod does', () => {
    const r = runFact(`${pod('a')}${pod('b')}
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "events" {
  given cluster c
  given { apply a; apply b }
  when { kubectl label nodes worker-1 disk=ssd }
  then { pod b: Pending }
  when { kubectl delete pod a }
  then { pod b: Running within 30s }
}`);
    expect(r.status).toBe('passed');
    expect(eventsOf(r, 'pod/b', 'FailedScheduling')).toHaveLength(0);
    expect(eventsOf(r, 'pod/b', 'Scheduled')).toHaveLength(1);
  });

  it('§6 a pod waiting for pod affinity is tried again when a matching pod is bound (AssignedPodAdd)', () => {
    const affinity = `    affinity:
      podAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
        - { labelSelector: { matchLabels: { app: db } }, topologyKey: kubernetes.io/hostname }`;
    const r = runFact(`${pod('web', affinity, '100m')}${pod('db', '', '100m')}
cluster c { node worker-[1..2] { cpu 4; memory 8Gi } }
scenario "affinity" {
  given cluster c
  given { apply web }
  when { apply db }
  then { pod web: Running within 30s }
}`);
    expect(r.status).toBe('passed');
  });

  it('§6 relabelling a pending pod retries it when its spreading selector stops matching it (PodTopologySpread hint)', () => {
    // The constraint counts pods without the label spare: worker-1 has one, worker-2 (cordoned) none.
    const spread = `    topologySpreadConstraints:
    - { maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: { matchExpressions: [{ key: spare, operator: DoesNotExist }] } }`;
    const r = runFact(`${pod('first', '', '100m')}${pod('p', spread, '100m')}
cluster c { node worker-1 { cpu 4; memory 8Gi }; node worker-2 { cpu 4; memory 8Gi; unschedulable } }
scenario "relabel" {
  given cluster c
  given { apply first; apply p }
  when { kubectl label pods p spare=yes }
  then { pod p: Running and on worker-1 within 30s }
}`);
    expect(r.status).toBe('passed');
  });

  it('§6 a pod blocked by anti-affinity is not tried again when an unrelated pod is bound (InterPodAffinity hint)', () => {
    const anti = `    affinity:
      podAntiAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
        - { labelSelector: { matchLabels: { app: db } }, topologyKey: kubernetes.io/hostname }`;
    const r = runFact(`${pod('db', '', '100m')}${pod('p', anti, '100m')}${pod('other', '', '100m')}
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "anti" {
  given cluster c
  given { apply db; apply p }
  when { apply other }
  then { pod other: Running }
  when { kubectl delete pod db }
  then { pod p: Running within 30s }
}`);
    expect(r.status).toBe('passed');
    // Only the first attempt (in the set-up) failed: binding 'other' did not retry p; deleting db did.
    expect(eventsOf(r, 'pod/p', 'FailedScheduling')).toHaveLength(0);
  });

  it('§6 a node too small for the pod does not retry it; one that fits does (NodeResourcesFit hint)', () => {
    const r = runFact(`${pod('big', '', '6')}
cluster c { node worker-1 { cpu 4; memory 8Gi } }
manifest small-node """
  apiVersion: v1
  kind: Node
  metadata: { name: small, labels: { kubernetes.io/hostname: small } }
  status: { allocatable: { cpu: "2", memory: 8Gi, pods: "110" }, capacity: { cpu: "2", memory: 8Gi, pods: "110" } }
"""
manifest large-node """
  apiVersion: v1
  kind: Node
  metadata: { name: large, labels: { kubernetes.io/hostname: large } }
  status: { allocatable: { cpu: "8", memory: 8Gi, pods: "110" }, capacity: { cpu: "8", memory: 8Gi, pods: "110" } }
"""
scenario "nodes" {
  given cluster c
  given { apply big }
  when { apply small-node; wait 5s }
  then { pod big: Pending }
  when { apply large-node }
  then { event pod/big Scheduled "Successfully assigned default/big to large" }
}`);
    expect(r.status).toBe('passed');
    // A manifest Node has no kubelet: the pod is bound, and no FailedScheduling came before.
    expect(eventsOf(r, 'pod/big').map((e) => e.reason)).toEqual(['Scheduled']);
  });

  it('§5 a pod moved by an event is tried at once when nothing else waits, before its 1 s back-off ends (SchedulerPopFromBackoffQ)', () => {
    const r = runFact(`${pod('low')}
manifest high """
  apiVersion: v1
  kind: Pod
  metadata: { name: high }
  spec:
    priorityClassName: critical
    containers: [{ name: app, image: nginx:1.27, resources: { requests: { cpu: "3" } } }]
"""
cluster c { node worker-1 { cpu 4; memory 8Gi }; priorityclass critical 1000 }
scenario "pop" {
  given cluster c
  given { apply low }
  when { apply high }
  then { event pod/high Scheduled "Successfully assigned default/high to worker-1" }
}`);
    expect(r.status).toBe('passed');
    const failed = eventsOf(r, 'pod/high', 'FailedScheduling')[0]!.timeMs;
    const scheduled = eventsOf(r, 'pod/high', 'Scheduled')[0]!.timeMs;
    // The victim is gone well within a second; the preemptor does not wait out its back-off.
    expect(scheduled - failed).toBeLessThan(1000);
  });

  it('§6 a pod with scheduling gates is not tried (PreEnqueue SchedulingGates): no binding, no FailedScheduling', () => {
    const r = runFact(`${pod('gated', '    schedulingGates: [{ name: example.com/quota }]', '100m')}
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "gated" {
  given cluster c
  when { apply gated; wait 10s }
  then { pod gated: Pending }
}`);
    expect(r.status).toBe('passed');
    expect(eventsOf(r, 'pod/gated')).toEqual([]);
    expect(r.trace.messages.filter((m) => m.from === 'scheduler' && m.verb !== 'watch')).toEqual([]);
  });
});
