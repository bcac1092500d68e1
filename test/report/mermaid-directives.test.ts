import { describe, expect, it } from 'vitest';
import type { DiagramDecl } from '../../src/lang/ast.js';
import { toMermaid as draw, type MermaidOptions } from '../../src/report/mermaid.js';
import type { ScenarioResult } from '../../src/run/result.js';
import { deploymentTrace, scenarioOf, TraceBuilder } from '../fixtures/report/deployment.js';
import { failedScenario, kubectlRunScenario, spanAt } from '../fixtures/report/kubectl-run.js';
import { golden } from './golden.js';

/** These tests pin the full diagram (`diagram { detail full }`, every message, LANGUAGE.md §9); summary.test.ts tests the default summary. */
function toMermaid(s: ScenarioResult, d?: DiagramDecl, o?: MermaidOptions): string {
  return draw(s, { type: 'Diagram', span: s.span, hide: [], focus: [], groups: [], ...d, detail: 'full' }, o);
}


function decl(d: Partial<DiagramDecl>): DiagramDecl {
  return { type: 'Diagram', span: spanAt('x.kscn', 30), hide: [], focus: [], groups: [], ...d };
}

const lines = (mmd: string) => mmd.split('\n');
const arrows = (mmd: string) => lines(mmd).filter((l) => /^\s+\w+(->>|-->>|-\))\w+:/.test(l));

describe('toMermaid: several nodes', () => {
  const mmd = toMermaid(scenarioOf(deploymentTrace(2, 2)));

  it('gives node participants distinct ids and readable labels, boxed per node', () => {
    golden('deployment-2-nodes.mmd', mmd);
    expect(mmd).toContain('  participant controller_manager as kube-controller-manager\n');
    expect(mmd).toContain('  box worker-1\n    participant kubelet_worker_1 as kubelet (worker-1)\n    participant runtime_worker_1 as containerd (worker-1)\n    participant cni_worker_1 as CNI (worker-1)\n  end\n');
    expect(mmd).toContain('  box worker-2\n');
  });

  it('leaves out hidden messages (replies, Event writes, heartbeats)', () => {
    expect(mmd).not.toMatch(/-->>(controller_manager|scheduler|kubelet)/);
    expect(mmd).not.toContain('leases');
    expect(mmd).toContain('kubectl->>apiserver: POST /apis/apps/v1/namespaces/default/deployments');
  });

  it('draws the scheduler decision as a note over the scheduler, without its queue part', () => {
    expect(mmd).toMatch(/Note over scheduler: filter 2\/2 nodes fit · score worker-1 183 → worker-1/);
  });
});

