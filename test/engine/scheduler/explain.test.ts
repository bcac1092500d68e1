import { describe, expect, it } from 'vitest';
import { explain, explainJson } from '../../../src/cli/explain.js';
import type { CliIO } from '../../../src/cli/io.js';

function run(args: string[]) {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), color: false, env: {}, cwd: process.cwd() };
  return explain(args, io).then((code) => ({ code, out, err }));
}

describe('kscn explain', () => {
  it('--json has the shape of LANGUAGE.md §11', async () => {
    const r = await run(['scenarios/failures/preemption.kscn', '--pod', 'critical', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.pod).toBe('default/critical');
    expect(json.attempts.map((a: any) => [a.selected, a.message])).toEqual([[null, '0/1 nodes are available: 1 Insufficient cpu.'], ['worker-1', null]]);
    const [failed, bound] = json.attempts.map((a: any) => a.nodes[0]);
    expect(Object.keys(failed)).toEqual(['node', 'feasible', 'filter', 'score', 'total']);
    expect(failed.filter.find((f: any) => f.plugin === 'NodeResourcesFit')).toEqual({ plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] });
    expect(failed.filter.every((f: any) => ['Success', 'Unschedulable', 'UnschedulableAndUnresolvable', 'Error'].includes(f.code))).toBe(true);
    expect(failed.score).toEqual([]);
    expect(Object.keys(bound.score[0])).toEqual(['plugin', 'raw', 'normalized', 'weight']);
    expect(bound.total).toBe(bound.score.reduce((s: number, x: any) => s + x.normalized * x.weight, 0));
  });

  it('prints a table per attempt with the winner', async () => {
    const r = await run(['scenarios/failures/preemption.kscn', '--pod', 'critical']);
    expect(r.out).toContain('attempt 1 at');
    expect(r.out).toContain('worker-1: NodeResourcesFit: Insufficient cpu');
    expect(r.out).toMatch(/attempt 2 at .* → worker-1/);
    expect(r.out).toContain('← selected');
  });

  it('names the pods it knows when the pod is not found', async () => {
    const r = await run(['scenarios/failures/preemption.kscn', '--pod', 'critcal']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean "critical"?');
  });
});

describe('explain data for a PreFilter rejection (LANGUAGE.md §11)', () => {
  it('every node shows the rejecting PreFilter plugin, and the message is the PreFilter one', async () => {
    const { checkSource } = await import('../../../src/lang/check.js');
    const { runScenario } = await import('../../../src/run/run.js');
    const text = `
manifest conflict """
  apiVersion: v1
  kind: Pod
  metadata: { name: conflict }
  spec:
    affinity:
      nodeAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          nodeSelectorTerms:
          - matchFields: [{ key: metadata.name, operator: In, values: [a-1] }, { key: metadata.name, operator: In, values: [b-1] }]
    containers: [{ name: app, image: nginx:1.27 }]
"""
cluster c { node a-1 { cpu 4; memory 8Gi }; node b-1 { cpu 4; memory 8Gi } }
scenario "conflict" {
  given cluster c
  when { apply conflict }
  then { pod conflict: Pending }
}`;
    const checked = checkSource(text, 'explain.kscn', { cwd: process.cwd() });
    const r = runScenario(checked.file!, checked.file!.scenarios[0]!, { explain: 'feasible' });
    const json = explainJson('default/conflict', r.trace.scheduling.filter((a) => a.pod === 'default/conflict'), false) as any;
    const [attempt] = json.attempts;
    expect(attempt.message).toBe('0/2 nodes are available: pod affinity terms conflict. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
    expect(attempt.nodes.map((n: any) => [n.node, n.feasible, n.filter])).toEqual(
      ['a-1', 'b-1'].map((n) => [n, false, [{ plugin: 'NodeAffinity', code: 'UnschedulableAndUnresolvable', reasons: ['pod affinity terms conflict'] }]]),
    );
  });
});

describe('explain data when the search stops early (percentageOfNodesToScore, LANGUAGE.md §11)', () => {
  it('every node has every filter verdict; only the nodes the search reached are feasible', async () => {
    const { checkSource } = await import('../../../src/lang/check.js');
    const { runScenario } = await import('../../../src/run/run.js');
    const text = `
cluster big { node w-[1..120] { cpu 4; memory 8Gi } }
scenario "many" {
  given cluster big
  when { kubectl run p --image=nginx:1.27 }
  then { pod p: Running }
}`;
    const checked = checkSource(text, 'explain.kscn', { cwd: process.cwd() });
    const r = runScenario(checked.file!, checked.file!.scenarios[0]!, { explain: 'feasible' });
    const [attempt] = (explainJson('default/p', r.trace.scheduling.filter((a) => a.pod === 'default/p'), false) as any).attempts;
    expect(attempt.nodes).toHaveLength(120);
    // 120 nodes: at least 100 feasible nodes are looked for, then the search stops.
    expect(attempt.nodes.filter((n: any) => n.feasible)).toHaveLength(100);
    expect(attempt.nodes.every((n: any) => n.filter.length === 8 && n.filter.every((f: any) => f.code === 'Success'))).toBe(true);
  });
});
