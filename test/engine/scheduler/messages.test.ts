import { describe, expect, it } from 'vitest';
import { fitErrorMessage, numFeasibleNodesToFind, truncateMessage } from '../../../src/engine/scheduler/messages.js';
import type { Status } from '../../../src/engine/scheduler/framework/interface.js';

const st = (code: Status['code'], ...reasons: string[]): Status => ({ code, reasons });

describe('numFeasibleNodesToFind', () => {
  it.each([
    { name: 'under 100 nodes: all', pct: 0, nodes: 99, want: 99 },
    { name: 'adaptive at 100 nodes: 50 %, but at least 100', pct: 0, nodes: 100, want: 100 },
    { name: 'adaptive at 1000 nodes: 42 %', pct: 0, nodes: 1000, want: 420 },
    { name: 'adaptive at 5000 nodes: 10 %', pct: 0, nodes: 5000, want: 500 },
    { name: 'adaptive floor of 5 % at 6000 nodes', pct: 0, nodes: 6000, want: 300 },
    { name: 'adaptive at 20000 nodes: 5 %', pct: 0, nodes: 20000, want: 1000 },
    { name: 'configured 50 %', pct: 50, nodes: 1000, want: 500 },
    { name: 'configured 1 %, at least 100', pct: 1, nodes: 1000, want: 100 },
    { name: 'configured 100 %', pct: 100, nodes: 1000, want: 1000 },
  ])('$name', ({ pct, nodes, want }) => {
    expect(numFeasibleNodesToFind(pct, nodes, true)).toBe(want);
  });

  it('one node is enough without score plugins', () => {
    expect(numFeasibleNodesToFind(0, 5000, false)).toBe(1);
  });
});

describe('fitErrorMessage', () => {
  it.each([
    {
      name: 'reasons counted and sorted as strings, count included',
      failed: [st('Unschedulable', 'Insufficient cpu'), st('Unschedulable', 'Insufficient cpu', 'Insufficient memory'), st('UnschedulableAndUnresolvable', "node(s) didn't match Pod's node affinity/selector")],
      want: "0/3 nodes are available: 1 Insufficient memory, 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu.",
    },
    {
      name: 'ten sorts before two',
      failed: [...Array(10)].map(() => st('Unschedulable', 'Insufficient cpu')).concat([st('UnschedulableAndUnresolvable', 'node(s) had untolerated taint(s)'), st('UnschedulableAndUnresolvable', 'node(s) had untolerated taint(s)')]),
      want: '0/12 nodes are available: 10 Insufficient cpu, 2 node(s) had untolerated taint(s).',
    },
  ])('$name', ({ failed, want }) => {
    expect(fitErrorMessage(failed.length, new Map(failed.map((s, i) => [`n${i}`, s])))).toBe(want);
  });

  it('no failed node adds no empty list', () => {
    expect(fitErrorMessage(0, new Map())).toBe('0/0 nodes are available:');
  });

  it('a PreFilter rejection replaces the histogram', () => {
    expect(fitErrorMessage(3, new Map(), 'persistentvolumeclaim "data" not found')).toBe('0/3 nodes are available: persistentvolumeclaim "data" not found.');
  });

  it('the preemption suffix follows after one space, without a second period', () => {
    const failed = new Map([['a', st('Unschedulable', 'Insufficient cpu')]]);
    const nested = fitErrorMessage(1, new Map([['a', st('UnschedulableAndUnresolvable', 'No preemption victims found for incoming pod')]]));
    expect(fitErrorMessage(1, failed, undefined, `preemption: ${nested}`)).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });
});

describe('truncateMessage (K8S-FACTS §1: cut at NoteLengthLimit, ending with " ...")', () => {
  it.each([
    { name: 'short messages stay', len: 50, wantLen: 50, ends: 'x' },
    { name: 'exactly 1024 stays', len: 1024, wantLen: 1024, ends: 'x' },
    { name: 'longer ones are cut to 1024', len: 1500, wantLen: 1024, ends: 'x ...' },
  ])('$name', ({ len, wantLen, ends }) => {
    const out = truncateMessage('x'.repeat(len));
    expect(out).toHaveLength(wantLen);
    expect(out.endsWith(ends)).toBe(true);
  });
});
