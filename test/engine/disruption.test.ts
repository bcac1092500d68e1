/**
 * PodDisruptionBudgets (issue 13 §4): the Eviction API's decision (cases after
 * pkg/registry/core/pod/storage/eviction_test.go TestEviction: no budget, budget allowing,
 * budget at 0, not yet observed, terminal and pending pods, two budgets) and the disruption
 * controller's status (after disruption_test.go TestMinAvailable, TestMaxUnavailable,
 * TestNakedPod), in a cluster.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { runScenario } from '../../src/run/run.js';
import { EVICTION_REFUSED, evictionDecision, scaled } from '../../src/engine/apiserver/disruption-budget.js';
import type { KubeObject } from '../../src/trace/types.js';

const pod = (phase = 'Running', ready = true, extra: any = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', labels: { app: 'a' }, ...extra }, status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } } as any);
const pdb = (status: any, name = 'b', generation = 1): KubeObject => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'ns', generation }, spec: { selector: { matchLabels: { app: 'a' } } }, status: { observedGeneration: 1, ...status } } as any);

describe('the Eviction API (eviction.go)', () => {
  it('evicts a pod no budget selects, and terminal, pending or deleted pods', () => {
    expect(evictionDecision(pod(), [], 't')).toEqual({ free: true });
    expect(evictionDecision(pod('Succeeded'), [pdb({ disruptionsAllowed: 0 })], 't')).toEqual({ free: true });
    expect(evictionDecision(pod('Pending'), [pdb({ disruptionsAllowed: 0 })], 't')).toEqual({ free: true });
    expect(evictionDecision(pod('Running', true, { deletionTimestamp: 'x' }), [pdb({ disruptionsAllowed: 0 })], 't')).toEqual({ free: true });
  });
  it('a budget that allows it loses one disruption and records the pod', () => {
    const d = evictionDecision(pod(), [pdb({ disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2 })], 'now') as any;
    expect(d.status).toMatchObject({ disruptionsAllowed: 0, disruptedPods: { p: 'now' } });
  });
  it('a budget at 0, or not yet observed, is a 429; two budgets are a 500', () => {
    expect(evictionDecision(pod(), [pdb({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 })], 't')).toEqual({ refuse: { code: 429, reason: 'TooManyRequests', message: EVICTION_REFUSED, cause: 'DisruptionBudget' } });
    expect((evictionDecision(pod(), [pdb({ disruptionsAllowed: 5 }, 'b', 2)], 't') as any).refuse.code).toBe(429);
    expect((evictionDecision(pod(), [pdb({ disruptionsAllowed: 1 }), pdb({ disruptionsAllowed: 1 }, 'c')], 't') as any).refuse).toMatchObject({ code: 500, message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' });
  });
  it('an unready pod goes when the budget is met (IfHealthyBudget)', () => {
    expect(evictionDecision(pod('Running', false), [pdb({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 })], 't')).toEqual({ free: true });
  });
  it('percentages scale up', () => {
    expect([scaled('50%', 3), scaled(2, 9), scaled('25%', 10), scaled('x', 1)]).toEqual([2, 2, 3, undefined]);
  });
});

describe('the disruption controller', () => {
  function run(budget: string, replicas = 4) {
    const text = `
cluster one { node worker-1 { cpu 8; memory 16Gi } }
scenario "pdb" {
  given cluster one
  when {
    kubectl create deployment web --image=nginx:1.27 --replicas=${replicas}
    apply """
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata: { name: web }
      spec:
        ${budget}
        selector: { matchLabels: { app: web } }
    """
  }
  then { pdb web: exists }
}`;
    const r = checkSource(text, 'pdb.kscn', { cwd: __dirname });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    const res = runScenario(r.file!, r.file!.scenarios[0]!);
    const last = [...res.trace.changes].reverse().find((c) => c.key === '/registry/poddisruptionbudgets/default/web');
    return { res, status: (last?.value as any)?.status };
  }
  it('TestMinAvailable: desiredHealthy is minAvailable, expectedPods the pods found', () => {
    expect(run('minAvailable: 3').status).toMatchObject({ disruptionsAllowed: 1, currentHealthy: 4, desiredHealthy: 3, expectedPods: 4, observedGeneration: 1, conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' }] });
  });
  it('TestMaxUnavailable with a percentage: expected from the Deployment\'s scale', () => {
    expect(run('maxUnavailable: 25%').status).toMatchObject({ disruptionsAllowed: 1, currentHealthy: 4, desiredHealthy: 3, expectedPods: 4 });
    expect(run('minAvailable: 100%').status).toMatchObject({ disruptionsAllowed: 0, desiredHealthy: 4, conditions: [{ status: 'False', reason: 'InsufficientPods' }] });
  });
  it('no matching pods: NoPods, nothing allowed', () => {
    const { res, status } = run('minAvailable: 1', 0);
    expect(status).toMatchObject({ disruptionsAllowed: 0, expectedPods: 0 });
    expect(res.trace.events.some((e) => e.reason === 'NoPods' && e.message === 'No matching pods found')).toBe(true);
  });
});

describe('pdb NAME: N allowed (LANGUAGE.md §12.2)', () => {
  const text = (cond: string) => `
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "allowed" {
  given cluster one
  when {
    kubectl create deployment web --image=nginx:1.27 --replicas=2
    apply """
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata: { name: web }
      spec: { minAvailable: 1, selector: { matchLabels: { app: web } } }
    """
  }
  then { ${cond} }
}`;
  const run = (cond: string) => {
    const r = checkSource(text(cond), 'a.kscn', { cwd: __dirname });
    return { diags: r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), res: r.file ? runScenario(r.file, r.file.scenarios[0]!) : undefined };
  };
  it('holds when status.disruptionsAllowed is N, and says what it found otherwise', () => {
    expect(run('pdb web: 1 allowed').res!.expectations.map((e) => e.ok)).toEqual([true]);
    const bad = run('poddisruptionbudget web: 3 allowed').res!.expectations[0]!;
    expect([bad.ok, bad.message]).toEqual([false, expect.stringContaining('found pdb web with 1 allowed (2 healthy, 1 needed)')]);
  });
  it('an unknown condition is a located error', () => {
    expect(run('pdb web: 2 healthy').diags).toEqual(['unknown pdb condition `2 healthy`']);
  });
});
