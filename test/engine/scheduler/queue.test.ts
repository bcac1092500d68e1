import { describe, expect, it } from 'vitest';
import { podMatchesEvent, POD_MAX_IN_UNSCHEDULABLE_MS, SchedulingQueue, type ClusterEvent } from '../../../src/engine/scheduler/queue.js';
import { podInfo } from '../../../src/engine/scheduler/framework/types.js';
import * as prioritySort from '../../../src/engine/scheduler/plugins/priority-sort.js';
import { Cluster } from '../../../src/engine/cluster.js';
import { pod } from './helpers.js';

const sort = prioritySort.create();
const q = (name: string, priority = 0, t = 0) => ({ info: podInfo(pod(name, { priority }), t), attempts: 0 });

describe('SchedulingQueue', () => {
  it('pops by priority, then by arrival', () => {
    const queue = new SchedulingQueue((a, b) => sort.less(a, b));
    for (const p of [q('a', 0, 1), q('b', 10, 2), q('c', 0, 1), q('d', 10, 2)]) queue.add(p);
    expect([...Array(4)].map(() => queue.pop()!.info.pod.metadata.name)).toEqual(['b', 'd', 'a', 'c']);
    expect(queue.pop()).toBeUndefined();
  });

  it('a pod that failed queues behind equal-priority pods that arrived before its failure (Timestamp refreshed)', () => {
    const queue = new SchedulingQueue((a, b) => sort.less(a, b));
    const a = q('a', 0, 0);
    queue.add(q('b', 0, 5));
    queue.markUnschedulable(a, 10);
    queue.moveAllToActiveOrBackoff(20);
    queue.backoffDone('default/a');
    queue.add(q('c', 0, 15));
    expect([...Array(3)].map(() => queue.pop()!.info.pod.metadata.name)).toEqual(['b', 'a', 'c']);
  });

  it('pops from backoffQ, earliest back-off end first, only when activeQ is empty (SchedulerPopFromBackoffQ)', () => {
    const queue = new SchedulingQueue((a, b) => sort.less(a, b));
    queue.markUnschedulable({ ...q('late'), attempts: 4 }, 0);
    queue.markUnschedulable({ ...q('soon'), attempts: 1 }, 0);
    queue.moveAllToActiveOrBackoff(100);
    queue.add(q('fresh'));
    expect(queue.pendingCount).toBe(3);
    expect([...Array(3)].map(() => queue.pop()!.info.pod.metadata.name)).toEqual(['fresh', 'soon', 'late']);
    expect(queue.backoffDone('default/soon')).toBe(false);
  });

  it('removes pods wherever they wait', () => {
    const queue = new SchedulingQueue((a, b) => sort.less(a, b));
    queue.add(q('a'));
    queue.add(q('b'));
    queue.remove('default/a');
    expect(queue.activeCount).toBe(1);
    expect(queue.pop()!.info.key).toBe('default/b');
  });

  it.each([
    { attempts: 1, want: 1000 },
    { attempts: 2, want: 2000 },
    { attempts: 4, want: 8000 },
    { attempts: 5, want: 10000 },
    { attempts: 9, want: 10000 },
  ])('back-off after $attempts attempts is $want ms', ({ attempts, want }) => {
    expect(SchedulingQueue.backoff(attempts)).toBe(want);
  });

  it('moves unschedulable pods out with what is left of their back-off', () => {
    const queue = new SchedulingQueue((a, b) => sort.less(a, b));
    const a = { ...q('a'), attempts: 3 };
    queue.markUnschedulable(a, 1000);
    const moved = queue.moveAllToActiveOrBackoff(2500);
    expect(moved.map((m) => [m.q.info.key, m.delay])).toEqual([['default/a', 2500]]);
    expect(queue.unschedulableCount()).toBe(0);
    expect(queue.backoffDone('default/a')).toBe(true);
    expect(queue.pop()!.info.key).toBe('default/a');
  });
});

