/**
 * The summary diagram (LANGUAGE.md §12.3) and the `diagram` block's `detail`, `times` and
 * `hide status | heartbeats | leases`: library scenarios run for real, goldens of both details,
 * and hand-made traces for what the library does not show (owners of any kind).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiagramDecl } from '../../src/lang/ast.js';
import { checkPaths, checkSource } from '../../src/lang/check.js';
import { mermaidDiagram, toMermaid } from '../../src/report/mermaid.js';
import { podNames, nodeRange, rangeLabel, skeletonOf } from '../../src/report/summary.js';
import { runScenario } from '../../src/run/run.js';
import type { ScenarioResult } from '../../src/run/result.js';
import type { KubeObject } from '../../src/trace/types.js';
import { scenarioOf, TraceBuilder } from '../fixtures/report/deployment.js';
import { golden } from './golden.js';

const root = join(__dirname, '../..');
const arrows = (mmd: string) => mmd.split('\n').map((l) => l.trim()).filter((l) => /^\w+(->>|-->>|-\))\w+:/.test(l));

/** Run the first scenario of a library file (with its own `diagram` block, if any). */
async function library(rel: string): Promise<{ result: ScenarioResult; decl?: DiagramDecl }> {
  const checked = await checkPaths([join(root, rel)], { cwd: root });
  const file = checked.files[0]!;
  const sc = file.scenarios[0]!;
  return { result: runScenario(file, sc), decl: sc.diagram };
}

/** The scenario's `diagram` block with these directives added. */
function withDecl(result: ScenarioResult, decl: DiagramDecl | undefined, d: Partial<DiagramDecl>): DiagramDecl {
  return { type: 'Diagram', span: result.span, hide: [], focus: [], groups: [], ...decl, ...d };
}

describe('the summary diagram of library scenarios', () => {
  it('draws a Deployment\'s pods once, with a note naming them and where they went, in one node box', async () => {
    const { result, decl } = await library('scenarios/workloads/deployment-chain.kscn');
    const d = mermaidDiagram(result, decl);
    golden('library/deployment-chain.summary.mmd', d.text);
    expect(d.detail).toBe('summary');
    expect(d.arrows).toBeLessThan(60);
    expect(d.cut).toBe(0);
    expect(d.text).toMatch(/Note over kubectl,cni: × 3 pods: web-…-\w{5}, -\w{5}, -\w{5} \(ReplicaSet<br>web-\w+\) → worker-1..3#59; drawn once/);
    expect(d.text).toContain('  box worker-1..3\n    participant kubelet as kubelet\n');
    // One representative pod: one binding, one sandbox; the status writes of the ReplicaSet fold with a count and range.
    expect(arrows(d.text).filter((a) => a.includes('/binding')).length).toBe(1);
    expect(arrows(d.text).filter((a) => a.includes('RunPodSandbox')).length).toBe(1);
    expect(d.text).toMatch(/PATCH replicasets\/web-\w+\/status \(1→3 replicas, 0→3 ready\) × 4/);
  });

  it('detail full draws every message, as the default diagram did before summaries', async () => {
    const { result, decl } = await library('scenarios/workloads/deployment-chain.kscn');
    const d = mermaidDiagram(result, withDecl(result, decl, { detail: 'full' }));
    golden('library/deployment-chain.full.mmd', d.text);
    expect(d.detail).toBe('full');
    expect(d.arrows).toBe(97);
    expect(d.represented).toBe(0);
  });

  for (const [rel, name] of [
    ['scenarios/workloads/rolling-update.kscn', 'rolling-update'],
    ['scenarios/failures/node-failure.kscn', 'node-failure'],
    ['scenarios/scheduling/priority-queue.kscn', 'priority-queue'],
  ] as const) {
    it(`${name}: a golden of both details`, async () => {
      const { result, decl } = await library(rel);
      golden(`library/${name}.summary.mmd`, toMermaid(result, decl));
      golden(`library/${name}.full.mmd`, toMermaid(result, withDecl(result, decl, { detail: 'full' })));
    });
  }

  it('keeps the causal chain: every kind of message at least once, in time order, under 60 arrows, nothing cut', async () => {
    const checked = await checkPaths([join(root, 'scenarios')], { cwd: root });
    expect(checked.files.length).toBeGreaterThan(20);
    for (const file of checked.files) {
      for (const sc of file.scenarios) {
        const result = runScenario(file, sc);
        const summary = mermaidDiagram(result, sc.diagram);
        const full = mermaidDiagram(result, withDecl(result, sc.diagram, { detail: 'full' }));
        const where = `${file.path}: ${sc.title}`;
        expect(summary.arrows, where).toBeLessThan(60);
        expect(summary.cut, where).toBe(0);
        // Every sender → receiver pair of the full diagram is drawn in the summary.
        const pairs = (mmd: string) => new Set(arrows(mmd).map((a) => a.slice(0, a.indexOf(':')).replace(/\b(kubelet|runtime|cni|kube_proxy|iptables)_\w+?(?=$|->>|-->>|-\))/g, '$1')));
        for (const p of pairs(full.text)) expect(pairs(summary.text), `${where}: ${p}`).toContain(p);
        // Time order: the autonumbered arrows keep the trace's order (step notes in increasing order).
        const steps = [...summary.text.matchAll(/Step (\d+)/g)].map((m) => Number(m[1]));
        expect(steps, where).toEqual([...steps].sort((a, b) => a - b));
      }
    }
  }, 300_000);

  it('leaves the one-pod diagram as it is (nothing to summarise)', async () => {
    const { result, decl } = await library('scenarios/pod-lifecycle.kscn');
    const summary = mermaidDiagram(result, decl);
    expect(summary.represented).toBe(0);
    expect(summary.text).toBe(toMermaid(result, withDecl(result, decl, { detail: 'full' })));
  });
});

