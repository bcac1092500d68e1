/**
 * The scenario library (scenarios/) is what newcomers run first and what the docs show: every
 * scenario in it must check and pass, keep etcd behind the apiserver, and run the same twice.
 * It is organised in six folders, each file opens with a comment on what it shows, and every
 * step of the usual walkthroughs of the control plane (a pod's creation, a Deployment's chain,
 * the scheduler's factors and cycle, the controllers, the failures) is asserted by an
 * expectation of some scenario — not only drawn in its diagram.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { checkPaths } from '../src/lang/check.js';
import { runScenario } from '../src/run/run.js';
import type { ScenarioResult } from '../src/run/result.js';

const root = resolve(__dirname, '..');
const FOLDERS = ['basics', 'scheduling', 'workloads', 'failures', 'networking', 'security', 'extending'];

describe('scenarios/', async () => {
  const checked = await checkPaths(['scenarios'], { cwd: root });
  const rel = (p: string) => relative(root, resolve(root, p)).split('\\').join('/');

  it('every file checks without errors', () => {
    const errors = checked.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.span.file}:${d.span.start.line}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(checked.files.length).toBeGreaterThanOrEqual(25);
  });

  it('holds at least 25 scenarios, in the topic folders, each file opening with a comment on what it shows and what it covers', () => {
    const scenarios = checked.files.flatMap((f) => f.scenarios);
    expect(scenarios.length).toBeGreaterThanOrEqual(25);
    const misplaced: string[] = [];
    const uncommented: string[] = [];
    for (const file of checked.files) {
      const path = rel(file.path);
      // scenarios/pod-lifecycle.kscn is the README's first example and stays at the top.
      if (path !== 'scenarios/pod-lifecycle.kscn' && !FOLDERS.some((f) => path.startsWith(`scenarios/${f}/`))) misplaced.push(path);
      const text = readFileSync(resolve(root, file.path), 'utf8');
      const comment = text.slice(0, text.search(/^[^#]/m));
      // What it shows, then (in the folders) a paragraph saying which steps it covers.
      if (!/^#\s*\S/.test(comment) || (path !== 'scenarios/pod-lifecycle.kscn' && !/^# Covers\b/m.test(comment))) uncommented.push(path);
    }
    expect(misplaced).toEqual([]);
    expect(uncommented).toEqual([]);
    for (const f of FOLDERS) expect(checked.files.some((file) => rel(file.path).startsWith(`scenarios/${f}/`)), `scenarios/${f}/ is empty`).toBe(true);
  });

  for (const file of checked.files) {
    for (const sc of file.scenarios) {
      it(`${file.path}: ${sc.title}`, () => {
        const r = runScenario(file, sc);
        const failed = r.expectations.filter((e) => !e.ok).map((e) => `line ${e.span.start.line}: ${e.text} — ${e.message}`);
        const errors = r.errors.filter((e) => e.severity === 'error').map((e) => e.message);
        expect({ status: r.status, failed, errors }).toEqual({ status: 'passed', failed: [], errors: [] });
        // The first principle: only the apiserver talks to etcd, in every scenario.
        expect(r.trace.messages.filter((m) => (m.to === 'etcd' && m.from !== 'apiserver') || (m.from === 'etcd' && m.to !== 'apiserver'))).toEqual([]);
        // Deterministic: the same file and seed give the same trace.
        expect(JSON.stringify(runScenario(file, sc).trace)).toBe(JSON.stringify(r.trace));
      });
    }
  }
});

/**
 * Each step of the walkthroughs the library illustrates → the scenario line that asserts it:
 * [step, file under scenarios/, text of the expectation line, optionally a line it comes after].
 * The line must be part of an expectation (a `sequence` line, an event, a state) that passes.
 */
