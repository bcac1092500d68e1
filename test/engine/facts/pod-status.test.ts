/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';
import { cluster, create, pods, step } from '../controllers/helpers.js';
import type { KubeObject } from '../../../src/trace/types.js';

const pod = (name: string, extra: any = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { run: name } },
  spec: { containers: [{ name: 'app', image: 'busybox:1.36' }], ...extra },
});

const conds = (p: any) => (p.status.conditions as any[]).map((c) => [c.type, c.status, c.reason ?? '', c.message ?? '']);

describe('K8S-FACTS §4 pod status', () => {
  it('§4 conditions in the kubelet order, ContainersNotReady "containers with unready status: [c]" while the container waits', () => {
    const c = cluster(1);
    c.faults.failingImages.add('busybox:1.36');
    step(c, [create('pods', pod('p'))], 20_000);
    const [p] = pods(c, 'p');
    expect(conds(p)).toEqual([
      ['PodReadyToStartContainers', 'True', '', ''],
      ['Initialized', 'True', '', ''],
      ['Ready', 'False', 'ContainersNotReady', 'containers with unready status: [app]'],
      ['ContainersReady', 'False', 'ContainersNotReady', 'containers with unready status: [app]'],
      ['PodScheduled', 'True', '', ''],
    ]);
    expect(p.status.phase).toBe('Pending');
  });

  it('§4 a terminal pod: Ready / ContainersReady False with reason PodCompleted, terminated reason Completed', () => {
    const c = cluster(1);
    c.faults.crashes.push({ match: (x) => x.metadata.name === 'job', afterMs: 1000, exitCode: 0, count: new Map() });
    step(c, [create('pods', pod('job', { restartPolicy: 'Never' }))], 60_000);
    const [p] = pods(c, 'job');
    expect(p.status.phase).toBe('Succeeded');
    expect(p.status.containerStatuses[0].state.terminated.reason).toBe('Completed');
    const byType = Object.fromEntries((p.status.conditions as any[]).map((x) => [x.type, x]));
    expect([byType.Ready.status, byType.Ready.reason, byType.Ready.message]).toEqual(['False', 'PodCompleted', undefined]);
    expect([byType.ContainersReady.status, byType.ContainersReady.reason]).toEqual(['False', 'PodCompleted']);
  });

  it('§4 terminated reasons: Error for a non-zero exit, 137 included (OOMKilled only when the OOM killer ended it: issue 11 fix 7); phase Failed with restartPolicy Never', () => {
    for (const [code, reason] of [[1, 'Error'], [137, 'Error']] as const) {
      const c = cluster(1);
      c.faults.crashes.push({ match: (x) => x.metadata.name === 'job', afterMs: 1000, exitCode: code, count: new Map() });
      step(c, [create('pods', pod('job', { restartPolicy: 'Never' }))], 60_000);
      const [p] = pods(c, 'job');
      expect(p.status.phase).toBe('Failed');
      expect(p.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: code, reason });
    }
  });

  it('§4 the kubelet keeps conditions it does not own (DisruptionTarget) first', () => {
    const c = cluster(1);
    step(c, [create('pods', pod('p'))], 20_000);
    const dt = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: c.env.timestamp(), reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' };
    const [before] = pods(c, 'p');
    step(c, [{ verb: 'status', resource: 'pods', namespace: 'default', name: 'p', body: { status: { conditions: [dt, ...before.status.conditions] } } }], 1_000);
    // A later kubelet status write (its node comes back and reports every pod again) keeps it.
    const writes = () => c.env.rec.trace.messages.filter((m) => m.from === 'kubelet@worker-1' && m.verb === 'status' && m.target === 'pod/p').length;
    const before2 = writes();
    step(c, () => c.failNode('worker-1'), 1_000);
    step(c, () => c.restoreNode('worker-1'), 5_000);
    expect(writes()).toBeGreaterThan(before2);
    const [p] = pods(c, 'p');
    expect((p.status.conditions as any[]).map((x) => x.type)).toEqual(['DisruptionTarget', 'PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  });
});
