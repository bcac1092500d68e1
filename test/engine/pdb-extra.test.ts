/**
 * PodDisruptionBudgets, beside test/engine/disruption.test.ts: the state kind `pdb NAME: N
 * allowed` (LANGUAGE.md §12.2), unhealthyPodEvictionPolicy AlwaysAllow (eviction_test.go
 * TestEvictionUnhealthyPodPolicy) and ValidatePodDisruptionBudgetSpec's texts
 * (pkg/apis/policy/validation).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { runScenario } from '../../src/run/run.js';
import { evictionDecision } from '../../src/engine/apiserver/disruption-budget.js';
import type { KubeObject } from '../../src/trace/types.js';

const run = (then: string, spec = 'minAvailable: 1') => {
  const text = `cluster c { node w-[1..2] { cpu 4; memory 8Gi } }
manifest web """
  apiVersion: apps/v1
  kind: Deployment
  metadata: { name: web }
  spec:
    replicas: 3
    selector: { matchLabels: { app: web } }
    template:
      metadata: { labels: { app: web } }
      spec:
        containers: [{ name: web, image: nginx:1.27 }]
"""
manifest budget """
  apiVersion: policy/v1
  kind: PodDisruptionBudget
  metadata: { name: web }
  spec:
    ${spec}
    selector: { matchLabels: { app: web } }
"""
scenario "s" {
  given cluster c
  when { apply web; apply budget }
  then { ${then} }
}
`;
  const r = checkSource(text, 'pdb.kscn');
  return { diagnostics: r.diagnostics, result: r.file ? runScenario(r.file, r.file.scenarios[0]!) : undefined };
};

describe('pdb NAME: N allowed (with test/engine/disruption.test.ts)', () => {
  it('passes on the disruption controller\'s disruptionsAllowed and fails naming what it found', () => {
    expect(run('pdb web: 2 allowed').result?.status).toBe('passed');
    const failed = run('pdb web: 1 allowed').result!;
    expect(failed.status).toBe('failed');
    expect(JSON.stringify(failed.expectations)).toContain('web');
  });
  it('an unknown pdb condition is a check error that lists what a pdb takes', () => {
    const d = run('pdb web: 2 disruptions').diagnostics.filter((x) => x.severity === 'error');
    expect(d[0]?.message).toBe('unknown pdb condition `2 disruptions`');
  });
});

describe('ValidatePodDisruptionBudgetSpec', () => {
  it('minAvailable and maxUnavailable together, a percentage over 100% and an unknown unhealthyPodEvictionPolicy are refused at check with the apiserver text', () => {
    const msgs = (spec: string) => run('pdb web: 0 allowed', spec).diagnostics.filter((x) => x.severity === 'error').map((x) => x.message).join('\n');
    expect(msgs('minAvailable: 1\n    maxUnavailable: 1')).toContain('spec: Invalid value: policy.PodDisruptionBudgetSpec{…}: minAvailable and maxUnavailable cannot be both set');
    expect(msgs('maxUnavailable: "150%"')).toContain('spec.maxUnavailable: Invalid value: 150%: must not be greater than 100%');
    expect(msgs('minAvailable: 1\n    unhealthyPodEvictionPolicy: Never')).toContain('spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"');
  });
});

describe('unhealthyPodEvictionPolicy (TestEvictionUnhealthyPodPolicy)', () => {
  const pod = (ready: boolean): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', labels: { app: 'a' } }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } }) as any;
  const pdb = (policy?: string): KubeObject => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'b', namespace: 'ns', generation: 1 }, spec: { selector: { matchLabels: { app: 'a' } }, ...(policy ? { unhealthyPodEvictionPolicy: policy } : {}) }, status: { observedGeneration: 1, disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 } }) as any;
  it('an unready pod under a budget that is not met: refused by default (IfHealthyBudget), evicted with AlwaysAllow; a ready one refused either way', () => {
    expect((evictionDecision(pod(false), [pdb()], 't') as any).refuse?.code).toBe(429);
    expect((evictionDecision(pod(false), [pdb('IfHealthyBudget')], 't') as any).refuse?.code).toBe(429);
    expect(evictionDecision(pod(false), [pdb('AlwaysAllow')], 't')).toEqual({ free: true });
    expect((evictionDecision(pod(true), [pdb('AlwaysAllow')], 't') as any).refuse?.code).toBe(429);
  });
});