const STEPS: [string, string, string, string?][] = [
  // kubectl run, message by message
  ['kubectl run sends the pod to the apiserver', 'pod-lifecycle.kscn', 'kubectl -> apiserver: create pod/busybox'],
  ['the apiserver writes the pod into etcd', 'pod-lifecycle.kscn', 'apiserver -> etcd: put /registry/pods/default/busybox'],
  ['kubectl acts with the identity its kubeconfig gives it', 'basics/full-time-sequence.kscn', 'kubectl -> apiserver: create pod/web user=admin'],
  ['the apiserver authenticates the caller', 'security/rbac-denial.kscn', 'kubectl -> apiserver: create pod/web ns=team-a user=alice'],
  ['the apiserver authorizes the request (RBAC 403)', 'security/rbac-denial.kscn', 'apiserver -> kubectl: response pod/web code=403'],
  ['the apiserver validates the request (422)', 'security/validation.kscn', 'apiserver -> kubectl: response pod/empty code=422'],
  ['the new pod is Pending', 'basics/full-time-sequence.kscn', 'pod web: Pending within'],
  ['the apiserver answers kubectl', 'basics/full-time-sequence.kscn', 'apiserver -> kubectl: response pod/web code=201'],
  ['the scheduler watches for pods with no node', 'basics/full-time-sequence.kscn', 'apiserver -> scheduler: watch pod/web type=ADDED'],
  ['the scheduler sends its choice back as a binding', 'basics/full-time-sequence.kscn', 'scheduler -> apiserver: bind pod/web node=worker-* user=system:kube-scheduler'],
  ['the apiserver stores the binding in etcd', 'basics/full-time-sequence.kscn', 'apiserver -> etcd: put /registry/pods/default/web', 'scheduler -> apiserver: bind'],
  ['the kubelet watches the pods bound to its node', 'scheduling/resource-requests.kscn', 'apiserver -> kubelet@large-1: watch pod/big type=ADDED'],
  ['…and only those', 'scheduling/resource-requests.kscn', 'never * -> kubelet@small-*'],
  ['the kubelet creates the pod sandbox through the runtime (CRI)', 'basics/kubelet-cni-dns.kscn', 'RunPodSandbox pod/busybox dns=10.96.0.10'],
  ['the runtime invokes CNI to add the pod to the pod network', 'basics/kubelet-cni-dns.kscn', 'runtime@worker-1 -> cni@worker-1: ADD pod/busybox ip=10.244.*'],
  ['the pod gets the cluster DNS configuration', 'networking/pod-network.kscn', 'RunPodSandbox pod/a dns=10.96.0.10'],
  ['the runtime pulls the image', 'basics/full-time-sequence.kscn', 'kubelet -> runtime: PullImage nginx:1.27'],
  ['…unless it is already present', 'basics/image-already-present.kscn', 'never kubelet -> runtime: PullImage'],
  ['the runtime creates and starts the container', 'basics/full-time-sequence.kscn', 'kubelet -> runtime: StartContainer pod/web'],
  ['the kubelet reports the status to the apiserver', 'basics/full-time-sequence.kscn', 'kubelet -> apiserver: status pod/web phase=Running user=system:node:worker-*'],
  ['the apiserver stores the status in etcd', 'basics/full-time-sequence.kscn', 'etcd -> apiserver: ok /registry/pods/default/web', 'kubelet -> apiserver: status'],
  ['only the apiserver talks to etcd', 'basics/full-time-sequence.kscn', 'never !apiserver -> etcd'],
  ['etcd keys: /registry/<resource>/<namespace>/<name>', 'basics/namespaces.kscn', 'apiserver -> etcd: put /registry/pods/shop/api'],
  ['kubectl get is served by the apiserver', 'security/rbac-denial.kscn', 'kubectl -> apiserver: list pods ns=team-a user=alice'],
  // Deployment → ReplicaSet → pods, with the controllers' watches
  ['kubectl POSTs the Deployment', 'workloads/deployment-chain.kscn', 'kubectl -> apiserver: create deployment/web'],
  ['the apiserver stores it and answers', 'workloads/deployment-chain.kscn', 'apiserver -> kubectl: response deployment/web code=201'],
  ['the deployment controller is notified by its watch', 'workloads/deployment-chain.kscn', 'apiserver -> controller-manager: watch deployment/web type=ADDED'],
  ['…and creates a ReplicaSet', 'workloads/deployment-chain.kscn', 'controller-manager -> apiserver: create replicaset/web-* controller=deployment'],
  ['the replicaset controller is notified by its watch', 'workloads/deployment-chain.kscn', 'apiserver -> controller-manager: watch replicaset/web-* type=ADDED'],
  ['…and creates the pods', 'workloads/deployment-chain.kscn', 'controller-manager -> apiserver: create pod/web-* controller=replicaset'],
  ['the scheduler binds each pod', 'workloads/deployment-chain.kscn', 'scheduler -> apiserver: bind pod/web-*'],
  ['each chosen kubelet starts its pod', 'workloads/deployment-chain.kscn', 'kubelet -> runtime: StartContainer pod/web-*'],
  // scheduling factors and the scheduling cycle
  ['individual resource requirements', 'scheduling/resource-requests.kscn', 'scheduler -> apiserver: bind pod/big node=large-1'],
  ['collective resource requirements', 'scheduling/collective-resources.kscn', 'event pod/job-3 FailedScheduling'],
  ['hardware constraints', 'scheduling/node-selector.kscn', 'scheduler -> apiserver: bind pod/trainer node=gpu-1'],
  ['policy constraints (taints)', 'scheduling/taints-tolerations.kscn', 'event pod/intruder FailedScheduling'],
  ['policy constraints (cordon)', 'scheduling/cordon.kscn', 'event pod/new FailedScheduling'],
  ['node affinity', 'scheduling/node-affinity.kscn', 'scheduler -> apiserver: bind pod/db node=ssd-b'],
  ['pod affinity', 'scheduling/pod-affinity.kscn', 'scheduler -> apiserver: bind pod/web node=node-b*'],
  ['pod anti-affinity', 'scheduling/pod-anti-affinity.kscn', 'event pod/cache-4 FailedScheduling'],
  ['data locality (image locality decides)', 'scheduling/image-locality.kscn', 'scheduler -> apiserver: bind pod/db node=warm-1'],
  ['…and without it the choice differs', 'scheduling/image-locality.kscn', 'scheduler -> apiserver: bind pod/db node=cold-1'],
  ['inter-workload interference (topology spread)', 'scheduling/topology-spread.kscn', 'pods app=api: 1 Running and on small-b'],
  ['the queue is sorted by priority', 'scheduling/priority-queue.kscn', 'scheduler -> apiserver: bind pod/normal node=worker-1', 'scheduler -> apiserver: bind pod/critical'],
  ['filtering, node by node', 'scheduling/scheduling-cycle.kscn', 'event pod/wide FailedScheduling'],
  ['scoring: the emptier node wins', 'scheduling/scheduling-cycle.kscn', 'scheduler -> apiserver: bind pod/app node=worker-1'],
  ['binding, stored and passed to the kubelet', 'scheduling/scheduling-cycle.kscn', 'apiserver -> kubelet@worker-1: watch pod/app type=ADDED'],
  // controllers, kubelet, kube-proxy
  ['the node controller marks an unreachable node', 'failures/node-failure.kscn', 'controller-manager -> apiserver: status node/worker-1 controller=node-lifecycle ready=Unknown'],
  ['…with the unreachable taint', 'failures/node-failure.kscn', 'node worker-1: taint node.kubernetes.io/unreachable:NoExecute'],
  ['replication keeps the desired count', 'workloads/replication.kscn', 'controller-manager -> apiserver: create pod/web-* controller=replicaset'],
  ['the kubelet reports its node (lease renewals)', 'failures/etcd-outage.kscn', 'kubelet@worker-1 -> apiserver: patch lease/worker-1'],
  ['the kubelet monitors its pods through the runtime', 'failures/crash-loop.kscn', 'kubelet -> apiserver: status pod/crasher phase=Running ready=false'],
  ['kube-proxy programs iptables for a Service', 'networking/service-rules.kscn', 'kube-proxy -> iptables: sync service/web'],
  ['…on every node', 'networking/service-rules.kscn', 'service web: rules on 3 nodes'],
  ['pods on each node get IPs from the pod network', 'networking/pod-network.kscn', 'runtime@worker-2 -> cni@worker-2: ADD pod/b ip=10.244.2.*'],
  // failure stories
  ['an unschedulable pod', 'failures/unschedulable.kscn', 'event pod/huge FailedScheduling'],
  ['node failure and eviction', 'failures/node-failure.kscn', 'controller-manager -> apiserver: delete pod/web-* controller=taint-eviction'],
  ['a crash loop', 'failures/crash-loop.kscn', 'pod crasher: reason CrashLoopBackOff'],
  ['an image pull failure', 'failures/image-pull-failure.kscn', 'pod app: Pending and reason ImagePullBackOff'],
  ['an etcd outage', 'failures/etcd-outage.kscn', 'apiserver -> kubectl: response pod/web code=500'],
  ['an RBAC denial', 'security/rbac-denial.kscn', 'never apiserver -> etcd: put /registry/pods/*'],
  ['preemption', 'failures/preemption.kscn', 'event pod/batch Preempted'],
  ['a rolling update', 'workloads/rolling-update.kscn', 'always pods app=web: >=3 Ready'],
  ['a drain: the pods are evicted', 'failures/drain.kscn', 'kubectl -> apiserver: create pod/web-* subresource=eviction'],
  ['…and replaced on the other nodes', 'failures/drain.kscn', 'pods app=web: 0 Running and on worker-1'],
];