describe('directives', () => {
  it('times: each arrow starts with its simulated time', async () => {
    const { result, decl } = await library('scenarios/pod-lifecycle.kscn');
    const mmd = toMermaid(result, withDecl(result, decl, { times: true }));
    for (const a of arrows(mmd)) expect(a).toMatch(/^\w+(->>|-->>|-\))\w+: \[\d+\.\d{3} s\] /);
  });

  it('hide status leaves out status writes with their etcd writes and replies', async () => {
    const { result, decl } = await library('scenarios/workloads/deployment-chain.kscn');
    const shown = toMermaid(result, decl);
    const hidden = toMermaid(result, withDecl(result, decl, { hide: ['status'] }));
    expect(shown).toContain('/status');
    expect(hidden).not.toContain('/status');
    expect(hidden).not.toContain('(status)');
    expect(hidden).toContain('/binding');
  });

  it('the summary draws heartbeats where a node\'s readiness changed; hide leases and hide heartbeats leave them out', async () => {
    const { result, decl } = await library('scenarios/failures/node-failure.kscn');
    const shown = toMermaid(result, decl);
    expect(shown).toMatch(/PATCH lease\/worker-2 \(renew\) × \d+/);
    const noLeases = toMermaid(result, withDecl(result, decl, { hide: ['leases'] }));
    expect(noLeases).not.toMatch(/lease/i);
    const noHeartbeats = toMermaid(result, withDecl(result, decl, { hide: ['heartbeats'] }));
    expect(noHeartbeats).not.toMatch(/lease/i);
    // detail full stays as the default diagram was: no heartbeats.
    expect(toMermaid(result, withDecl(result, decl, { detail: 'full' }))).not.toMatch(/lease/i);
  });

  it('refuses an unknown detail, hide word or participant at the word, with a hint', () => {
    const text = [
      'cluster c {', '  node worker-1 { cpu 4; memory 8Gi }', '}',
      'scenario "x" {', '  given cluster c', '  when {', '    kubectl run a --image=nginx', '  }',
      '  then {', '    pod a: Running within 10s', '  }',
      '  diagram {', '    detail fulll', '    hide status|heartbeet', '    show kubelet, apisrver', '    group "g" kubelet, runtme', '  }', '}', '',
    ].join('\n');
    const { diagnostics } = checkSource(text, 'bad.kscn');
    const at = diagnostics.map((d) => `${d.span.start.line}:${d.span.start.col} ${d.message} (${d.hint})`);
    expect(at.length, at.join('\n')).toBe(4);
    expect(at).toContain('13:12 unknown detail `fulll` (did you mean `detail full`?)');
    expect(at).toContain('14:17 cannot hide `heartbeet` (did you mean `heartbeats`?)');
    expect(at).toContain('15:19 unknown participant `apisrver` (did you mean `apiserver`?)');
    expect(at).toContain('16:24 unknown participant `runtme` (did you mean `runtime`?)');
  });

  it('accepts detail full, detail summary and times', () => {
    const text = 'cluster c {\n  node worker-1 { cpu 4; memory 8Gi }\n}\nscenario "x" {\n  given cluster c\n  when {\n    kubectl run a --image=nginx\n  }\n  diagram { detail full; times; hide status | heartbeats | leases }\n}\n';
    const { ast, diagnostics } = checkSource(text, 'ok.kscn');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const d = ast.scenarios[0]!.diagram!;
    expect([d.detail, d.times, d.hide]).toEqual(['full', true, ['status', 'heartbeats', 'leases']]);
  });
});