describe('retry on cluster events', () => {
  it('an unschedulable pod is scheduled when a node that fits is added', () => {
    const spec = (name: string, cpu: string) => ({ name, allocatable: { cpu, memory: '8Gi' }, labels: {}, taints: [], images: [], unschedulable: false, notReady: false });
    const c = new Cluster({ seed: 5, nodes: [spec('small', '1')], namespaces: [], priorityClasses: [], users: [] });
    c.start();
    c.settle(60_000);
    c.env.rec.beginStep(1, 'when');
    c.kubectl().request({ verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big' }, spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '2' } } }] } } });
    c.settle(c.env.loop.now + 60_000);
    expect(c.env.rec.trace.events.filter((e) => e.reason === 'FailedScheduling').map((e) => e.message)).toEqual(['0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.']);
    // A second kubelet registers a bigger node: the Node ADDED event moves the pod back.
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'large', labels: { 'kubernetes.io/hostname': 'large' } }, spec: {}, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, capacity: { cpu: '4', memory: '8Gi', pods: '110' } } };
    c.kubectl().request({ verb: 'create', resource: 'nodes', body: node });
    c.settle(c.env.loop.now + 60_000);
    expect((c.server.peek('pods', 'default', 'big') as any).spec.nodeName).toBe('large');
    expect(c.env.rec.trace.events.find((e) => e.reason === 'Scheduled')?.message).toBe('Successfully assigned default/big to large');
  });
});

describe('which cluster events move an unschedulable pod (EventsToRegister of the plugins that rejected it)', () => {
  it.each<{ rejectors: string[]; event: ClusterEvent; want: boolean }>([
    { rejectors: ['NodeResourcesFit'], event: 'AssignedPodDelete', want: true },
    { rejectors: ['NodeResourcesFit'], event: 'AssignedPodAdd', want: false },
    { rejectors: ['NodeResourcesFit'], event: 'NodeLabel', want: false },
    { rejectors: ['NodeResourcesFit'], event: 'NodeAllocatable', want: true },
    { rejectors: ['NodeResourcesFit'], event: 'UnscheduledPodLabel', want: false },
    { rejectors: ['TaintToleration'], event: 'NodeTaint', want: true },
    { rejectors: ['TaintToleration'], event: 'UnscheduledPodToleration', want: true },
    { rejectors: ['TaintToleration'], event: 'AssignedPodDelete', want: false },
    { rejectors: ['NodeUnschedulable'], event: 'NodeTaint', want: true },
    { rejectors: ['NodeAffinity'], event: 'NodeLabel', want: true },
    { rejectors: ['NodeAffinity'], event: 'NodeTaint', want: false },
    { rejectors: ['InterPodAffinity'], event: 'AssignedPodAdd', want: true },
    { rejectors: ['InterPodAffinity'], event: 'UnscheduledPodLabel', want: false },
    { rejectors: ['PodTopologySpread'], event: 'UnscheduledPodLabel', want: true },
    { rejectors: ['PodTopologySpread'], event: 'AssignedPodUpdate', want: true },
    { rejectors: ['NodeAffinity', 'NodeResourcesFit'], event: 'AssignedPodDelete', want: true },
    { rejectors: ['NodeAffinity'], event: 'NodeAdd', want: true },
    { rejectors: [], event: 'AssignedPodAdd', want: true },
  ])('$rejectors on $event: $want', ({ rejectors, event, want }) => {
    expect(podMatchesEvent(new Set(rejectors), event)).toBe(want);
  });

  it('a cluster event moves only the pods it may help', () => {
    const queue = new SchedulingQueue((a, b) => sort.less(a, b));
    queue.markUnschedulable({ ...q('cpu'), attempts: 1, rejectors: new Set(['NodeResourcesFit']) }, 0);
    queue.markUnschedulable({ ...q('taint'), attempts: 1, rejectors: new Set(['TaintToleration']) }, 0);
    expect(queue.moveAllToActiveOrBackoff(5000, 0, 'AssignedPodDelete').map((m) => m.q.info.key)).toEqual(['default/cpu']);
    expect(queue.unschedulableCount()).toBe(1);
  });

  it('the leftover flush moves pods unschedulable for longer than 5 minutes only', () => {
    const queue = new SchedulingQueue((a, b) => sort.less(a, b));
    queue.markUnschedulable({ ...q('old'), attempts: 1, rejectors: new Set(['TaintToleration']) }, 0);
    queue.markUnschedulable({ ...q('new'), attempts: 1, rejectors: new Set(['TaintToleration']) }, 100_000);
    expect(queue.moveAllToActiveOrBackoff(POD_MAX_IN_UNSCHEDULABLE_MS, POD_MAX_IN_UNSCHEDULABLE_MS)).toEqual([]);
    expect(queue.moveAllToActiveOrBackoff(POD_MAX_IN_UNSCHEDULABLE_MS + 1, POD_MAX_IN_UNSCHEDULABLE_MS).map((m) => [m.q.info.key, m.delay])).toEqual([['default/old', 0]]);
  });
});
