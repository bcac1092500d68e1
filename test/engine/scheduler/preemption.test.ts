import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../src/engine/cluster.js';
import * as dp from '../../../src/engine/scheduler/plugins/default-preemption.js';
import { pickOneNodeForPreemption, selectVictimsOnNode } from '../../../src/engine/scheduler/plugins/preemption-victims.js';
import { CycleState } from '../../../src/engine/scheduler/framework/interface.js';
import { podInfo } from '../../../src/engine/scheduler/framework/types.js';
import * as fit from '../../../src/engine/scheduler/plugins/node-resources-fit.js';
import { cluster, node, pod } from './helpers.js';

function smallCluster(nodes: string[], cpu = '2') {
  const spec = (name: string) => ({ name, allocatable: { cpu, memory: '8Gi' }, labels: {}, taints: [], images: [], unschedulable: false, notReady: false });
  const c = new Cluster({ seed: 3, nodes: nodes.map(spec), namespaces: [], priorityClasses: [{ name: 'high', value: 1000 }, { name: 'never', value: 1000 }], users: [] });
  c.start();
  c.settle(60_000);
  return c;
}

function create(c: Cluster, name: string, cpu: string, extra: Record<string, unknown> = {}) {
  c.kubectl().request({ verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu } } }], ...extra } } });
}

const stored = (c: Cluster, name: string) => c.server.peek('pods', 'default', name) as any;

