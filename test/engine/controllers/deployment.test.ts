/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';
import { cluster, create, deployment, objects, pods, ready, step } from './helpers.js';
import { computeHash, safeEncodeString } from '../../../src/engine/controllers/deployment-util.js';
import type { Cluster } from '../../../src/engine/cluster.js';

const patch = (name: string, body: unknown) => ({ verb: 'patch' as const, resource: 'deployments', namespace: 'default', name, body });
const setImage = (name: string, image: string) => patch(name, { spec: { template: { spec: { containers: [{ name: 'nginx', image, ports: [{ containerPort: 8080 }] }] } } } });

function events(c: Cluster, step?: number) {
  return c.env.rec.trace.events.filter((e) => step === undefined || e.step === step);
}

describe('pod-template-hash', () => {
  it('is SafeEncodeString of the decimal FNV-32a, from the alphabet 456789bcdf', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    const h = computeHash(t);
    expect(h).toMatch(/^[456789bcdf]{1,10}$/);
    expect(computeHash(structuredClone(t))).toBe(h);
    expect(computeHash(t, 1)).not.toBe(h);
    expect(computeHash({ ...t, metadata: { labels: { app: 'web', 'pod-template-hash': 'x' } } })).toBe(h);
  });
});

describe('deployment → ReplicaSet → pods', () => {
  it('creates the ReplicaSet and its pods with real names, owners and Events, and reports status', () => {
    const c = cluster();
    expect(step(c, [create('deployments', deployment('web', 3))])).toBe('settled');
    const [rs] = objects(c, 'replicasets');
    expect(rs.metadata.name).toMatch(/^web-[456789bcdf]{1,10}$/);
    const hash = rs.metadata.name.slice(4);
    expect(rs.metadata.labels['pod-template-hash']).toBe(hash);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.ownerReferences[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true });
    expect(rs.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    const ps = pods(c);
    expect(ps).toHaveLength(3);
    for (const p of ps) {
      expect(p.metadata.name).toMatch(new RegExp(`^${rs.metadata.name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.generateName).toBe(`${rs.metadata.name}-`);
      expect(p.metadata.ownerReferences[0]).toMatchObject({ kind: 'ReplicaSet', name: rs.metadata.name, controller: true });
      expect(p.status.phase).toBe('Running');
      expect(ready(p)).toBe(true);
    }
    const ev = events(c).filter((e) => e.source.endsWith('-controller'));
    expect(ev[0]).toMatchObject({ object: 'deployment/web', type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${rs.metadata.name} from 0 to 3`, source: 'deployment-controller' });
    expect(ev.filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message).sort()).toEqual(ps.map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect(ev.filter((e) => e.reason === 'SuccessfulCreate').every((e) => e.source === 'replicaset-controller' && e.object === `replicaset/${rs.metadata.name}`)).toBe(true);
    const d = objects(c, 'deployments')[0];
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    const conds = Object.fromEntries(d.status.conditions.map((x: any) => [x.type, x]));
    expect(conds.Available).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(conds.Progressing).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.` });
    expect(rs.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  });

  it('creates pods in slow-start batches 1, 2, 4 …', () => {
    const c = cluster();
    step(c, [create('deployments', deployment('web', 7))]);
    const creates = c.env.rec.trace.messages.filter((m) => m.from === 'controller-manager' && m.verb === 'create' && m.target.startsWith('pod/'));
    const byTime = new Map<number, number>();
    for (const m of creates) byTime.set(m.timeMs, (byTime.get(m.timeMs) ?? 0) + 1);
    expect([...byTime.values()]).toEqual([1, 2, 4]);
  });

  it('scales up and down with ScalingReplicaSet and SuccessfulDelete', () => {
    const c = cluster();
    step(c, [create('deployments', deployment('web', 2))]);
    const rs = objects(c, 'replicasets')[0].metadata.name;
    step(c, [patch('web', { spec: { replicas: 5 } })]);
    expect(pods(c).filter((p) => p.status.phase === 'Running')).toHaveLength(5);
    expect(events(c, 2).find((e) => e.reason === 'ScalingReplicaSet')?.message).toBe(`Scaled up replica set ${rs} from 2 to 5`);
    step(c, [patch('web', { spec: { replicas: 1 } })]);
    expect(events(c, 3).find((e) => e.reason === 'ScalingReplicaSet')?.message).toBe(`Scaled down replica set ${rs} from 5 to 1`);
    expect(events(c, 3).filter((e) => e.reason === 'SuccessfulDelete')).toHaveLength(4);
    expect(pods(c)).toHaveLength(1);
    expect(objects(c, 'deployments')[0].status).toMatchObject({ replicas: 1, readyReplicas: 1, observedGeneration: 3 });
  });
});

/** Replay the step's state changes: at every change, the pods and ReplicaSets of the rollout. */
function replay(c: Cluster, stepIndex: number, check: (live: any[], rsSpecSum: number) => void): number {
  const state = new Map<string, any>();
  let checks = 0;
  for (const ch of c.env.rec.trace.changes) {
    if (ch.value) state.set(ch.key, ch.value);
    else state.delete(ch.key);
    if (ch.step !== stepIndex || !/^\/registry\/(pods|replicasets)\//.test(ch.key)) continue;
    const all = [...state.entries()];
    const live = all.filter(([k, v]) => k.startsWith('/registry/pods/default/web-') && !v.metadata.deletionTimestamp).map(([, v]) => v);
    const rsSum = all.filter(([k]) => k.startsWith('/registry/replicasets/default/web-')).reduce((n, [, v]) => n + v.spec.replicas, 0);
    check(live, rsSum);
    checks++;
  }
  return checks;
}

describe('rolling update', () => {
  it.each([
    { replicas: 4, strategy: undefined, surge: 1, unavailable: 1 },
    { replicas: 10, strategy: undefined, surge: 3, unavailable: 2 },
    { replicas: 3, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }, surge: 0, unavailable: 1 },
    { replicas: 3, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }, surge: 1, unavailable: 0 },
  ])('keeps maxSurge $surge / maxUnavailable $unavailable of $replicas at every state change', ({ replicas, strategy, surge, unavailable }) => {
    const c = cluster(4);
    step(c, [create('deployments', deployment('web', replicas, 'nginx:1.27', strategy ? { strategy } : {}))]);
    const oldRs = objects(c, 'replicasets')[0].metadata.name;
    expect(step(c, [setImage('web', 'nginx:1.28')])).toBe('settled');
    const n = replay(c, 2, (live, rsSum) => {
      expect(live.length).toBeLessThanOrEqual(replicas + surge);
      expect(rsSum).toBeLessThanOrEqual(replicas + surge);
      expect(live.filter(ready).length).toBeGreaterThanOrEqual(replicas - unavailable);
    });
    expect(n).toBeGreaterThan(10);
    const rss = objects(c, 'replicasets');
    const next = rss.find((r) => r.metadata.name !== oldRs);
    expect(next.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    expect(rss.find((r) => r.metadata.name === oldRs).spec.replicas).toBe(0);
    expect(pods(c).every((p) => p.metadata.name.startsWith(next.metadata.name) && p.status.phase === 'Running')).toBe(true);
    expect(objects(c, 'deployments')[0].metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('rollout restart (restartedAt annotation) replaces every pod', () => {
    const c = cluster();
    step(c, [create('deployments', deployment('web', 2))]);
    const before = pods(c).map((p) => p.metadata.name);
    step(c, [patch('web', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:01:00Z' } } } } })]);
    const after = pods(c);
    expect(after).toHaveLength(2);
    expect(after.some((p) => before.includes(p.metadata.name))).toBe(false);
    expect(after.every((p) => p.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'])).toBe(true);
    expect(objects(c, 'replicasets')).toHaveLength(2);
  });

  it('Recreate scales the old ReplicaSet to zero and waits for its pods to go', () => {
    const c = cluster();
    step(c, [create('deployments', deployment('web', 2, 'nginx:1.27', { strategy: { type: 'Recreate' } }))]);
    step(c, [setImage('web', 'nginx:1.28')]);
    replay(c, 2, (live) => {
      const images = new Set(live.map((p) => p.spec.containers[0].image));
      expect(images.size).toBeLessThanOrEqual(1);
    });
    expect(pods(c).every((p) => p.spec.containers[0].image === 'nginx:1.28' && p.status.phase === 'Running')).toBe(true);
  });

  it('keeps at most revisionHistoryLimit old ReplicaSets', () => {
    const c = cluster();
    step(c, [create('deployments', deployment('web', 1, 'nginx:1.0', { revisionHistoryLimit: 2 }))]);
    for (let i = 1; i <= 4; i++) step(c, [setImage('web', `nginx:1.${i}`)]);
    const rss = objects(c, 'replicasets');
    expect(rss).toHaveLength(3);
    expect(rss.map((r) => r.metadata.annotations['deployment.kubernetes.io/revision']).sort()).toEqual(['3', '4', '5']);
  });
});
