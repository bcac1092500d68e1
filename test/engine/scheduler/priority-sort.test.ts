import { describe, expect, it } from 'vitest';
import * as prioritySort from '../../../src/engine/scheduler/plugins/priority-sort.js';
import { podInfo } from '../../../src/engine/scheduler/framework/types.js';
import { pod } from './helpers.js';

describe('PrioritySort', () => {
  it.each([
    { name: 'higher priority first', a: { priority: 10, t: 5 }, b: { priority: 1, t: 0 }, want: true },
    { name: 'lower priority later', a: { priority: 1, t: 0 }, b: { priority: 10, t: 5 }, want: false },
    { name: 'equal priority: earlier first', a: { priority: 0, t: 1 }, b: { priority: 0, t: 2 }, want: true },
    { name: 'equal priority and time: not less', a: { priority: 0, t: 1 }, b: { priority: 0, t: 1 }, want: false },
  ])('$name', ({ a, b, want }) => {
    const plugin = prioritySort.create();
    expect(plugin.less(podInfo(pod('a', { priority: a.priority }), a.t), podInfo(pod('b', { priority: b.priority }), b.t))).toBe(want);
  });
});
