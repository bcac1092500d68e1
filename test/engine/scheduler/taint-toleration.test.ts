import { describe, expect, it } from 'vitest';
import * as taintToleration from '../../../src/engine/scheduler/plugins/taint-toleration.js';
import { cluster, filterAll, node, pod, scoreAll } from './helpers.js';

const gpu = { key: 'gpu', value: 'true', effect: 'NoSchedule' };
const untolerated = { code: 'UnschedulableAndUnresolvable', reasons: [taintToleration.ERR_REASON] };

describe('TaintToleration filter', () => {
  it.each([
    { name: 'no taints', taints: [], tolerations: [], want: 'Success' },
    { name: 'NoSchedule not tolerated', taints: [gpu], tolerations: [], want: untolerated },
    { name: 'NoExecute not tolerated', taints: [{ ...gpu, effect: 'NoExecute' }], tolerations: [], want: untolerated },
    { name: 'PreferNoSchedule never filters', taints: [{ ...gpu, effect: 'PreferNoSchedule' }], tolerations: [], want: 'Success' },
    { name: 'Equal with the value', taints: [gpu], tolerations: [{ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }], want: 'Success' },
    { name: 'Equal with another value', taints: [gpu], tolerations: [{ key: 'gpu', operator: 'Equal', value: 'false', effect: 'NoSchedule' }], want: untolerated },
    { name: 'Exists on the key, any effect', taints: [gpu], tolerations: [{ key: 'gpu', operator: 'Exists' }], want: 'Success' },
    { name: 'toleration for another effect', taints: [gpu], tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoExecute' }], want: untolerated },
    { name: 'one of two tolerated', taints: [gpu, { key: 'b', effect: 'NoSchedule' }], tolerations: [{ key: 'gpu', operator: 'Exists' }], want: untolerated },
  ])('$name', ({ taints, tolerations, want }) => {
    const { handle } = cluster([node('n1', { taints })]);
    expect(filterAll(taintToleration.create(), pod('p', { tolerations }), handle).n1).toEqual(want);
  });
});

describe('TaintToleration score (fewer untolerated PreferNoSchedule taints is better)', () => {
  it.each([
    { name: 'no taints anywhere', nodes: [node('a'), node('b')], tolerations: [], want: { a: 100, b: 100 } },
    {
      name: 'one and two PreferNoSchedule taints',
      nodes: [node('a'), node('b', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }), node('c', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }, { key: 'y', effect: 'PreferNoSchedule' }] })],
      tolerations: [],
      want: { a: 100, b: 50, c: 0 },
    },
    {
      name: 'tolerated taints do not count',
      nodes: [node('a'), node('b', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] })],
      tolerations: [{ key: 'x', operator: 'Exists', effect: 'PreferNoSchedule' }],
      want: { a: 100, b: 100 },
    },
  ])('$name', ({ nodes, tolerations, want }) => {
    const { handle } = cluster(nodes);
    expect(scoreAll(taintToleration.create(), pod('p', { tolerations }), handle)).toEqual(want);
  });
});
