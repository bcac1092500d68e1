/**
 * Every action kind of LANGUAGE.md §6 that the engine supports, each with an expectation its
 * effect meets and one it does not, as small scenarios run on the engine.
 */
import { describe, expect, it } from 'vitest';
import { CLUSTER, explain, runText, scenario } from './helpers.js';

const POD = `manifest pod-x """
  apiVersion: v1
  kind: Pod
  metadata: { name: x, labels: { app: x } }
  spec: { containers: [{ name: app, image: nginx }] }
"""
manifest ns-b """
  apiVersion: v1
  kind: Namespace
  metadata: { name: team-b }
"""
manifest svc-x """
  apiVersion: v1
  kind: Service
  metadata: { name: x }
  spec: { selector: { app: x }, ports: [{ port: 80, targetPort: 8080 }] }
"""
`;

const cases: { name: string; when: string; pass: string; fail: string }[] = [
  { name: 'kubectl run', when: 'kubectl run web --image=nginx', pass: 'pod web: Running and on worker-*', fail: 'pod web: Pending' },
  { name: 'apply a Pod', when: 'apply pod-x', pass: 'pods app=x: 1 Running', fail: 'pod x: gone' },
  { name: 'apply a Namespace', when: 'apply ns-b', pass: 'sequence {\nkubectl -> apiserver: create namespace/team-b\napiserver -> kubectl: response namespace/team-b code=201\n}', fail: 'never kubectl -> apiserver: create namespace/team-b' },
  { name: 'apply a Service', when: 'apply svc-x', pass: 'sequence {\nkubectl -> apiserver: create service/x\n}', fail: 'never apiserver -> etcd: put /registry/services/*' },
  { name: 'wait', when: 'kubectl run a --image=busybox\nwait 30s\nkubectl run b --image=busybox', pass: 'sequence {\nkubectl -> apiserver: create pod/a\nkubectl -> apiserver: create pod/b within 31s\n}', fail: 'sequence {\nkubectl -> apiserver: create pod/a\nkubectl -> apiserver: create pod/b within 29s\n}' },
  { name: 'wait until', when: 'kubectl run a --image=busybox\nwait until pod a: Running\nkubectl delete pod a', pass: 'sequence {\nkubelet -> apiserver: status pod/a phase=Running\nkubectl -> apiserver: delete pod/a\n}', fail: 'sequence {\nkubectl -> apiserver: delete pod/a\nkubelet -> apiserver: status pod/a phase=Running\n}' },
  { name: 'wait until that times out (§12.1: it fails, so it is expected to)', when: 'kubectl run a --image=busybox\nexpect failure "still not true after 20s" { wait until pod a: Failed timeout 20s }', pass: 'pod a: Running', fail: 'pod a: Failed' },
  { name: 'at', when: 'kubectl run a --image=busybox\nat 10s { kubectl run b --image=busybox }', pass: 'sequence {\nkubectl -> apiserver: create pod/a\nkubectl -> apiserver: create pod/b within 11s\n}\npod b: Running within 13s', fail: 'pod b: Running within 5s' },
  { name: 'as, allowed', when: 'as alice { kubectl get pods -n team-a }', pass: 'sequence {\nkubectl -> apiserver: list pod* user=alice\napiserver -> kubectl: response * code=200\n}', fail: 'never apiserver -> kubectl: response * code=200' },
  { name: 'as, denied', when: 'as alice { expect failure "Error from server (Forbidden): pods is forbidden: User \\"alice\\" cannot create resource \\"pods\\" in API group \\"\\" in the namespace \\"default\\"" { kubectl run x --image=nginx } }', pass: 'sequence {\nkubectl -> apiserver: create pod/x user=alice\napiserver -> kubectl: response pod/x code=403\n}\npod x: gone', fail: 'pod x: Running' },
  // No node-lifecycle controller yet marks the node NotReady: what shows is that its kubelet goes quiet.
  { name: 'fail node', when: 'fail node worker-1\nwait 2m', pass: 'never kubelet@worker-1 -> apiserver: *\nnode worker-2: Ready', fail: 'sequence {\nkubelet@worker-1 -> apiserver: *\n}' },
  { name: 'fail node: the node-lifecycle controller marks it NotReady', when: 'fail node worker-1\nwait 2m', pass: 'node worker-1: NotReady\nnode worker-1: taint node.kubernetes.io/unreachable:NoSchedule', fail: 'node worker-1: Ready' },
  { name: 'fail node with a range (§2: a range names several)', when: 'fail node worker-[1..2]\nwait 2m', pass: 'node worker-[1..2]: NotReady', fail: 'node worker-2: Ready' },
  { name: 'restore node', when: 'fail node worker-1\nwait 2m\nrestore node worker-1\nwait 1m', pass: 'sequence {\nkubelet@worker-1 -> apiserver: *\n}\nnode worker-1: Ready', fail: 'never kubelet@worker-1 -> apiserver: *' },
  { name: 'image fails to pull', when: 'image nginx fails to pull\nkubectl run web --image=nginx', pass: 'pod web: Pending and reason ImagePullBackOff\nevent pod/web Failed "*ErrImagePull*"', fail: 'pod web: Running' },
  { name: 'image pulls in D', when: 'image nginx pulls in 30s\nkubectl run web --image=nginx', pass: 'pod web: Running within 35s', fail: 'pod web: Running within 20s' },
  { name: 'pods crash', when: 'pods web crash after 5s exit 1 times 3\nkubectl run web --image=nginx', pass: 'pod web: restarts >= 3\nevents pod/web: Started, BackOff', fail: 'no event pod/web BackOff' },
  { name: 'pods crash: a pod already running crashes D after the fault is declared', when: 'kubectl run web --image=nginx\nwait 10s\npods web crash after 5s exit 2 times 2', pass: 'pod web: Running and restarts >= 2\nevents pod/web: Started, BackOff\nevent pod/web BackOff "Back-off restarting failed container web*"', fail: 'no event pod/web BackOff' },
  { name: 'etcd unavailable', when: 'etcd unavailable for 5s\nexpect failure "Error from server: etcdserver: request timed out" { kubectl run web --image=nginx }', pass: 'sequence {\netcd -> apiserver: error /registry/pods/default/web\napiserver -> kubectl: response pod/web code=500\n}\npod web: gone', fail: 'pod web: Running' },
  { name: 'kubectl cordon', when: 'kubectl cordon worker-1\nkubectl run web --image=nginx', pass: 'node worker-1: unschedulable\npod web: on worker-2', fail: 'pod web: on worker-1' },
  { name: 'kubectl uncordon', when: 'kubectl cordon worker-1\nkubectl uncordon worker-1', pass: 'never node worker-2: unschedulable\nnode worker-1: Ready', fail: 'node worker-1: unschedulable' },
  { name: 'kubectl taint', when: 'kubectl taint nodes worker-2 gpu=yes:NoSchedule\nkubectl run web --image=nginx', pass: 'node worker-2: taint gpu=yes:NoSchedule\npod web: on worker-1', fail: 'pod web: on worker-2' },
  { name: 'kubectl label', when: 'kubectl run web --image=nginx\nkubectl label pods web tier=front', pass: 'pods tier=front: 1 Running', fail: 'pods tier=back: 1 Running' },
  { name: 'kubectl delete', when: 'kubectl run web --image=nginx\nwait 10s\nkubectl delete pod web', pass: 'pod web: gone\nsequence {\nkubectl -> apiserver: delete pod/web\nkubelet -> runtime: StopContainer *\n}', fail: 'pod web: Running' },
  { name: 'kubectl get', when: 'kubectl get pods', pass: 'sequence {\nkubectl -> apiserver: list *\n}', fail: 'never kubectl -> apiserver: list *' },
  { name: 'kubectl drain --force', when: 'kubectl run web --image=nginx\nwait 10s\nkubectl drain worker-1 --force\nkubectl drain worker-2 --force', pass: 'node worker-*: unschedulable\npod web: gone', fail: 'pod web: Running' },
];

