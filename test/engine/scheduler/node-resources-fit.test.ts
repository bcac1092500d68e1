import { describe, expect, it } from 'vitest';
import * as fit from '../../../src/engine/scheduler/plugins/node-resources-fit.js';
import { cluster, filterAll, node, pod, scoreAll } from './helpers.js';
import { podInfo } from '../../../src/engine/scheduler/framework/types.js';

const insufficient = (...reasons: string[]) => ({ code: 'Unschedulable', reasons });
/** More than the node has in all: preemption cannot help (fit.go InsufficientResource.Unresolvable). */
const neverFits = (...reasons: string[]) => ({ code: 'UnschedulableAndUnresolvable', reasons });

describe('NodeResourcesFit filter', () => {
  it.each([
    { name: 'fits an empty node', pod: pod('p', { cpu: '1', memory: '1Gi' }), existing: [], want: 'Success' },
    { name: 'fits exactly', pod: pod('p', { cpu: '2', memory: '4Gi' }), existing: [pod('e', { cpu: '2', memory: '4Gi' })], want: 'Success' },
    { name: 'too much cpu', pod: pod('p', { cpu: '3' }), existing: [pod('e', { cpu: '2' })], want: insufficient('Insufficient cpu') },
    { name: 'too much memory', pod: pod('p', { memory: '5Gi' }), existing: [pod('e', { memory: '4Gi' })], want: insufficient('Insufficient memory') },
    { name: 'both, in this order', pod: pod('p', { cpu: '3', memory: '5Gi' }), existing: [pod('e', { cpu: '2', memory: '4Gi' })], want: insufficient('Insufficient cpu', 'Insufficient memory') },
    { name: 'more cpu than the node has in all is unresolvable', pod: pod('p', { cpu: '5' }), existing: [], want: neverFits('Insufficient cpu') },
    { name: 'more memory than the node has in all is unresolvable', pod: pod('p', { memory: '9Gi' }), existing: [pod('e', { memory: '1Gi' })], want: neverFits('Insufficient memory') },
    { name: 'one resource over the whole node makes every reason unresolvable', pod: pod('p', { cpu: '3', memory: '9Gi' }), existing: [pod('e', { cpu: '2' })], want: neverFits('Insufficient cpu', 'Insufficient memory') },
    { name: 'exactly the whole node is resolvable', pod: pod('p', { cpu: '4' }), existing: [pod('e', { cpu: '1' })], want: insufficient('Insufficient cpu') },
    { name: 'a pod asking nothing fits a full node', pod: pod('p'), existing: [pod('e', { cpu: '4', memory: '8Gi' })], want: 'Success' },
  ])('$name', ({ pod: p, existing, want }) => {
    const { handle } = cluster([node('n1')], existing.map((e) => ['n1', e]));
    expect(filterAll(fit.create(), p, handle).n1).toEqual(want);
  });

  it('counts pods against the pods allocatable', () => {
    const { handle } = cluster([node('n1', { pods: '2' })], [['n1', pod('a')], ['n1', pod('b')]]);
    expect(filterAll(fit.create(), pod('p'), handle).n1).toEqual(insufficient(fit.ERR_REASON_TOO_MANY_PODS));
  });

  it('checks extended resources', () => {
    const gpuPod = pod('p');
    (gpuPod as any).spec.containers[0].resources = { requests: { 'nvidia.com/gpu': '2' } };
    const { handle } = cluster([node('n1', { extra: { 'nvidia.com/gpu': '1' } }), node('n2', { extra: { 'nvidia.com/gpu': '8' } })]);
    expect(filterAll(fit.create(), gpuPod, handle)).toEqual({ n1: neverFits('Insufficient nvidia.com/gpu'), n2: 'Success' });
  });
});

