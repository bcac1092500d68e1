import { describe, expect, it } from 'vitest';
import * as nodeAffinity from '../../../src/engine/scheduler/plugins/node-affinity.js';
import { cluster, filterAll, node, pod, scoreAll } from './helpers.js';

const mismatch = { code: 'UnschedulableAndUnresolvable', reasons: [nodeAffinity.ERR_REASON] };
const required = (...terms: any[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
const expr = (key: string, operator: string, values?: string[]) => ({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] });

describe('NodeAffinity filter', () => {
  it.each([
    { name: 'no selector', pod: pod('p'), want: 'Success' },
    { name: 'nodeSelector matches', pod: pod('p', { nodeSelector: { disk: 'ssd' } }), want: 'Success' },
    { name: 'nodeSelector does not match', pod: pod('p', { nodeSelector: { disk: 'hdd' } }), want: mismatch },
    { name: 'In', pod: pod('p', { affinity: required(expr('disk', 'In', ['ssd', 'nvme'])) }), want: 'Success' },
    { name: 'NotIn', pod: pod('p', { affinity: required(expr('disk', 'NotIn', ['ssd'])) }), want: mismatch },
    { name: 'Exists', pod: pod('p', { affinity: required(expr('disk', 'Exists')) }), want: 'Success' },
    { name: 'DoesNotExist', pod: pod('p', { affinity: required(expr('gpu', 'DoesNotExist')) }), want: 'Success' },
    { name: 'Gt', pod: pod('p', { affinity: required(expr('cores', 'Gt', ['8'])) }), want: 'Success' },
    { name: 'Lt', pod: pod('p', { affinity: required(expr('cores', 'Lt', ['8'])) }), want: mismatch },
    { name: 'terms are ORed', pod: pod('p', { affinity: required(expr('disk', 'In', ['hdd']), expr('cores', 'Exists')) }), want: 'Success' },
    { name: 'matchFields on the name', pod: pod('p', { affinity: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }) }), want: 'Success' },
    { name: 'an empty term matches nothing', pod: pod('p', { affinity: required({}) }), want: mismatch },
  ])('$name', ({ pod: p, want }) => {
    const { handle } = cluster([node('n1', { labels: { disk: 'ssd', cores: '16' } })]);
    expect(filterAll(nodeAffinity.create(), p, handle).n1).toEqual(want);
  });
});

describe('NodeAffinity score (preferred terms, normalised to the best node)', () => {
  const preferred = (...prefs: [number, any][]) => ({ nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: prefs.map(([weight, preference]) => ({ weight, preference })) } });
  const nodes = [node('a', { labels: { zone: 'x', disk: 'ssd' } }), node('b', { labels: { zone: 'x' } }), node('c')];
  it.each([
    { name: 'no preferences', pod: pod('p'), want: { a: 0, b: 0, c: 0 } },
    { name: 'one preference', pod: pod('p', { affinity: preferred([5, expr('zone', 'In', ['x'])]) }), want: { a: 100, b: 100, c: 0 } },
    { name: 'weights add up', pod: pod('p', { affinity: preferred([1, expr('zone', 'In', ['x'])], [3, expr('disk', 'In', ['ssd'])]) }), want: { a: 100, b: 25, c: 0 } },
  ])('$name', ({ pod: p, want }) => {
    const { handle } = cluster(nodes);
    expect(scoreAll(nodeAffinity.create(), p, handle)).toEqual(want);
  });
});

describe('NodeAffinityArgs.addedAffinity (scheduler-enforced node affinity)', () => {
  const args = {
    addedAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [expr('pool', 'In', ['batch'])] },
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: expr('disk', 'In', ['ssd']) }],
    },
  };
  const nodes = [node('a', { labels: { pool: 'batch', disk: 'ssd' } }), node('b', { labels: { pool: 'batch' } }), node('c', { labels: { disk: 'ssd' } })];
  const enforced = { code: 'UnschedulableAndUnresolvable', reasons: [nodeAffinity.ERR_REASON_ENFORCED] };
  it.each([
    { name: 'a pod without affinity must match the added terms', pod: pod('p'), want: { a: 'Success', b: 'Success', c: enforced } },
    { name: 'the added terms are checked before the pod own', pod: pod('p', { nodeSelector: { disk: 'ssd' } }), want: { a: 'Success', b: mismatch, c: enforced } },
  ])('$name', ({ pod: p, want }) => {
    const { handle } = cluster(nodes);
    expect(filterAll(nodeAffinity.create(args), p, handle)).toEqual(want);
  });

  it('the added preferred terms score every pod', () => {
    const { handle } = cluster(nodes);
    expect(scoreAll(nodeAffinity.create(args), pod('p'), handle)).toEqual({ a: 100, b: 0, c: 100 });
  });
});
