import { describe, expect, it } from 'vitest';
import * as nodeName from '../../../src/engine/scheduler/plugins/node-name.js';
import * as nodeUnschedulable from '../../../src/engine/scheduler/plugins/node-unschedulable.js';
import { cluster, filterAll, node, pod } from './helpers.js';

describe('NodeName', () => {
  it.each([
    { name: 'no node name', pod: pod('p'), want: 'Success' },
    { name: 'this node', pod: pod('p', { nodeName: 'n1' }), want: 'Success' },
    { name: 'another node', pod: pod('p', { nodeName: 'n2' }), want: { code: 'UnschedulableAndUnresolvable', reasons: [nodeName.ERR_REASON] } },
  ])('$name', ({ pod: p, want }) => {
    const { handle } = cluster([node('n1')]);
    expect(filterAll(nodeName.create(), p, handle).n1).toEqual(want);
  });
});

describe('NodeUnschedulable', () => {
  const cordoned = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
  it.each([
    { name: 'schedulable node', node: node('n1'), pod: pod('p'), want: 'Success' },
    { name: 'cordoned node', node: node('n1', { unschedulable: true }), pod: pod('p'), want: { code: 'UnschedulableAndUnresolvable', reasons: [nodeUnschedulable.ERR_REASON] } },
    { name: 'cordoned, tolerated', node: node('n1', { unschedulable: true }), pod: pod('p', { tolerations: [{ ...cordoned, operator: 'Exists' }] }), want: 'Success' },
    { name: 'cordoned, tolerate everything', node: node('n1', { unschedulable: true }), pod: pod('p', { tolerations: [{ operator: 'Exists' }] }), want: 'Success' },
  ])('$name', ({ node: n, pod: p, want }) => {
    const { handle } = cluster([n]);
    expect(filterAll(nodeUnschedulable.create(), p, handle).n1).toEqual(want);
  });
});
