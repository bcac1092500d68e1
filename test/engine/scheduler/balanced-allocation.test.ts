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
});