describe('actions (LANGUAGE.md §6)', () => {
  it.each(cases)('$name', ({ when, pass, fail }) => {
    const [ok] = runText(scenario(when, pass, POD));
    expect(ok!.status, explain(ok!)).toBe('passed');
    const [bad] = runText(scenario(when, fail, POD));
    expect(bad!.status, explain(bad!)).toBe('failed');
    expect(ok!.errors.filter((e) => e.code !== 'W-STEP-TIMEOUT')).toEqual([]);
  });
});

describe('at and wait until against the step timeout (LANGUAGE.md §5, §6)', () => {
  const run = (when: string, then: string) =>
    runText(`${CLUSTER}
scenario "timing" {
  timeout 2m
  given cluster two
  when {
${when}
  }
  then { ${then} }
}
`)[0]!;

  it('an `at` block later than the timeout still runs: the timeout bounds the settling after the actions', () => {
    const r = run('kubectl run a --image=busybox\nat 5m { kubectl run b --image=busybox }', 'pod b: Running');
    expect(r.status, explain(r)).toBe('passed');
    expect(r.errors).toEqual([]);
  });

  it('`wait until` without its own timeout waits as long as the step timeout, then fails (§12.1)', () => {
    const r = run('image busybox pulls in 3m\nkubectl run a --image=busybox\nwait until pod a: Running\nkubectl run b --image=busybox', 'pod b: Running');
    expect(r.status).toBe('failed');
    expect(r.expectations.map((e) => e.message).join('\n')).toMatch(/^`wait until pod a: Running` failed: still not true after 2m \(the step timeout\): /);
    const r2 = run('image busybox pulls in 90s\nkubectl run a --image=busybox\nwait until pod a: Running\nkubectl run b --image=busybox', 'pod b: Running');
    expect(r2.errors).toEqual([]);
  });
});
