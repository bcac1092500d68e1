/** Every construct of LANGUAGE.md §3–§9 reaches the AST with the right values. */
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/lang/parse.js';
import { checkSource } from '../../src/lang/check.js';
import type { Action, Expectation } from '../../src/lang/ast.js';

function parse(text: string) {
  const r = parseSource(text, 't.kscn');
  expect(r.diagnostics.map((d) => `${d.span.start.line}:${d.span.start.col} ${d.message}`)).toEqual([]);
  return r.ast;
}

const scenario = (body: string) => `cluster c { node worker-[1..3] { cpu 4; memory 8Gi } }\nscenario "s" {\n  given cluster c\n${body}\n}\n`;
const actions = (body: string): Action[] => parse(scenario(`  when {\n${body}\n  }`)).scenarios[0]!.steps[0]!.when;
const expects = (body: string): Expectation[] => parse(scenario(`  then {\n${body}\n  }`)).scenarios[0]!.steps[0]!.then;

describe('clusters (§4)', () => {
  const ast = parse(`
manifest web-namespace """
  apiVersion: v1
  kind: Namespace
  metadata: { name: web }
"""
manifest from-file from "manifests/web.yaml"
cluster mixed {
  node worker-[1..3] { cpu 4; memory 16Gi; zone eu-1a }
  node gpu-1 {
    cpu 32; memory 256Gi; pods 110
    resource nvidia.com/gpu 8
    labels accelerator=h100 disk=nvme
    taint gpu=true:NoSchedule
    images nginx:1.27 busybox        # already on the node
  }
  node old-1 { cpu 2; memory 4Gi; unschedulable }
  node node { cpu 1 }
  namespace team-a
  priorityclass critical 1000000
  user alice { allow get,list,create,delete on pods,deployments in team-a }
  user bob { allow * on * }
  apply web-namespace
  apply "more.yaml"
  scheduler {
    score NodeResourcesFit MostAllocated
    weight TaintToleration 3
    disable ImageLocality
    enable NodeAffinity
    percentage-of-nodes-to-score 50
  }
  latency {
    apiserver 2ms; etcd 1ms; watch 1ms
    image-pull 2s; image-pull nginx:1.27 5s
    container-start 300ms
  }
}
cluster from-config { scheduler from "kube-scheduler-config.yaml" }
cluster inline-config {
  scheduler """
    apiVersion: kubescheduler.config.k8s.io/v1
    kind: KubeSchedulerConfiguration
  """
}
`);
  const body = ast.clusters[0]!.body;
  it('reads manifests inline (indentation removed) and from files', () => {
    expect(ast.manifests[0]!.source).toMatchObject({ kind: 'inline', text: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: web }\n', textLine: 3, textIndent: 2 });
    expect(ast.manifests[1]!.source).toMatchObject({ kind: 'file', path: 'manifests/web.yaml' });
  });
  it('expands node ranges and keeps fields as words', () => {
    expect(body.nodes[0]!.names).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(body.nodes[1]!.fields.map((f) => [f.name, ...f.args.map((a) => a.text)])).toEqual([
      ['cpu', '32'], ['memory', '256Gi'], ['pods', '110'], ['resource', 'nvidia.com/gpu', '8'], ['labels', 'accelerator=h100', 'disk=nvme'],
      ['taint', 'gpu=true:NoSchedule'], ['images', 'nginx:1.27', 'busybox'],
    ]);
    expect(body.nodes[2]!.fields.map((f) => f.name)).toEqual(['cpu', 'memory', 'unschedulable']);
    expect(body.nodes[3]!.names).toEqual(['node']);
  });
  it('reads namespaces, priority classes, users and applies', () => {
    expect(body.namespaces.map((n) => n.name)).toEqual(['team-a']);
    expect(body.priorityClasses).toMatchObject([{ name: 'critical', value: 1000000 }]);
    expect(body.users[0]!.rules).toMatchObject([{ verbs: ['get', 'list', 'create', 'delete'], resources: ['pods', 'deployments'], namespaces: ['team-a'] }]);
    expect(body.users[1]!.rules[0]!.namespaces).toBeUndefined();
    expect(body.applies.map((a) => a.source.kind)).toEqual(['manifest', 'file']);
  });
  it('reads the scheduler short form and configurations', () => {
    expect(body.scheduler!.settings.map(({ span: _s, ...rest }) => rest)).toEqual([
      { kind: 'score', plugin: 'NodeResourcesFit', strategy: 'MostAllocated' },
      { kind: 'weight', plugin: 'TaintToleration', weight: 3 },
      { kind: 'disable', plugin: 'ImageLocality' },
      { kind: 'enable', plugin: 'NodeAffinity' },
      { kind: 'percentage', value: 50 },
    ]);
    expect(ast.clusters[1]!.body.scheduler!.config).toMatchObject({ kind: 'file', path: 'kube-scheduler-config.yaml' });
    expect(ast.clusters[2]!.body.scheduler!.config).toMatchObject({ kind: 'inline', text: expect.stringContaining('kind: KubeSchedulerConfiguration') });
  });
  it('reads latencies in ms', () => {
    expect(body.latency!.entries.map((e) => [e.component, e.target, e.ms])).toEqual([
      ['apiserver', undefined, 2], ['etcd', undefined, 1], ['watch', undefined, 1], ['image-pull', undefined, 2000], ['image-pull', 'nginx:1.27', 5000], ['container-start', undefined, 300],
    ]);
  });
});

describe('scenarios (§5)', () => {
  it('reads seed, timeout, given, when/then pairs and tags', () => {
    const ast = parse(`scenario "t" @a @b-c {
  seed 42
  timeout 10m
  given cluster { node n-1 { cpu 1; memory 1Gi } }
  given { kubectl create namespace x }
  when { wait 1s }
  then { pod a: Running }
  when { wait 2s }
  then { pod a: gone }
  then { pod b: gone }
}`);
    const s = ast.scenarios[0]!;
    expect(s).toMatchObject({ title: 't', tags: ['a', 'b-c'], seed: 42, timeoutMs: 600000 });
    expect(s.cluster.kind).toBe('inline');
    expect(s.given).toHaveLength(1);
    expect(s.steps.map((st) => [st.when.length, st.then.length])).toEqual([[1, 1], [1, 2]]);
  });
});

describe('actions (§6)', () => {
  it('reads every action', () => {
    const a = actions(`    kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=8080
    apply web-svc
    apply "web.yaml"
    apply """
      apiVersion: v1
      kind: Namespace
      metadata: { name: x }
    """
    wait 30s
    wait 1m30s
    at 1m { kubectl set image deployment/web nginx=nginx:1.28 }
    wait until deployment web: 3 ready timeout 2m
    as alice { kubectl get pods -n team-a }
    fail node worker-1
    restore node worker-1
    image nginx:1.28 fails to pull
    image busybox pulls in 5s
    pods app=web crash after 10s exit 137 times 3
    pods -l app in (web,api) crash after 1s
    pods web-* crash after 2s
    etcd unavailable for 5s
    kubectl run a --image=busybox; kubectl run b --image=busybox # two on a line`);
    expect(a.map((x) => x.type)).toEqual([
      'kubectl', 'apply', 'apply', 'apply', 'wait', 'wait', 'at', 'waitUntil', 'as', 'failNode', 'restoreNode', 'imageFails', 'imagePullTime', 'crash', 'crash', 'crash', 'etcdUnavailable', 'kubectl', 'kubectl',
    ]);
    expect(a[3]).toMatchObject({ source: { kind: 'inline', text: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n' } });
    expect(a[5]).toMatchObject({ ms: 90000 });
    expect(a[6]).toMatchObject({ ms: 60000, actions: [{ type: 'kubectl', raw: 'set image deployment/web nginx=nginx:1.28' }] });
    expect(a[7]).toMatchObject({ timeoutMs: 120000, state: { kind: 'deployment', conditions: [{ type: 'workloadCount', what: 'ready', n: 3 }] } });
    expect(a[8]).toMatchObject({ user: 'alice', actions: [{ raw: 'get pods -n team-a' }] });
    expect(a[12]).toMatchObject({ image: 'busybox', ms: 5000 });
    expect(a[13]).toMatchObject({ selector: { kind: 'labels', requirements: [{ op: '=', key: 'app', value: 'web' }] }, afterMs: 10000, exitCode: 137, times: 3 });
    expect(a[14]).toMatchObject({ selector: { kind: 'labels', requirements: [{ op: 'in', key: 'app', values: ['web', 'api'] }] } });
    expect(a[15]).toMatchObject({ selector: { kind: 'name', pattern: 'web-*' } });
    expect(a[17]).toMatchObject({ raw: 'run a --image=busybox' });
    expect(a[18]).toMatchObject({ raw: 'run b --image=busybox' });
  });
});

describe('crash options (§6)', () => {
  it('takes `exit` and `times` in either order, each once', () => {
    const [a] = actions('    pods app=web crash after 1m30s times 2 exit 1');
    expect(a).toMatchObject({ type: 'crash', afterMs: 90000, exitCode: 1, times: 2 });
    const r = checkSource('cluster c { node n { cpu 1; memory 1Gi } }\nscenario "s" {\n  given cluster c\n  when { pods a crash after 1s exit 1 exit 2 }\n}\n', 'x.kscn', { cwd: '/p', root: '/p', readFile: () => undefined });
    expect(r.diagnostics.map((d) => d.message)).toEqual(['`exit` is given twice']);
  });
});

describe('expectations (§7)', () => {
  it('reads message patterns, events and states', () => {
    const e = expects(`    sequence {
      kubectl -> apiserver: create pod/busybox
      kubelet@worker-1 -> runtime@worker-1: PullImage busybox* within 5s
      * -> apiserver: status pod/busybox phase=Running ready=true
    }
    never !apiserver -> etcd
    never kubelet|scheduler -> etcd: put
    events pod/web-*: Scheduled, Pulling, Pulled, Created, Started
    event pod/big FailedScheduling "0/3 nodes are available: 3 Insufficient cpu.*"
    no event pod/web-* BackOff
    pod busybox: Running within 10s
    pods app=web: 3 Running
    always pods app=web: >=2 Ready
    always pods app=web: >= 2 Ready and on worker-*
    never pod web-*: on gpu-1
    pods app!=web, tier in (a,b), !canary: <=1 Pending
    pod crashy: reason CrashLoopBackOff and restarts >= 2
    pod gone-*: gone
    deployment web: 3 ready and 3 replicas and 3 updated and available
    replicaset web-*: 2 ready
    node worker-1: NotReady and taint node.kubernetes.io/unreachable:NoExecute and unschedulable
    node worker-2: Ready
    service web: 3 endpoints and rules on 3 nodes
    endpoints web: 2 endpoints`);
    expect(e.map((x) => x.type)).toEqual(['sequence', 'neverMessage', 'neverMessage', 'events', 'event', 'event', 'state', 'state', 'always', 'always', 'never', 'state', 'state', 'state', 'state', 'state', 'state', 'state', 'state', 'state']);
    const seq = e[0]!.type === 'sequence' ? e[0]!.lines : [];
    expect(seq[1]).toMatchObject({ from: 'kubelet@worker-1', to: 'runtime@worker-1', verb: 'PullImage', target: 'busybox*', withinMs: 5000 });
    expect(seq[2]).toMatchObject({ from: '*', attrs: [{ key: 'phase', value: 'Running' }, { key: 'ready', value: 'true' }] });
    expect(e[2]).toMatchObject({ pattern: { from: 'kubelet|scheduler', to: 'etcd', verb: 'put' } });
    expect(e[4]).toMatchObject({ negated: false, object: 'pod/big', reason: 'FailedScheduling', message: '0/3 nodes are available: 3 Insufficient cpu.*' });
    expect(e[5]).toMatchObject({ negated: true, reason: 'BackOff' });
    expect(e[7]).toMatchObject({ state: { count: { op: '=', n: 3 }, conditions: [{ state: 'Running' }] } });
    expect(e[8]).toMatchObject({ state: { count: { op: '>=', n: 2 }, conditions: [{ state: 'Ready' }] }, text: 'always pods app=web: >=2 Ready' });
    expect(e[9]).toMatchObject({ state: { count: { op: '>=', n: 2 }, conditions: [{ state: 'Ready' }, { type: 'on', node: 'worker-*' }] } });
    expect(e[11]).toMatchObject({ state: { selector: { requirements: [{ op: '!=' }, { op: 'in', values: ['a', 'b'] }, { op: '!exists', key: 'canary' }] }, count: { op: '<=', n: 1 } } });
    expect(e[12]).toMatchObject({ state: { conditions: [{ type: 'reason', reason: 'CrashLoopBackOff' }, { type: 'restarts', op: '>=', n: 2 }] } });
    expect(e[14]).toMatchObject({ state: { kind: 'deployment', conditions: [{ what: 'ready' }, { what: 'replicas' }, { what: 'updated' }, { type: 'available' }] } });
    expect(e[16]).toMatchObject({ state: { kind: 'node', conditions: [{ ready: false }, { type: 'taint', key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { type: 'unschedulable' }] } });
    expect(e[18]).toMatchObject({ state: { kind: 'service', conditions: [{ type: 'endpoints', n: 3 }, { type: 'rules', n: 3 }] } });
  });
});

describe('diagrams (§9)', () => {
  it('reads every directive', () => {
    const d = parse(scenario(`  diagram "Creating a pod" {
    show kubectl, apiserver, etcd, scheduler, kubelet, runtime
    hide responses | watch | etcd | events | notes
    focus pod/busybox
    group "control plane" apiserver, etcd, scheduler, controller-manager
    group "worker-1" kubelet@worker-1, runtime@worker-1
    until pod busybox: Running
  }`)).scenarios[0]!.diagram!;
    expect(d).toMatchObject({
      title: 'Creating a pod',
      show: ['kubectl', 'apiserver', 'etcd', 'scheduler', 'kubelet', 'runtime'],
      hide: ['responses', 'watch', 'etcd', 'events', 'notes'],
      focus: ['pod/busybox'],
      groups: [{ title: 'control plane', members: ['apiserver', 'etcd', 'scheduler', 'controller-manager'] }, { title: 'worker-1' }],
      until: { kind: 'pod', conditions: [{ state: 'Running' }] },
    });
  });
});

describe('imports (§3)', () => {
  const files: Record<string, string> = {
    '/p/common/clusters.kscn': 'cluster small { node worker-1 { cpu 4; memory 8Gi } }\nmanifest ns """\n  apiVersion: v1\n  kind: Namespace\n  metadata: { name: x }\n"""\n',
    '/p/package.json': '{}',
  };
  it('makes imported clusters and manifests visible', () => {
    const r = checkSource('import "common/clusters.kscn"\nscenario "s" {\n  given cluster small\n  when { apply ns }\n}\n', 'main.kscn', { cwd: '/p', root: '/p', readFile: (p) => files[p] });
    expect(r.diagnostics).toEqual([]);
    expect([...r.file!.clusters.keys()]).toEqual(['small']);
    expect(r.file!.manifests.get('ns')!.text).toContain('kind: Namespace');
  });
});

describe('blocks and steps (§2, §5)', () => {
  it('§2 indentation is free: a block may open on the next line', () => {
    const ast = parse('cluster c\n{\n  node n-1\n  { cpu 1; memory 1Gi }\n}\nscenario "s" # comment\n{\n  given cluster c\n  when\n  {\n    kubectl run a --image=busybox\n  }\n  then\n\n  {\n    pod a: Running\n  }\n}\n');
    expect(ast.clusters[0]!.body.nodes[0]!.names).toEqual(['n-1']);
    expect(ast.scenarios[0]!.steps).toHaveLength(1);
    expect(ast.scenarios[0]!.steps[0]!.then).toHaveLength(1);
  });
  it('§5 a second `then` in a row adds to the same step', () => {
    const ast = parse(scenario('  when { kubectl run a --image=busybox }\n  then { pod a: Running }\n  then { pod a: Ready }\n  when { wait 1s }\n  then { pod a: Running }'));
    expect(ast.scenarios[0]!.steps.map((s) => s.then.length)).toEqual([2, 1]);
  });
});
