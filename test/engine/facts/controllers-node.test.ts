/** K8S-FACTS §1 Node lifecycle and taint eviction, §5 timings (node-monitor-period 5 s, grace 50 s, DefaultTolerationSeconds 300). */
import { describe, expect, it } from 'vitest';
import { eventsOf, runFact } from './helpers.js';
import { NODE_MONITOR_GRACE_MS, NODE_MONITOR_PERIOD_MS } from '../../../src/engine/controllers/node-lifecycle.js';
import { DEFAULT_TOLERATION_SECONDS } from '../../../src/engine/apiserver/admission.js';

const pod = (name: string, tolerations = '') => `
manifest ${name} """
  apiVersion: v1
  kind: Pod
  metadata: { name: ${name} }
  spec:
    nodeName: worker-1
    containers: [{ name: c, image: "nginx:1.27" }]
${tolerations}
"""`;

describe('K8S-FACTS §5 node-lifecycle timings', () => {
  it('node-monitor-period 5 s, node-monitor-grace-period 50 s (since v1.32), default toleration 300 s', () => {
    expect([NODE_MONITOR_PERIOD_MS, NODE_MONITOR_GRACE_MS, DEFAULT_TOLERATION_SECONDS]).toEqual([5_000, 50_000, 300]);
  });

  it('admission adds the not-ready and unreachable NoExecute tolerations for 300 s; tolerationSeconds decides when a pod on a dead node is evicted; a toleration without seconds keeps it', () => {
    const r = runFact(`${pod('short', '    tolerations: [{ key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 30 }]')}
${pod('default')}
${pod('forever', '    tolerations: [{ key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute }]')}
cluster c { node worker-[1..2] { cpu 4; memory 8Gi } }
scenario "tolerations" {
  timeout 10m
  given cluster c
  given { apply short; apply default; apply forever; wait until pods *: 3 Running }
  when { fail node worker-1 }
  then {
    node worker-1: taint node.kubernetes.io/unreachable:NoExecute
    pod short: Terminating
    pod default: Terminating
    pod forever: Running
  }
}`);
    const taint = r.trace.changes.find((c) => c.key === '/registry/minions/worker-1' && (c.value as any)?.spec?.taints?.some((t: any) => t.effect === 'NoExecute'))!;
    const marks = Object.fromEntries(['short', 'default', 'forever'].map((p) => [p, eventsOf(r, `pod/${p}`, 'TaintManagerEviction')]));
    expect(marks.forever).toEqual([]);
    expect(Math.round((marks.short![0]!.timeMs - taint.timeMs) / 1000)).toBe(30);
    expect(Math.round((marks.default![0]!.timeMs - taint.timeMs) / 1000)).toBe(300);
    // The unreachable taint comes at the first monitor pass after 50 s without a heartbeat.
    const notReady = eventsOf(r, 'node/worker-1', 'NodeNotReady')[0]!;
    expect(notReady.timeMs).toBeGreaterThan(40_000);
    expect(notReady.timeMs).toBeLessThanOrEqual(60_000);
    const stored = r.trace.changes.filter((c) => c.key === '/registry/pods/default/default').at(-1)!.value as any;
    expect(stored.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(stored.status.conditions.find((c: any) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
  });
});
