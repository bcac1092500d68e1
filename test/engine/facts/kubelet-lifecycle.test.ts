/**
 * The kubelet's pod lifecycle against K8S-FACTS §1 (Events), §4 (status), §5 (timings), §7 (CRI)
 * and LANGUAGE.md §6 (faults) and §8 (runtime messages and their attributes).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';
import { eventsOf, runFact } from './helpers.js';
import { readinessAt } from '../../../src/engine/kubelet/pod-worker.js';
import type { ScenarioResult } from '../../../src/run/result.js';

/** The stored versions of a pod, in order (from the trace's etcd changes). */
const versions = (r: ScenarioResult, name: string, ns = 'default') => r.trace.changes.filter((c) => c.key === `/registry/pods/${ns}/${name}` && c.value).map((c) => c.value as any);
const last = (r: ScenarioResult, name: string) => versions(r, name).at(-1);

describe('K8S-FACTS §1 kubelet admission (lifecycle/predicate.go, rejectPod)', () => {
  it('§1 OutOfcpu: the Event carries the InsufficientResourceError text; the status message has "Pod was rejected: " before it', () => {
    const r = runFact(`
manifest big """
  apiVersion: v1
  kind: Pod
  metadata: { name: big }
  spec: { nodeName: worker-1, containers: [{ name: app, image: nginx:1.27, resources: { requests: { cpu: "6" } } }] }
"""
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "too big" {
  given cluster c
  when { apply big }
  then { pod big: Failed }
}`);
    expect(eventsOf(r, 'pod/big', 'OutOfcpu').map((e) => [e.type, e.message, e.source])).toEqual([
      ['Warning', "Node didn't have enough resource: cpu, requested: 6000, used: 0, capacity: 4000", 'kubelet'],
    ]);
    expect(last(r, 'big').status).toMatchObject({ phase: 'Failed', reason: 'OutOfcpu', message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 6000, used: 0, capacity: 4000" });
  });

  it('§1 OutOfpods: the pod count is checked first, against allocatable pods', () => {
    const r = runFact(`
manifest pods """
  apiVersion: v1
  kind: Pod
  metadata: { name: one }
  spec: { nodeName: worker-1, containers: [{ name: app, image: nginx:1.27 }] }
  ---
  apiVersion: v1
  kind: Pod
  metadata: { name: two }
  spec: { nodeName: worker-1, containers: [{ name: app, image: nginx:1.27 }] }
"""
cluster c { node worker-1 { cpu 4; memory 8Gi; pods 1 } }
scenario "full" {
  given cluster c
  when { apply pods }
  then { pod two: Failed }
}`);
    expect(eventsOf(r, 'pod/two', 'OutOfpods').map((e) => e.message)).toEqual(["Node didn't have enough resource: pods, requested: 1, used: 1, capacity: 1"]);
  });
});

describe('K8S-FACTS §7 the sandbox: CNI and DNS', () => {
  it('§7 a pod on the host network gets no CNI ADD / DEL and the node\'s IP; dnsPolicy picks the sandbox\'s nameservers', () => {
    const r = runFact(`
manifest pods '''
  apiVersion: v1
  kind: Pod
  metadata: { name: host }
  spec: { hostNetwork: true, containers: [{ name: app, image: nginx:1.27 }] }
  ---
  apiVersion: v1
  kind: Pod
  metadata: { name: hostdns }
  spec: { hostNetwork: true, dnsPolicy: ClusterFirstWithHostNet, containers: [{ name: app, image: nginx:1.27 }] }
  ---
  apiVersion: v1
  kind: Pod
  metadata: { name: own }
  spec: { dnsPolicy: None, dnsConfig: { nameservers: [1.1.1.1] }, containers: [{ name: app, image: nginx:1.27 }] }
  ---
  apiVersion: v1
  kind: Pod
  metadata: { name: plain }
  spec: { containers: [{ name: app, image: nginx:1.27 }] }
'''
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "networks" {
  given cluster c
  when { apply pods }
  then { pod host|hostdns|own|plain: Running }
}`.replace(/'''/g, '"""'));
    expect(r.expectations.every((e) => e.ok)).toBe(true);
    const dns = Object.fromEntries(r.trace.messages.filter((m) => m.verb === 'RunPodSandbox').map((m) => [m.target, m.attrs.dns]));
    expect(dns).toEqual({ 'pod/host': undefined, 'pod/hostdns': '10.96.0.10', 'pod/own': '1.1.1.1', 'pod/plain': '10.96.0.10' });
    expect(r.trace.messages.filter((m) => m.verb === 'ADD').map((m) => m.target).sort()).toEqual(['pod/own', 'pod/plain']);
    const host = versions(r, 'host').at(-1).status;
    expect(host.podIP).toBe(host.hostIP);
  });
});

describe('K8S-FACTS §7 serialized image pulls', () => {
  it('§7 a pull queued behind a pull of the same image finds its layers present: short, and "including waiting" counts the queue', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "two pods, one image" {
  given cluster c
  when { kubectl create deployment web --image=nginx:1.27 --replicas=2 }
  then { deployment web: 2 ready }
}`);
    const pulled = r.trace.events.filter((e) => e.reason === 'Pulled').map((e) => e.message).sort();
    expect(pulled).toEqual([
      'Successfully pulled image "nginx:1.27" in 1.5s (1.5s including waiting). Image size: 72000000 bytes.',
      expect.stringMatching(/^Successfully pulled image "nginx:1\.27" in 200ms \(1\.\d+s including waiting\)\. Image size: 72000000 bytes\.$/),
    ]);
  });
});

describe('kubelet admission predicates (lifecycle/predicate.go generalFilter)', () => {
  it('a pod bound to a node that fails its nodeSelector, or has an untolerated NoExecute taint, is rejected: "Predicate %s failed: %s"', () => {
    const r = runFact(`
manifest pods '''
  apiVersion: v1
  kind: Pod
  metadata: { name: picky }
  spec: { nodeName: worker-1, nodeSelector: { disk: ssd }, containers: [{ name: app, image: nginx:1.27 }] }
  ---
  apiVersion: v1
  kind: Pod
  metadata: { name: tainted }
  spec: { nodeName: worker-2, containers: [{ name: app, image: nginx:1.27 }] }
'''
cluster c {
  node worker-1 { cpu 4; memory 8Gi; labels disk=hdd }
  node worker-2 { cpu 4; memory 8Gi; taint dedicated=db:NoExecute }
}
scenario "rejected" {
  given cluster c
  when { apply pods }
  then { pod picky|tainted: Failed }
}`.replace(/'''/g, '"""'));
    expect(r.expectations.every((e) => e.ok)).toBe(true);
    expect(eventsOf(r, 'pod/picky', 'NodeAffinity').map((e) => [e.type, e.message])).toEqual([['Warning', "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector"]]);
    expect(last(r, 'picky').status).toMatchObject({ phase: 'Failed', reason: 'NodeAffinity', message: "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" });
    expect(eventsOf(r, 'pod/tainted', 'TaintToleration').map((e) => e.message)).toEqual(['Predicate TaintToleration failed: node(s) had untolerated taint(s)']);
    expect(r.trace.messages.filter((m) => m.verb === 'RunPodSandbox')).toEqual([]);
  });
});

describe('LANGUAGE.md §6 image REF pulls in D', () => {
  it('every pull of the image takes D, also one queued behind another pull of it', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "slow registry" {
  given cluster c
  when { image nginx:1.27 pulls in 4s; kubectl create deployment web --image=nginx:1.27 --replicas=2 }
  then { deployment web: 2 ready }
}`);
    const pulled = r.trace.events.filter((e) => e.reason === 'Pulled').map((e) => e.message);
    expect(pulled).toEqual([
      'Successfully pulled image "nginx:1.27" in 4s (4s including waiting). Image size: 72000000 bytes.',
      expect.stringMatching(/^Successfully pulled image "nginx:1\.27" in 4s \(7\.\d+s including waiting\)/),
    ]);
  });
});

describe('K8S-FACTS §4 container states and phase (kubelet_pods.go)', () => {
  it('§4 a pod with init containers: every container waits as PodInitializing; Initialized False "containers with incomplete status: [...]"', () => {
    const r = runFact(`
manifest p """
  apiVersion: v1
  kind: Pod
  metadata: { name: p }
  spec:
    initContainers: [{ name: setup, image: busybox:1.36 }]
    containers: [{ name: app, image: nginx:1.27 }]
"""
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "init" {
  given cluster c
  when { apply p }
  then { pod p: Running and Ready }
}`);
    const first = versions(r, 'p').find((v) => v.status?.initContainerStatuses)!;
    expect(first.status.containerStatuses[0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(first.status.phase).toBe('Pending');
    const init = first.status.conditions.find((c: any) => c.type === 'Initialized');
    expect([init.status, init.reason, init.message]).toEqual(['False', 'ContainersNotInitialized', 'containers with incomplete status: [setup]']);
    expect(last(r, 'p').status.initContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('§4 an init container whose image cannot be pulled holds the pod: Pending, the app container not started, the status names the init container\'s reason', () => {
    const r = runFact(`
manifest p '''
  apiVersion: v1
  kind: Pod
  metadata: { name: p }
  spec:
    initContainers: [{ name: setup, image: "busybox:9.9" }]
    containers: [{ name: app, image: nginx:1.27 }]
'''
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "init pull" {
  timeout 30s
  given cluster c
  when { image busybox:9.9 fails to pull; apply p; wait 20s }
  then {
    pod p: Pending
    sequence { kubelet -> apiserver: status pod/p phase=Pending reason=ImagePullBackOff }
    never kubelet -> runtime: CreateContainer pod/p
  }
}`.replace(/'''/g, '"""'));
    expect(r.expectations.map((e) => [e.text, e.ok, e.message])).toEqual(r.expectations.map((e) => [e.text, true, '']));
    expect(last(r, 'p').status.containerStatuses[0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
  });

  it('§4 getPhase: a pod stays Pending while one of its containers waits (ErrImagePull), even if another runs; that one does not hold the other up', () => {
    const r = runFact(`
manifest p """
  apiVersion: v1
  kind: Pod
  metadata: { name: p }
  spec: { containers: [{ name: bad, image: "nginx:9.9" }, { name: good, image: busybox:1.36 }] }
"""
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "two containers" {
  timeout 30s
  given cluster c
  when { image nginx:9.9 fails to pull; apply p; wait 20s }
  then { pod p: Pending }
}`);
    expect(r.expectations.every((e) => e.ok)).toBe(true);
    const s = last(r, 'p').status;
    const byName = Object.fromEntries(s.containerStatuses.map((c: any) => [c.name, c]));
    expect(byName.good.state.running).toBeDefined();
    expect(byName.bad.state.waiting.reason).toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
    expect(s.phase).toBe('Pending');
    expect(r.trace.messages.some((m) => m.verb === 'StartContainer' && m.attrs.container === 'good')).toBe(true);
  });

  it('§4 the status write carries the reason kubectl shows: a terminated container\'s Error / Completed when none waits (exit 137 is Error unless the OOM killer ended it: issue 11 fix 7)', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "reasons" {
  timeout 1m
  given cluster c
  when {
    pods run=killed crash after 1s exit 137
    kubectl run killed --image=nginx:1.27 --restart=Never
  }
  then {
    sequence {
      kubelet -> apiserver: status pod/killed phase=Running
      kubelet -> apiserver: status pod/killed phase=Failed reason=Error
    }
    pod killed: Failed and reason Error
  }
}`);
    expect(r.expectations.map((e) => [e.text, e.ok, e.message])).toEqual(r.expectations.map((e) => [e.text, true, '']));
    expect(last(r, 'killed').status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('§4 restartPolicy OnFailure: exit 0 completes the pod (Succeeded); a non-zero exit restarts it (Running, restarts counted)', () => {
    const r = runFact(`
manifest jobs """
  apiVersion: v1
  kind: Pod
  metadata: { name: ok, labels: { run: ok } }
  spec: { restartPolicy: OnFailure, containers: [{ name: c, image: busybox:1.36 }] }
  ---
  apiVersion: v1
  kind: Pod
  metadata: { name: flaky, labels: { run: flaky } }
  spec: { restartPolicy: OnFailure, containers: [{ name: c, image: busybox:1.36 }] }
"""
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "on failure" {
  timeout 2m
  given cluster c
  when {
    pods run=ok crash after 2s exit 0
    pods run=flaky crash after 2s exit 1 times 2
    apply jobs
    wait 1m
  }
  then {
    pod ok: Succeeded and reason Completed
    pod flaky: Running and Ready and restarts >= 2
  }
}`);
    expect(r.expectations.map((e) => [e.text, e.ok, e.message])).toEqual(r.expectations.map((e) => [e.text, true, '']));
    expect(last(r, 'flaky').status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    // The finished pod keeps its record but not its sandbox: the runtime releases its IP.
    expect(r.trace.messages.filter((m) => m.target === 'pod/ok' && ['RemovePodSandbox', 'DEL'].includes(m.verb)).map((m) => m.verb)).toEqual(['RemovePodSandbox', 'DEL']);
    expect(r.trace.messages.filter((m) => m.target === 'pod/flaky' && m.verb === 'DEL')).toEqual([]);
    expect(last(r, 'ok').status.conditions.find((c: any) => c.type === 'PodReadyToStartContainers').status).toBe('False');
  });
});

describe('K8S-FACTS §1/§7 runtime calls and graceful deletion', () => {
  it('§8 CreateContainer and StartContainer carry the container and its image', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "attrs" {
  given cluster c
  when { kubectl run web --image=nginx }
  then {
    sequence {
      kubelet -> runtime: CreateContainer pod/web container=web image=nginx:latest
      kubelet -> runtime: StartContainer pod/web container=web image=nginx:latest
    }
  }
}`);
    expect(r.expectations.map((e) => [e.ok, e.message])).toEqual([[true, '']]);
  });

  it('§1 Killing "Stopping container %s"; the kubelet stops the sandbox, reports the terminal phase, then deletes the pod with grace period 0', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "delete" {
  given cluster c
  given { kubectl run web --image=nginx:1.27 }
  when { kubectl delete pod web }
  then {
    sequence {
      kubectl -> apiserver: delete pod/web
      kubelet -> runtime: StopContainer pod/web container=web
      kubelet -> runtime: RemovePodSandbox pod/web
      runtime -> cni: DEL pod/web
      kubelet -> apiserver: status pod/web phase=Succeeded
      kubelet -> apiserver: delete pod/web
      apiserver -> etcd: delete /registry/pods/default/web
    }
    event pod/web Killing "Stopping container web"
    pod web: gone
  }
}`);
    expect(r.expectations.map((e) => [e.text, e.ok, e.message])).toEqual(r.expectations.map((e) => [e.text, true, '']));
    const final = versions(r, 'web').at(-1);
    expect(final.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(final.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
  });

  it('§1 a force-deleted pod (gone from the API at once) still has its container stopped and its sandbox removed by the kubelet', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "force" {
  given cluster c
  given { kubectl run web --image=nginx:1.27 }
  when { kubectl delete pod web --grace-period=0 --force }
  then {
    sequence {
      apiserver -> etcd: delete /registry/pods/default/web
      kubelet -> runtime: StopContainer pod/web container=web
      kubelet -> runtime: RemovePodSandbox pod/web
      runtime -> cni: DEL pod/web
    }
    never kubelet -> apiserver: status pod/web
  }
}`);
    expect(r.expectations.map((e) => [e.text, e.ok, e.message])).toEqual(r.expectations.map((e) => [e.text, true, '']));
    expect(eventsOf(r, 'pod/web', 'Killing').map((e) => e.message)).toEqual(['Stopping container web']);
  });

  it('§1 a deleted pod whose container never ran: ContainerStatusUnknown, exit 137, phase Failed (status manager TerminatePod)', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "delete waiting" {
  timeout 30s
  given cluster c
  given { image nginx:9.9 fails to pull; kubectl run bad --image=nginx:9.9; wait 5s }
  when { kubectl delete pod bad }
  then { pod bad: gone }
}`);
    expect(r.expectations.every((e) => e.ok)).toBe(true);
    const final = versions(r, 'bad').at(-1);
    expect(final.status.phase).toBe('Failed');
    expect(final.status.containerStatuses[0].state.terminated).toEqual({ exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' });
    expect(eventsOf(r, 'pod/bad', 'Killing')).toEqual([]);
  });
});

describe('K8S-FACTS §1 a pod update that changes a container\'s image', () => {
  it('§1 Killing "Container %s definition changed, will be restarted", then the new image is pulled and the container started again (restarts 1)', () => {
    const r = runFact(`
manifest v1 '''
  apiVersion: v1
  kind: Pod
  metadata: { name: web }
  spec: { containers: [{ name: nginx, image: "nginx:1.26" }] }
'''
manifest v2 '''
  apiVersion: v1
  kind: Pod
  metadata: { name: web }
  spec: { containers: [{ name: nginx, image: "nginx:1.27" }] }
'''
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "image change" {
  given cluster c
  given { apply v1 }
  when { apply v2 }
  then {
    sequence {
      kubelet -> runtime: StopContainer pod/web container=nginx
      kubelet -> runtime: PullImage nginx:1.27
      kubelet -> runtime: StartContainer pod/web container=nginx image=nginx:1.27
    }
    pod web: Running and Ready and restarts >= 1
  }
}`.replace(/'''/g, '"""'));
    expect(r.expectations.map((e) => [e.text, e.ok, e.message])).toEqual(r.expectations.map((e) => [e.text, true, '']));
    expect(r.trace.events.filter((e) => e.step === 1).map((e) => [e.reason, e.message])).toEqual([
      ['Killing', 'Container nginx definition changed, will be restarted'],
      ['Pulling', 'Pulling image "nginx:1.27"'],
      ['Pulled', 'Successfully pulled image "nginx:1.27" in 1.5s (1.5s including waiting). Image size: 72000000 bytes.'],
      ['Created', 'Container created'],
      ['Started', 'Container started'],
    ]);
    const s = last(r, 'web').status.containerStatuses[0];
    expect([s.image, s.restartCount, s.lastState.terminated?.reason]).toEqual(['nginx:1.27', 1, 'Completed']);
  });
});

describe('K8S-FACTS §4 a container that ran before and cannot get its new image', () => {
  it('§4 waits in ImagePullBackOff with its last termination as lastState; the pod stays Running (getPhase counts it stopped)', () => {
    const r = runFact(`
manifest v1 '''
  apiVersion: v1
  kind: Pod
  metadata: { name: web }
  spec: { containers: [{ name: nginx, image: "nginx:1.26" }] }
'''
manifest v2 '''
  apiVersion: v1
  kind: Pod
  metadata: { name: web }
  spec: { containers: [{ name: nginx, image: "nginx:9.9" }] }
'''
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "bad update" {
  timeout 5s
  given cluster c
  given { apply v1 }
  when { image nginx:9.9 fails to pull; apply v2; wait 5s }
  then { pod web: Running and reason ImagePullBackOff and restarts >= 1 }
}`.replace(/'''/g, '"""'));
    expect(r.expectations.every((e) => e.ok)).toBe(true);
    const s = last(r, 'web').status.containerStatuses[0];
    expect(s.state.waiting.reason).toBe('ImagePullBackOff');
    expect(s.state.terminated).toBeUndefined();
    expect(s.lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });
});

describe('K8S-FACTS §1/§5 node status after a node comes back', () => {
  it('§1 restore: "Starting kubelet.", then one Event per condition that changed from Unknown, in the setters\' order', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "restore" {
  timeout 5m
  given cluster c
  when { fail node worker-1; wait 70s }
  then { node worker-1: NotReady }
  when { restore node worker-1 }
  then { node worker-1: Ready }
}`);
    expect(r.expectations.every((e) => e.ok)).toBe(true);
    const ev = r.trace.events.filter((e) => e.step === 2 && e.object === 'node/worker-1');
    expect(ev.map((e) => [e.reason, e.message, e.source])).toEqual([
      ['Starting', 'Starting kubelet.', 'kubelet'],
      ['NodeHasSufficientMemory', 'Node worker-1 status is now: NodeHasSufficientMemory', 'kubelet'],
      ['NodeHasNoDiskPressure', 'Node worker-1 status is now: NodeHasNoDiskPressure', 'kubelet'],
      ['NodeHasSufficientPID', 'Node worker-1 status is now: NodeHasSufficientPID', 'kubelet'],
      ['NodeReady', 'Node worker-1 status is now: NodeReady', 'kubelet'],
    ]);
  });

  it('§5 a node status write that fails (etcd down) is made again at the next sync (nodeStatusUpdateFrequency 10 s), not 5 minutes later', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "restore during an outage" {
  timeout 5m
  given cluster c
  when { fail node worker-1; wait 70s }
  then { node worker-1: NotReady }
  when {
    etcd unavailable for 25s
    restore node worker-1
  }
  then {
    sequence {
      kubelet -> apiserver: status node/worker-1 ready=true
      apiserver -> kubelet: response node/worker-1 code=500
      kubelet -> apiserver: status node/worker-1 ready=true
      apiserver -> kubelet: response node/worker-1 code=200
    }
    node worker-1: Ready within 40s
  }
}`);
    expect(r.expectations.map((e) => [e.text, e.ok, e.message])).toEqual(r.expectations.map((e) => [e.text, true, '']));
    const writes = r.trace.messages.filter((m) => m.step === 2 && m.from === 'kubelet@worker-1' && m.verb === 'status' && m.target === 'node/worker-1');
    const gaps = writes.slice(1).map((m, i) => m.timeMs - writes[i]!.timeMs);
    expect(gaps.every((g) => g === 10_000)).toBe(true);
    // The transition is announced once, not at every attempt.
    expect(r.trace.events.filter((e) => e.step === 2 && e.reason === 'NodeReady')).toHaveLength(1);
  });

  it('§5 a not-ready node keeps reporting Ready=False at every sync (KubeletNotReady); no NodeReady', () => {
    const r = runFact(`
cluster c {
  node worker-1 { cpu 4; memory 8Gi; not-ready }
  node worker-2 { cpu 4; memory 8Gi }
}
scenario "not ready" {
  given cluster c
  when { wait 1m }
  then { always node worker-1: NotReady }
}`);
    expect(r.expectations.every((e) => e.ok)).toBe(true);
    expect(eventsOf(r, 'node/worker-1')).toEqual([]);
  });

  it('§5 a short failure (within the 50 s grace period) changes no condition: no NodeReady', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "blip" {
  given cluster c
  when { fail node worker-1; wait 20s; restore node worker-1 }
  then { always node worker-1: Ready }
}`);
    expect(r.expectations.every((e) => e.ok)).toBe(true);
    expect(eventsOf(r, 'node/worker-1').map((e) => e.reason)).toEqual(['Starting']);
  });
});

describe('readiness probes (prober/worker.go)', () => {
  it('a probe runs when the container is first seen running; within initialDelaySeconds it waits for the worker\'s next tick (periodSeconds from when the pod was added)', () => {
    // No delay: ready right after the start.
    expect(readinessAt({}, 0, 2_000, 2_000)).toBe(2_100);
    // initialDelaySeconds 5, period 10 s from 0: the tick at 10 s is 8 s after the start.
    expect(readinessAt({ initialDelaySeconds: 5 }, 0, 2_000, 2_000)).toBe(10_000);
    // The tick at 10 s is only 4 s after a start at 6 s: the next one, at 20 s.
    expect(readinessAt({ initialDelaySeconds: 5 }, 0, 6_000, 6_000)).toBe(20_000);
    expect(readinessAt({ initialDelaySeconds: 5, periodSeconds: 3 }, 0, 6_000, 6_000)).toBe(12_000);
  });

  it('the pod turns Ready at that probe, and the Service endpoint follows', () => {
    const r = runFact(`
manifest p """
  apiVersion: v1
  kind: Pod
  metadata: { name: p, labels: { app: p } }
  spec: { containers: [{ name: app, image: nginx:1.27, readinessProbe: { httpGet: { path: /, port: 80 }, initialDelaySeconds: 5 } }] }
"""
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "probe" {
  given cluster c
  when { apply p }
  then {
    pod p: Running
    pod p: Ready
  }
}`);
    expect(r.expectations.every((e) => e.ok)).toBe(true);
    const ready = r.trace.messages.find((m) => m.verb === 'status' && m.target === 'pod/p' && m.attrs.ready === 'true')!;
    const started = r.trace.messages.find((m) => m.verb === 'StartContainer')!;
    expect(ready.timeMs - started.timeMs).toBeGreaterThanOrEqual(5_000);
    // On a tick of the probe worker, 10 s apart from when the kubelet took the pod.
    const taken = r.trace.messages.find((m) => m.verb === 'RunPodSandbox')!;
    expect((ready.timeMs - taken.timeMs) % 10_000).toBeLessThan(5);
  });
});