describe('pods of any owner kind are drawn once', () => {
  /** Pods `names` owned by `kind/owner`, created, bound and started, as stored objects and messages. */
  function owned(kind: string, owner: string, names: string[]): ScenarioResult {
    const b = new TraceBuilder();
    const changes: { seq: number; timeMs: number; step: number; key: string; rev: number; value: KubeObject }[] = [];
    names.forEach((name, i) => {
      const key = `/registry/pods/default/${name}`;
      b.write('controller-manager', 'create', `pod/${name}`, key, 'POST /api/v1/namespaces/default/pods');
      const node = `worker-${i + 1}`;
      changes.push({ seq: b.messages.length, timeMs: 0, step: 1, key, rev: i, value: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind, name: owner, uid: 'u', controller: true }] }, spec: { nodeName: node } } });
      b.write('scheduler', 'bind', `pod/${name}`, key, `POST pods/${name}/binding → ${node}`, 'nodeName');
      b.msg('apiserver', `kubelet@${node}`, 'watch', 'watch', `pod/${name}`, `WATCH ADDED Pod default/${name}`, { type: 'ADDED' });
      b.msg(`kubelet@${node}`, `runtime@${node}`, 'cri', 'RunPodSandbox', `pod/${name}`, `RunPodSandbox ${name}`);
      b.msg(`kubelet@${node}`, `runtime@${node}`, 'cri', 'StartContainer', `pod/${name}`, 'StartContainer app');
    });
    const trace = b.trace();
    trace.changes = changes;
    return scenarioOf(trace);
  }

  it.each([
    ['StatefulSet', 'db', ['db-0', 'db-1', 'db-2'], 'db-0, -1, -2'],
    ['DaemonSet', 'agent', ['agent-x7k2p', 'agent-9qzlm', 'agent-4hcvd'], 'agent-x7k2p, -9qzlm, -4hcvd'],
    ['Job', 'pi', ['pi-m2kqz', 'pi-x9d4f'], 'pi-m2kqz, -x9d4f'],
  ])('%s', (kind, owner, names, written) => {
    const mmd = toMermaid(owned(kind, owner, names)).replaceAll('<br>', ' ');
    expect(mmd).toContain(`× ${names.length} pods: ${written} (${kind} ${owner}) → ${nodeRange(names.map((_, i) => `worker-${i + 1}`))}#59; drawn once`);
    expect(arrows(mmd).filter((a) => a.includes('RunPodSandbox')).length).toBe(1);
    expect(mmd).toContain(`box ${nodeRange(names.map((_, i) => `worker-${i + 1}`))}`);
  });
});

describe('summary helpers', () => {
  it('podNames writes the shared prefix once', () => {
    expect(podNames(['web-7c7587d8dd-sklsb', 'web-7c7587d8dd-bzhz7', 'web-7c7587d8dd-sxgmk'])).toBe('web-…-sklsb, -bzhz7, -sxgmk');
    expect(podNames(['a', 'b'])).toBe('a, b');
    expect(podNames(Array.from({ length: 6 }, (_, i) => `web-0${i}`))).toBe('web-00, -01, -02, -03, … (2 more)');
  });

  it('nodeRange', () => {
    expect(nodeRange(['worker-1', 'worker-2', 'worker-3'])).toBe('worker-1..3');
    expect(nodeRange(['worker-1', 'worker-3'])).toBe('worker-1, worker-3');
    expect(nodeRange(['a', 'b', 'c', 'd'])).toBe('a … d (4 nodes)');
  });

  it('skeletonOf with thousands of nodes replaces names as a loop over every node does', () => {
    // The plain definition: every subject's name, then every node in the set's order, then numbers.
    const plain = (label: string, subjects: string[], nodes: Set<string>): string => {
      let s = label;
      for (const subject of subjects) { const name = subject.slice(subject.indexOf('/') + 1); if (name) s = s.split(name).join('*'); }
      for (const n of nodes) if (n) s = s.split(n).join('*');
      return s.replace(/\d+/g, '0');
    };
    // Names inside others (worker-1 in worker-10, in either order), dots, names of other lengths.
    const nodes = new Set(['worker-10', ...Array.from({ length: 3000 }, (_, i) => `worker-${i + 1}`), 'w', 'node.a', 'er-2', '']);
    const skel = skeletonOf(nodes);
    const labels: [string, string[]][] = [
      ['worker-10: CNI ADD → 10.244.10.2', ['pod/web-1']],
      ['POST pods/web-abc/binding → worker-2999', ['pod/web-abc']],
      ['PUT /registry/minions/worker-123 (status)', ['node/worker-123']],
      ['node.a and worker-22 and w and xworker-7x', []],
      ['WATCH MODIFIED Pod default/web-1 worker-1worker-2', ['pod/web-1']],
      ['', []],
    ];
    for (const [label, subjects] of labels) expect(skel(label, subjects)).toBe(plain(label, subjects, nodes));
  });

  it('rangeLabel', () => {
    expect(rangeLabel('PATCH rs/web/status (1 replicas, 0 ready)', 'PATCH rs/web/status (3 replicas, 3 ready)')).toBe('PATCH rs/web/status (1→3 replicas, 0→3 ready)');
  });
});