describe('DefaultPreemption on a cluster', () => {
  it('evicts the lower-priority pod, then schedules the preemptor on its node', () => {
    const c = smallCluster(['worker-1']);
    create(c, 'low', '1500m');
    c.settle(c.env.loop.now + 60_000);
    c.env.rec.beginStep(1, 'when');
    create(c, 'high', '1500m', { priorityClassName: 'high' });
    c.settle(c.env.loop.now + 300_000);
    const trace = c.env.rec.trace;
    const failed = trace.events.find((e) => e.reason === 'FailedScheduling');
    expect(failed?.message).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    const preempted = trace.events.find((e) => e.reason === 'Preempted');
    expect(preempted).toMatchObject({ object: 'pod/low', type: 'Normal', source: 'default-scheduler' });
    expect(preempted!.message).toMatch(/^Preempted by pod [0-9a-f-]+ on node worker-1$/);
    const disruption = trace.changes.find((ch) => ch.key.endsWith('/low') && (ch.value as any)?.status?.conditions?.some((x: any) => x.type === 'DisruptionTarget'));
    expect((disruption?.value as any).status.conditions.find((x: any) => x.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' });
    expect(trace.changes.some((ch) => ch.key.endsWith('/high') && (ch.value as any)?.status?.nominatedNodeName === 'worker-1')).toBe(true);
    expect(stored(c, 'low')).toBeUndefined();
    expect(stored(c, 'high').spec.nodeName).toBe('worker-1');
    const order = ['Preempted', 'Scheduled'].map((r) => trace.events.findIndex((e) => e.reason === r && (r === 'Preempted' || e.object === 'pod/high')));
    expect(order[0]).toBeLessThan(order[1]!);
  });

  it('keeps the nominated node for the preemptor (lower-priority pods do not take the room)', () => {
    const c = smallCluster(['worker-1']);
    create(c, 'low', '1500m');
    c.settle(c.env.loop.now + 60_000);
    c.env.rec.beginStep(1, 'when');
    create(c, 'high', '1500m', { priorityClassName: 'high' });
    // Right after the victim is gone, while the preemptor still backs off, a fresh pod arrives.
    c.env.loop.runUntil(() => !stored(c, 'low'), c.env.loop.now + 60_000);
    create(c, 'sneaky', '1500m', { priority: 10 });
    c.settle(c.env.loop.now + 300_000);
    expect(stored(c, 'high').spec.nodeName).toBe('worker-1');
    expect(stored(c, 'sneaky').spec.nodeName).toBeUndefined();
  });

  it('does not preempt with preemptionPolicy Never', () => {
    const c = smallCluster(['worker-1']);
    create(c, 'low', '1500m');
    c.settle(c.env.loop.now + 60_000);
    c.env.rec.beginStep(1, 'when');
    create(c, 'high', '1500m', { priority: 1000, preemptionPolicy: 'Never' });
    c.settle(c.env.loop.now + 60_000);
    const failed = c.env.rec.trace.events.find((e) => e.reason === 'FailedScheduling');
    expect(failed?.message).toBe('0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never.');
    expect(stored(c, 'low').metadata.deletionTimestamp).toBeUndefined();
  });

  it('says why preemption cannot help, as a nested FitError', () => {
    const c = smallCluster(['worker-1', 'worker-2']);
    create(c, 'big', '1500m', { nodeName: 'worker-1', priority: 5000 });
    c.settle(c.env.loop.now + 60_000);
    c.env.rec.beginStep(1, 'when');
    create(c, 'p', '1500m', { priority: 100, nodeSelector: { 'kubernetes.io/hostname': 'worker-1' } });
    c.settle(c.env.loop.now + 60_000);
    const failed = c.env.rec.trace.events.find((e) => e.reason === 'FailedScheduling');
    expect(failed?.message).toBe(
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    );
  });
});

describe('choosing victims and nodes', () => {
  const withFit = (nodes: ReturnType<typeof node>[], placed: [string, ReturnType<typeof pod>][]) => {
    const c = cluster(nodes, placed);
    const f = fit.create();
    c.handle.runFilterPlugins = (s, p, n) => f.filter(s, p, n);
    return c;
  };

  it('keeps the most important pods that can stay (reprieve)', () => {
    const { handle } = withFit([node('n1', { cpu: '4' })], [['n1', pod('a', { cpu: '1', priority: 10 })], ['n1', pod('b', { cpu: '1', priority: 5 })], ['n1', pod('c', { cpu: '2', priority: 1 })]]);
    const r = selectVictimsOnNode(handle, new CycleState(), podInfo(pod('p', { cpu: '2', priority: 100 })), handle.node('n1')!.clone());
    expect('victims' in r && r.victims.map((v) => v.key)).toEqual(['default/c']);
  });

  it('finds no victims when nothing has lower priority', () => {
    const { handle } = withFit([node('n1', { cpu: '1' })], [['n1', pod('a', { cpu: '1', priority: 100 })]]);
    const r = selectVictimsOnNode(handle, new CycleState(), podInfo(pod('p', { cpu: '1', priority: 100 })), handle.node('n1')!.clone());
    expect(r).toEqual({ status: { code: 'UnschedulableAndUnresolvable', reasons: [dp.ERR_NO_VICTIMS] } });
  });

  const v = (name: string, priority: number, startTime?: string) => podInfo(pod(name, { priority, startTime }));
  it.each([
    { name: 'lowest highest-priority victim', candidates: [{ node: 'x', victims: [v('a', 50)] }, { node: 'y', victims: [v('b', 10)] }], want: 'y' },
    { name: 'smallest sum of priorities', candidates: [{ node: 'x', victims: [v('a', 10), v('b', 5)] }, { node: 'y', victims: [v('c', 10), v('d', 1)] }], want: 'y' },
    { name: 'fewest victims', candidates: [{ node: 'x', victims: [v('a', 10), v('b', 0)] }, { node: 'y', victims: [v('c', 10)] }], want: 'y' },
    { name: 'latest start of the top victims', candidates: [{ node: 'x', victims: [v('a', 10, '2026-01-01T00:00:10Z')] }, { node: 'y', victims: [v('c', 10, '2026-01-01T00:01:00Z')] }], want: 'y' },
    { name: 'then the first', candidates: [{ node: 'x', victims: [v('a', 10)] }, { node: 'y', victims: [v('c', 10)] }], want: 'x' },
  ])('$name', ({ candidates, want }) => {
    expect(pickOneNodeForPreemption(candidates.map((c) => ({ ...c, numPDBViolations: 0 })))?.node).toBe(want);
  });
});

describe('after choosing a node (prepareCandidate)', () => {
  it('clears the nomination of lower-priority pods nominated to that node, and no other', () => {
    const c = cluster([node('n1', { cpu: '2' })], [['n1', pod('victim', { cpu: '2', priority: 1 })]]);
    const f = fit.create();
    c.handle.runFilterPlugins = (s, p, n) => f.filter(s, p, n);
    const requests: { name: string; label?: string; body?: unknown }[] = [];
    (c.handle as any).client = { request: (r: any, cb?: () => void) => { requests.push({ name: r.name, label: r.label, body: r.body }); cb?.(); }, event: () => undefined };
    c.handle.nominatedPodsForNode = () => [podInfo(pod('waiting-low', { priority: 5 })), podInfo(pod('waiting-high', { priority: 500 }))];
    const preemptor = podInfo(pod('p', { cpu: '2', priority: 100 }));
    const r = dp.create(undefined, c.handle).postFilter(new CycleState(), preemptor, new Map([['n1', { code: 'Unschedulable', reasons: ['Insufficient cpu'] }]]));
    expect(r.nominatedNode).toBe('n1');
    const cleared = requests.filter((x) => x.label?.endsWith('nominatedNodeName=null'));
    expect(cleared.map((x) => [x.name, x.body])).toEqual([['waiting-low', { status: { nominatedNodeName: null } }]]);
  });
});

describe('PodEligibleToPreemptOthers (K8S-FACTS §1)', () => {
  const terminatingVictim = pod('victim', { cpu: '2', priority: 1, deleting: true, status: { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }] } });
  it.each([
    { name: 'a victim still terminating on the nominated node', nominated: 'n1', code: 'Unschedulable', want: 'preemption: not eligible due to a terminating pod on the nominated node.' },
    { name: 'the nominated node now unresolvable: eligible again', nominated: 'n1', code: 'UnschedulableAndUnresolvable', want: 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.' },
  ])('$name', ({ nominated, code, want }) => {
    const c = cluster([node('n1', { cpu: '2' })], [['n1', terminatingVictim]]);
    const preemptor = podInfo(pod('p', { cpu: '2', priority: 100, status: { nominatedNodeName: nominated } }));
    const r = dp.create(undefined, c.handle).postFilter(new CycleState(), preemptor, new Map([['n1', { code: code as 'Unschedulable', reasons: ['x'] }]]));
    expect(r.status.reasons).toEqual([want]);
  });
});