describe('toMermaid: directives', () => {
  const s = kubectlRunScenario();

  it('show: only these participants, in this order', () => {
    const mmd = toMermaid(s, decl({ show: ['kubelet', 'apiserver', 'kubectl'] }));
    const parts = lines(mmd).filter((l) => /participant|actor/.test(l)).map((l) => l.trim());
    expect(parts).toEqual(['participant kubelet as kubelet', 'participant apiserver as kube-apiserver', 'actor kubectl']);
    expect(mmd).not.toContain('etcd');
    expect(arrows(mmd).length).toBe(4);
  });

  it('hide: responses, watch, etcd, notes', () => {
    const mmd = toMermaid(s, decl({ hide: ['responses', 'watch', 'etcd', 'notes'] }));
    expect(mmd).not.toMatch(/-->>|-\)|etcd|Note/);
    expect(arrows(mmd).map((l) => l.trim().split(':')[0])).toEqual([
      'kubectl->>apiserver', 'scheduler->>apiserver', 'kubelet->>runtime', 'runtime->>cni', 'kubelet->>runtime', 'kubelet->>runtime', 'kubelet->>runtime', 'kubelet->>apiserver',
    ]);
  });

  it('focus: only messages about the objects named (an image pull goes with its pod)', () => {
    const b = new TraceBuilder();
    const trace = deploymentTrace(3, 1, b);
    const first = trace.messages.find((m) => m.target.startsWith('pod/'))!.target;
    const mmd = toMermaid(scenarioOf(trace), decl({ focus: [first] }));
    const name = first.slice(4);
    for (const a of arrows(mmd)) expect(a.includes(name) || /PullImage|CNI ADD|Container nginx|OK \(rev/.test(a), a).toBe(true);
    expect(mmd).toContain(`Note over scheduler: filter 1/1 nodes fit · score worker-1 183 → worker-1\n  scheduler->>apiserver: POST pods/${name}/binding`);
    expect(mmd.match(/Note over scheduler/g)?.length).toBe(1);
    expect(mmd).toContain('PullImage nginx:1.27');
    expect(mmd).not.toContain('deployments');
    expect(arrows(mmd).length).toBe(16);
  });

  it('group: Mermaid boxes, members contiguous, other node participants still boxed', () => {
    const mmd = toMermaid(scenarioOf(deploymentTrace(2, 2)), decl({
      groups: [{ title: 'control plane', members: ['apiserver', 'etcd', 'scheduler', 'controller-manager'], span: spanAt('x', 1) }],
    }));
    expect(mmd).toContain('  box control plane\n    participant apiserver as kube-apiserver\n    participant etcd\n    participant controller_manager as kube-controller-manager\n    participant scheduler as kube-scheduler\n  end\n');
    expect(mmd).toContain('  box worker-2\n');
  });

  it('group: a group of one node\'s participants takes the rest of that node, instead of a second box of the node\'s name', () => {
    const mmd = toMermaid(scenarioOf(deploymentTrace(2, 2)), decl({
      groups: [{ title: 'worker-1', members: ['kubelet@worker-1', 'runtime@worker-1'], span: spanAt('x', 1) }],
    }));
    expect(mmd.match(/box worker-1\n/g)?.length).toBe(1);
    expect(mmd).toContain('  box worker-1\n    participant kubelet_worker_1 as kubelet (worker-1)\n    participant runtime_worker_1 as containerd (worker-1)\n    participant cni_worker_1 as CNI (worker-1)\n  end\n');
  });

  it('until: nothing after the seq where the state first holds', () => {
    const mmd = toMermaid(s, decl({}), { untilSeq: 11 });
    expect(mmd).toContain('WATCH ADDED Pod default/busybox\n');
    expect(mmd).not.toContain('RunPodSandbox');
  });

  it('title', () => {
    expect(lines(toMermaid(s, decl({ title: 'Creating a pod; #1' })))[1]).toBe('  title Creating a pod#59; #35;1');
  });
});

describe('toMermaid: notes per step and failures', () => {
  it('marks where the failed sequence line expected its message, and lists other failures at the end', () => {
    golden('kubectl-run.failed.mmd', toMermaid(failedScenario()));
  });

  it('names the closest drawn message to the one expected (same sender, receiver and verb), by its number', () => {
    const mmd = toMermaid(failedScenario());
    const lines = mmd.split('\n').map((l) => l.trim());
    const mark = lines.findIndex((l) => l.startsWith('Note over kubelet: ✗ expected here'));
    expect(lines[mark]).toMatch(/ · closest: 12 PullImage busybox:latest · what happened instead is highlighted$/);
    // The arrows the kubelet sent instead follow the mark in one tinted rect.
    expect(lines.slice(mark + 2, mark + 4)).toEqual(["rect rgba(245, 158, 11, 0.25)", "kubelet->>runtime: PullImage busybox:latest"]);
    // Its number is the one autonumber gives it: the 12th arrow.
    expect(arrows(mmd)[11]!.trim()).toBe('kubelet->>runtime: PullImage busybox:latest');
  });

  it('starts each step with a note when there are several steps', () => {
    const b = new TraceBuilder();
    b.msg('kubectl', 'apiserver', 'request', 'create', 'pod/a', 'POST pods');
    b.step = 2;
    b.msg('kubectl', 'apiserver', 'request', 'delete', 'pod/a', 'DELETE pods/a');
    const mmd = toMermaid(scenarioOf(b.trace(2)));
    expect(mmd).toContain('  Note over kubectl,apiserver: Step 1 · step 1\n  kubectl->>apiserver: POST pods\n  Note over kubectl,apiserver: Step 2 · step 2\n');
  });

  it('hide notes leaves out the step notes too', () => {
    const b = new TraceBuilder();
    b.msg('kubectl', 'apiserver', 'request', 'create', 'pod/a', 'POST pods');
    b.note(['apiserver'], 'authenticated admin', 'admission');
    b.step = 2;
    b.msg('kubectl', 'apiserver', 'request', 'delete', 'pod/a', 'DELETE pods/a');
    const mmd = toMermaid(scenarioOf(b.trace(2)), decl({ hide: ['notes'] }));
    expect(mmd).not.toContain('Note');
    expect(arrows(mmd).length).toBe(2);
  });

  it('draws an empty trace as a valid diagram', () => {
    expect(toMermaid(scenarioOf(new TraceBuilder().trace()))).toBe('sequenceDiagram\n  autonumber\n  participant kscn as (no messages to draw)\n');
  });
});

