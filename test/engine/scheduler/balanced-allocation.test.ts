import { describe, expect, it } from 'vitest';
import * as balanced from '../../../src/engine/scheduler/plugins/balanced-allocation.js';
import { cluster, node, pod, scoreAll } from './helpers.js';

describe('NodeResourcesBalancedAllocation', () => {
  it.each([
    { name: 'equal fractions', pod: pod('p', { cpu: '1', memory: '2Gi' }), existing: [], want: 100 },
    { name: 'cpu-heavy', pod: pod('p', { cpu: '2', memory: '1Gi' }), existing: [], want: 81 },
    { name: 'existing pods count', pod: pod('p', { cpu: '1', memory: '1Gi' }), existing: [pod('e', { memory: '3Gi' })], want: 87 },
    { name: 'fractions are capped at 1', pod: pod('p', { cpu: '8', memory: '8Gi' }), existing: [], want: 100 },
  ])('$name', ({ pod: p, existing, want }) => {
    const { handle } = cluster([node('n1')], existing.map((e) => ['n1', e]));
    expect(scoreAll(balanced.create(), p, handle).n1).toBe(want);
  });

  it('does not score a best-effort pod (PreScore Skip, kubernetes#129138): every node gets 0', () => {
    const { handle } = cluster([node('n1'), node('n2')], [['n1', pod('e', { cpu: '3' })]]);
    expect(scoreAll(balanced.create(), pod('p'), handle)).toEqual({ n1: 0, n2: 0 });
    // The same pod with a request is scored: n1 is unbalanced after it.
    expect(scoreAll(balanced.create(), pod('p', { memory: '1Gi' }), handle)).toEqual({ n1: 68, n2: 93 });
  });
});