describe('every step the library illustrates is asserted by an expectation', async () => {
  const checked = await checkPaths(['scenarios'], { cwd: root });
  const results = new Map<string, ScenarioResult[]>();
  const resultsOf = (path: string): ScenarioResult[] => {
    if (!results.has(path)) {
      const file = checked.files.find((f) => resolve(root, f.path) === resolve(root, 'scenarios', path));
      if (!file) throw new Error(`scenarios/${path} is missing`);
      results.set(path, file.scenarios.map((sc) => runScenario(file, sc)));
    }
    return results.get(path)!;
  };

  it.each(STEPS)('%s — scenarios/%s', (_step, path, text, after) => {
    const lines = readFileSync(resolve(root, 'scenarios', path), 'utf8').split('\n');
    const from = after ? lines.findIndex((l) => !/^\s*#/.test(l) && l.includes(after)) : 0;
    expect(from, `no line with "${after}"`).toBeGreaterThanOrEqual(0);
    const index = lines.findIndex((l, i) => i > from - (after ? 0 : 1) && !/^\s*#/.test(l) && l.includes(text));
    expect(index, `scenarios/${path} has no line with "${text}"`).toBeGreaterThanOrEqual(0);
    const line = index + 1;
    const holding = resultsOf(path).flatMap((r) => r.expectations).filter((e) => e.span.start.line <= line && line <= e.span.end.line);
    expect(holding.map((e) => e.ok), `scenarios/${path}:${line} is not part of an expectation`).toEqual([true]);
  });
});