describe('NodeResourcesFit score', () => {
  it.each([
    { name: 'LeastAllocated', strategy: undefined, pod: pod('p', { cpu: '1', memory: '2Gi' }), want: 75 },
    { name: 'MostAllocated', strategy: { type: 'MostAllocated' }, pod: pod('p', { cpu: '1', memory: '2Gi' }), want: 25 },
    { name: 'MostAllocated over capacity counts as full', strategy: { type: 'MostAllocated' }, pod: pod('p', { cpu: '8', memory: '16Gi' }), want: 100 },
    { name: 'RequestedToCapacityRatio, default shape', strategy: { type: 'RequestedToCapacityRatio' }, pod: pod('p', { cpu: '1', memory: '2Gi' }), want: 75 },
    {
      name: 'RequestedToCapacityRatio, bin packing shape',
      strategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] } },
      pod: pod('p', { cpu: '1', memory: '2Gi' }),
      want: 25,
    },
    { name: 'a pod asking nothing is scored with the defaults (100m, 200Mi)', strategy: undefined, pod: pod('p'), want: 97 },
    {
      name: 'resource weights',
      strategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 3 }, { name: 'memory', weight: 1 }] },
      pod: pod('p', { cpu: '1', memory: '1Gi' }),
      existing: [pod('e', { cpu: '1', memory: '1Gi' })],
      want: 56,
    },
  ])('$name', ({ strategy, pod: p, existing, want }) => {
    const { handle } = cluster([node('n1')], (existing ?? []).map((e) => ['n1', e]));
    expect(scoreAll(fit.create(strategy ? { scoringStrategy: strategy } : undefined), p, handle).n1).toBe(want);
  });

  it('an extended resource the pod does not ask for is not scored (calculateResourceAllocatableRequest)', () => {
    const strategy = { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'nvidia.com/gpu', weight: 1 }] };
    const { handle } = cluster([node('n1', { extra: { 'nvidia.com/gpu': '8' } })]);
    // cpu alone: (4000 − 1000) × 100 / 4000 = 75; the gpu (0 of 8 used) would have added 100.
    expect(scoreAll(fit.create({ scoringStrategy: strategy }), pod('p', { cpu: '1' }), handle).n1).toBe(75);
  });

  it.each([
    { utilization: 0, want: 0 },
    { utilization: 50, want: 20 },
    { utilization: 75, want: 60 },
    { utilization: 100, want: 100 },
  ])('a broken linear shape at $utilization %', ({ utilization, want }) => {
    expect(fit.shapeScore([{ utilization: 0, score: 0 }, { utilization: 50, score: 2 }, { utilization: 100, score: 10 }], utilization)).toBe(want);
  });
});

describe('the pod requests NodeResourcesFit sees (resourcehelper.PodRequests)', () => {
  const withInit = (init: { cpu: string; sidecar?: boolean }[], cpu = '1', overhead?: string) => {
    const p = pod('p', { cpu });
    (p as any).spec.initContainers = init.map((c, i) => ({ name: `i${i}`, image: 'busybox', resources: { requests: { cpu: c.cpu } }, ...(c.sidecar ? { restartPolicy: 'Always' } : {}) }));
    if (overhead) (p as any).spec.overhead = { cpu: overhead };
    return podInfo(p);
  };
  it.each([
    { name: 'containers only', init: [], want: 1000 },
    { name: 'a bigger init container wins', init: [{ cpu: '3' }], want: 3000 },
    { name: 'a smaller init container does not count', init: [{ cpu: '500m' }], want: 1000 },
    { name: 'a sidecar adds to the containers', init: [{ cpu: '500m', sidecar: true }], want: 1500 },
    { name: 'an init container after a sidecar runs beside it', init: [{ cpu: '1', sidecar: true }, { cpu: '2500m' }], want: 3500 },
    { name: 'overhead is added', init: [], overhead: '250m', want: 1250 },
  ])('$name: $want m', ({ init, overhead, want }) => {
    expect(withInit(init, '1', overhead).requests.milliCpu).toBe(want);
  });

  it('scoring defaults apply per container, sidecars included (100m each)', () => {
    const p = pod('p');
    (p as any).spec.initContainers = [{ name: 's', image: 'busybox', restartPolicy: 'Always' }];
    expect(podInfo(p).nonZeroCpu).toBe(200);
  });
});
