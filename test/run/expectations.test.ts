/**
 * Every expectation kind of LANGUAGE.md §7, each with a case that passes and one that fails,
 * as small scenarios run on the engine.
 */
import { describe, expect, it } from 'vitest';
import { explain, runText, scenario } from './helpers.js';

const RUN = 'kubectl run web --image=nginx';

const cases: { name: string; when?: string; then: string; ok: boolean; message?: RegExp }[] = [
  { name: 'sequence in order', then: 'sequence {\nkubectl -> apiserver: create pod/web\nscheduler -> apiserver: bind pod/web node=worker-*\nkubelet -> runtime: StartContainer pod/web\n}', ok: true },
  { name: 'sequence out of order', then: 'sequence {\nkubelet -> runtime: StartContainer pod/web\nscheduler -> apiserver: bind pod/web\n}', ok: false, message: /no message matched "scheduler -> apiserver: bind pod\/web" after "kubelet -> runtime: StartContainer pod\/web"/ },
  { name: 'sequence line within, in time', then: 'sequence {\nkubectl -> apiserver: create pod/web\nscheduler -> apiserver: bind pod/web within 1s\n}', ok: true },
  { name: 'sequence line within, too late', then: 'sequence {\nkubectl -> apiserver: create pod/web\nkubelet -> apiserver: status pod/web phase=Running within 100ms\n}', ok: false, message: /^"kubelet -> apiserver: status pod\/web phase=Running within 100ms" came too late: \d.*s after "kubectl -> apiserver: create pod\/web", over its limit of 100ms$/ },
  { name: 'never message holds', then: 'never !apiserver -> etcd', ok: true },
  { name: 'never message violated', then: 'never kubelet -> runtime: PullImage', ok: false, message: /^expected `never kubelet -> runtime: PullImage`, but a message matched: .*PullImage/ },
  // §5: a `within` in `then` is measured from the start of its `when`.
  { name: 'never message within D: a match after D does not count', then: 'never kubelet -> runtime: PullImage within 10ms', ok: true },
  { name: 'never message within D: a match before D does', then: 'never kubelet -> runtime: PullImage within 10s', ok: false, message: /^expected `never kubelet -> runtime: PullImage within 10s`, but a message matched within 10s of the step's start: .*PullImage/ },
  { name: 'sequence first line within, from the step start', then: 'sequence {\nkubelet -> runtime: StartContainer pod/web within 10ms\n}', ok: false, message: /^"kubelet -> runtime: StartContainer pod\/web within 10ms" came too late: .* after the step began, over its limit of 10ms$/ },
  { name: 'sequence first line within, in time', then: 'sequence {\nkubelet -> runtime: StartContainer pod/web within 10s\n}', ok: true },
  { name: 'events in order', then: 'events pod/web: Scheduled, Pulling, Pulled, Created, Started', ok: true },
  { name: 'events: each reason is a pattern', then: 'events pod/web: Scheduled, Pull*, Created|Started', ok: true },
  { name: 'events out of order', then: 'events pod/web: Started, Scheduled', ok: false, message: /missing Scheduled after Started/ },
  { name: 'event with message', then: 'event pod/web Scheduled "Successfully assigned default/web to worker-*"', ok: true },
  { name: 'event missing', then: 'event pod/web BackOff', ok: false, message: /no BackOff Event for pod\/web/ },
  { name: 'no event holds', then: 'no event pod/web BackOff', ok: true },
  { name: 'no event violated', then: 'no event pod/web Pulled', ok: false, message: /^expected `no event pod\/web Pulled`, but pod default\/web got Normal Pulled/ },
  { name: 'state at the end', then: 'pod web: Running and Ready', ok: true },
  { name: 'state at the end, wrong', then: 'pod web: Succeeded', ok: false, message: /^expected `pod web: Succeeded` at the end of the step \(\d.*s\); found 0 of 1 matching pod Succeeded$/ },
  { name: 'state within, in time', then: 'pod web: Running within 5s', ok: true },
  { name: 'state within, too late', then: 'pod web: Running within 1s', ok: false, message: /^expected `pod web: Running within 1s`, but it did not hold by 1s; then found 0 of 1 matching pod Running$/ },
  { name: 'count of pods', when: `${RUN}\nkubectl run api --image=busybox`, then: 'pods web|api: 2 Running', ok: true },
  { name: 'count of pods, wrong', then: 'pods web|api: >=2 Running', ok: false, message: /1 of 1 matching pod/ },
  { name: 'a state pattern: any of several states', when: `${RUN}\nimage busybox fails to pull\nkubectl run api --image=busybox`, then: 'pods web|api: 2 Running|Pending\npods web|api: 1 Succeeded|Pending', ok: true },
  { name: 'a state pattern, wrong', then: 'pod web: Succeeded|Failed', ok: false, message: /found 0 of 1 matching pod Succeeded\|Failed$/ },
  { name: 'label selector', then: 'pods run=web: 1 Running', ok: true },
  { name: 'gone', when: `${RUN}\nwait 10s\nkubectl delete pod web`, then: 'pod web: gone', ok: true },
  { name: 'gone, still there', then: 'pod web: gone', ok: false, message: /^expected `pod web: gone` at the end of the step .*; found 1 matching pod still there$/ },
  { name: 'always holds', when: 'kubectl cordon worker-1', then: 'always node worker-2: Ready', ok: true },
  { name: 'always violated', then: 'always pods web: 0 Running', ok: false, message: /^expected `always pods web: 0 Running`, but at \d.*s found 1 of 1 matching pod Running$/ },
  { name: 'never state holds', when: `kubectl cordon worker-1\n${RUN}`, then: 'never pod web: on worker-1', ok: true },
  { name: 'never state violated', then: 'never pod web: Running', ok: false, message: /^expected `never pod web: Running`, but at \d.*s found 1 of 1 matching pod Running$/ },
  { name: 'node taint', when: 'kubectl taint nodes worker-1 gpu=yes:NoSchedule', then: 'node worker-1: taint gpu=yes:NoSchedule', ok: true },
  { name: 'no pod matches: the report names the selector', then: 'pods app=nope: 2 Running', ok: false, message: /; found no pod matching app=nope$/ },
  { name: 'deployment count, wrong: the report shows its counts and spec', when: 'kubectl create deployment web --image=nginx --replicas=2', then: 'deployment web: 5 ready', ok: false, message: /; found deployment default\/web with 2 ready, 2 replicas, 2 updated, 2 available \(spec.replicas 2, Available=True\)$/ },
  { name: 'replicaset count, wrong: no updated count, which a ReplicaSet has not', when: 'kubectl create deployment web --image=nginx --replicas=2', then: 'replicaset web-*: 3 ready', ok: false, message: /; found replicaset default\/web-\w+ with 2 ready, 2 replicas, 2 available \(spec.replicas 2\)$/ },
  { name: 'node taint, wrong', then: 'node worker-1: taint a=b:NoSchedule', ok: false, message: /; found node worker-1 Ready=True, schedulable, no taints$/ },
  { name: 'service endpoints, wrong', when: 'kubectl create deployment web --image=nginx --replicas=2\nkubectl expose deployment web --port=80', then: 'service web: 5 endpoints', ok: false, message: /; found service web with 2 ready endpoints, kube-proxy rules on 2 nodes$/ },
  { name: 'always at the step start, no pod yet', then: 'always pods web: 1 Running', ok: false, message: /^expected `always pods web: 1 Running`, but at 0ms \(the step's start\) found no pod matching web$/ },
  { name: 'node unschedulable, wrong', when: 'kubectl uncordon worker-1', then: 'node worker-1: unschedulable', ok: false, message: /^expected `node worker-1: unschedulable` at the end of the step .*; found node worker-1 Ready=True, schedulable, no taints$/ },
];

describe('expectations (LANGUAGE.md §7)', () => {
  it.each(cases)('$name', ({ when, then, ok, message }) => {
    const [r] = runText(scenario(when ?? RUN, then));
    expect(r!.status, explain(r!)).toBe(ok ? 'passed' : 'failed');
    if (message) expect(r!.expectations.find((e) => !e.ok)?.message).toMatch(message);
  });
});

describe('deployment counts follow the observed generation', () => {
  it('does not take a status written for the old spec as the new one', async () => {
    const { checkSource } = await import('../../src/lang/check.js');
    const { runScenario } = await import('../../src/run/run.js');
    const r = checkSource(`
cluster c { node worker-[1..2] { cpu 8; memory 16Gi } }
scenario "rollout" {
  given cluster c
  timeout 50ms
  given {
    kubectl create deployment web --image=nginx:1.27 --replicas=4
    wait until deployment web: 4 ready
  }
  when { kubectl set image deployment/web nginx=nginx:1.28; wait 100ms }
  then {
    deployment web: 4 updated
  }
  when { wait 10s }
  then { deployment web: 4 updated and 4 ready }
}`, 'gen.kscn', { cwd: __dirname });
    const res = runScenario(r.file!, r.file!.scenarios[0]!);
    expect(res.expectations.map((e) => e.ok)).toEqual([false, true]);
  });
});

describe('a deployment status left from an older generation', () => {
  it('does not satisfy a count, and the report says why', async () => {
    const { StateView } = await import('../../src/expect/state-view.js');
    const { evaluateState } = await import('../../src/expect/state.js');
    const { checkSource } = await import('../../src/lang/check.js');
    const dep = (generation: number, observedGeneration: number) => ({
      seq: 1, timeMs: 0, step: 1, key: '/registry/deployments/default/web', rev: 2,
      value: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', generation }, spec: { replicas: 4 }, status: { observedGeneration, replicas: 4, updatedReplicas: 4, readyReplicas: 4 } },
    });
    const r = checkSource(`cluster c { node w { cpu 1; memory 1Gi } }
scenario "s" { given cluster c
  then { deployment web: 4 updated } }`, 's.kscn', { cwd: __dirname });
    const e = r.file!.scenarios[0]!.steps[0]!.then[0] as { state: Parameters<typeof evaluateState>[0] };
    const at = (g: number, o: number) => {
      const v = new StateView([dep(g, o)]);
      v.applyWhile(() => true);
      return evaluateState(e.state, v, { messages: [], uptoSeq: 0 });
    };
    expect(at(2, 2).ok).toBe(true);
    const stale = at(2, 1);
    expect(stale.ok).toBe(false);
    expect(stale.summary).toContain('status not yet observed for generation 2 (observed 1)');
  });
});