describe('toMermaid: escaping', () => {
  it('escapes every user string', () => {
    const b = new TraceBuilder();
    b.msg('kubectl', 'apiserver', 'request', 'create', 'pod/a', 'x #1; <b>"q"</b> & `t`\nnext %% {y}');
    b.msg('apiserver', 'kubelet@red-1', 'watch', 'watch', 'pod/a', 'wrap: me');
    b.note(['apiserver'], 'end; note', 'info');
    const mmd = toMermaid(scenarioOf(b.trace()), decl({ groups: [{ title: 'plane; #x', members: ['kubectl'], span: spanAt('x', 1) }] }));
    expect(mmd).toContain('kubectl->>apiserver: x #35;1#59; #lt;b#gt;#quot;q#quot;#lt;/b#gt; #amp; #96;t#96;<br>next #37;#37; #123;y#125;\n');
    expect(mmd).toContain('apiserver-)kubelet: wrap#58; me');
    expect(mmd).toContain('Note over apiserver: end#59; note');
    expect(mmd).toContain('  box plane#59; #35;x\n');
    // A node whose name starts with a colour word is not read as a coloured box.
    expect(mmd).toContain('  box transparent red-1\n');
  });
});

describe('toMermaid: long labels', () => {
  it('draws an arrow label over 100 characters on lines of at most 80, broken at spaces; shorter ones stay on one line', () => {
    const b = new TraceBuilder();
    const conflict = 'Operation cannot be fulfilled on replicasets.apps "web-797778fb9f": the object has been modified; please apply your changes to the latest version and try again';
    b.msg('controller-manager', 'apiserver', 'request', 'update', 'replicaset/web', 'PUT replicasets/web-797778fb9f (replicas 1 → 2)');
    b.msg('apiserver', 'controller-manager', 'response', 'response', 'replicaset/web', `409 Conflict: ${conflict}`, { code: '409' });
    const mmd = toMermaid(scenarioOf(b.trace()));
    expect(mmd).toContain('controller_manager->>apiserver: PUT replicasets/web-797778fb9f (replicas 1 → 2)\n');
    const reply = mmd.split('\n').find((l) => l.includes('409 Conflict'))!;
    const lines = reply.slice(reply.indexOf(': ') + 2).split('<br>');
    expect(lines.length).toBe(3);
    expect(lines[0]).toBe('409 Conflict: Operation cannot be fulfilled on replicasets.apps');
    for (const l of lines) expect(l.replace(/#\w+;/g, 'x').length).toBeLessThanOrEqual(80);
  });
});

describe('toMermaid: large traces', () => {
  const trace = deploymentTrace(2000, 500);
  const mmd = toMermaid(scenarioOf(trace));

  it('folds repeated messages with their count and says so in a note', () => {
    expect(arrows(mmd).length).toBeLessThanOrEqual(150);
    expect(mmd).toContain('× 2000 pods');
    expect(mmd).toMatch(/Note over kubectl,\w+: \d+ messages drawn as \d+: repeated messages are folded/);
    expect(mmd).toContain('WATCH ADDED Pod default/web-7f9c4d6b8-* (no node) × 2000 pods');
  });

  it('draws many nodes as one set of node participants, and says so', () => {
    expect(mmd).toContain('box 500 nodes (worker-1 … worker-500)');
    expect(mmd).toContain('participant kubelet as kubelet');
    expect(mmd).toMatch(/Note over \w+,\w+: 500 nodes drawn as one/);
  });

  it('stays within what Mermaid (and GitHub) accept by default', () => {
    expect(mmd.length).toBeLessThan(50_000);
    golden('deployment-2000-pods.mmd', mmd);
  });

  it('leaves a small diagram as it is', () => {
    expect(toMermaid(scenarioOf(deploymentTrace(3, 1)))).not.toContain('×');
  });
});

describe('toMermaid: the size limit', () => {
  it('folds harder when long labels would pass 50,000 characters', () => {
    const b = new TraceBuilder();
    for (let i = 0; i < 140; i++) b.msg('kubectl', 'apiserver', 'request', 'get', `pod/p${i}`, `GET ${'x'.repeat(400)} ${i} ${'y'.repeat(i % 7)} ${i % 3 ? 'a' : 'b b'}`);
    const mmd = toMermaid(scenarioOf(b.trace()));
    expect(mmd.length).toBeLessThan(50_000);
    expect(mmd).toMatch(/140 messages drawn as \d+/);
  });
});
