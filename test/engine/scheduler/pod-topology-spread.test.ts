import { describe, expect, it } from 'vitest';
import * as pts from '../../../src/engine/scheduler/plugins/pod-topology-spread.js';
import type { KubeObject } from '../../../src/trace/types.js';
import { cluster, filterAll, node, pod, scoreAll } from './helpers.js';

const web = { app: 'web' };
const spread = (topologyKey: string, maxSkew = 1, extra: object = {}) => ({ maxSkew, topologyKey, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: web }, ...extra });
const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const skewed = { code: 'Unschedulable', reasons: [pts.ERR_REASON_CONSTRAINTS_NOT_MATCH] };
const noLabel = { code: 'UnschedulableAndUnresolvable', reasons: [pts.ERR_REASON_NODE_LABEL_NOT_MATCH] };
const nodes = () => [node('a', { zone: 'z1' }), node('b', { zone: 'z1' }), node('c', { zone: 'z2' }), node('d')];

describe('PodTopologySpread filter (DoNotSchedule)', () => {
  it.each<{ name: string; pod: KubeObject; placed: [string, KubeObject][]; want: Record<string, unknown> }>([
    {
      name: 'zone skew: the emptier zone only',
      pod: pod('p', { labels: web, spread: [spread(ZONE)] }),
      placed: [['a', pod('e1', { labels: web })], ['a', pod('e2', { labels: web })]],
      want: { a: skewed, b: skewed, c: 'Success', d: noLabel },
    },
    {
      name: 'a pod its selector does not match does not count itself',
      pod: pod('p', { labels: { app: 'other' }, spread: [spread(ZONE)] }),
      placed: [['a', pod('e1', { labels: web })]],
      want: { a: 'Success', b: 'Success', c: 'Success', d: noLabel },
    },
    {
      name: 'a larger maxSkew allows it',
      pod: pod('p', { labels: web, spread: [spread(ZONE, 3)] }),
      placed: [['a', pod('e1', { labels: web })], ['a', pod('e2', { labels: web })]],
      want: { a: 'Success', b: 'Success', c: 'Success', d: noLabel },
    },
    {
      name: 'minDomains above the domains found makes the minimum 0',
      pod: pod('p', { labels: web, spread: [spread(ZONE, 1, { minDomains: 3 })] }),
      placed: [['a', pod('e1', { labels: web })], ['c', pod('e2', { labels: web })]],
      want: { a: skewed, b: skewed, c: skewed, d: noLabel },
    },
    {
      name: 'hostname spread',
      pod: pod('p', { labels: web, spread: [spread(HOST)] }),
      placed: [['a', pod('e1', { labels: web })]],
      want: { a: skewed, b: 'Success', c: 'Success', d: 'Success' },
    },
    {
      name: 'pods of other namespaces and terminating pods do not count',
      pod: pod('p', { labels: web, spread: [spread(HOST)] }),
      placed: [['a', pod('e1', { labels: web, ns: 'other' })], ['a', pod('e2', { labels: web, deleting: true })]],
      want: { a: 'Success', b: 'Success', c: 'Success', d: 'Success' },
    },
    {
      name: 'nodeAffinityPolicy Honor: only the domains the pod may go to count',
      pod: pod('p', { labels: web, nodeSelector: { [ZONE]: 'z1' }, spread: [spread(HOST)] }),
      placed: [['a', pod('e1', { labels: web })], ['b', pod('e2', { labels: web })]],
      want: { a: 'Success', b: 'Success', c: 'Success', d: 'Success' },
    },
    {
      name: 'a constraint without labelSelector counts no pod but still needs its key (labels.Nothing())',
      pod: pod('p', { labels: web, spread: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule' }] }),
      placed: [['a', pod('e1', { labels: web })], ['a', pod('e2', { labels: web })]],
      want: { a: 'Success', b: 'Success', c: 'Success', d: noLabel },
    },
    {
      name: 'an empty labelSelector counts no existing pod, only the pod itself (countPodsMatchSelector)',
      pod: pod('p', { labels: web, spread: [spread(HOST, 1, { labelSelector: {} })] }),
      placed: [['a', pod('e1', { labels: web })], ['a', pod('e2', { labels: web })]],
      want: { a: 'Success', b: 'Success', c: 'Success', d: 'Success' },
    },
    {
      name: 'ScheduleAnyway never filters',
      pod: pod('p', { labels: web, spread: [{ ...spread(ZONE), whenUnsatisfiable: 'ScheduleAnyway' }] }),
      placed: [['a', pod('e1', { labels: web })], ['a', pod('e2', { labels: web })]],
      want: { a: 'Success', b: 'Success', c: 'Success', d: 'Success' },
    },
  ])('$name', ({ pod: p, placed, want }) => {
    const { handle } = cluster(nodes(), placed);
    expect(filterAll(pts.create(undefined, handle), p, handle)).toEqual(want);
  });
});

describe('PodTopologySpread score', () => {
  const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-abc', namespace: 'default' }, spec: { selector: { matchLabels: web } } };
  const three = () => [node('a', { zone: 'z1' }), node('b', { zone: 'z1' }), node('c', { zone: 'z2' })];
  const placed: [string, KubeObject][] = [['a', pod('e1', { labels: web })], ['a', pod('e2', { labels: web })], ['b', pod('e3', { labels: web })]];
  it.each<{ name: string; pod: KubeObject; objects: KubeObject[]; want: Record<string, number> }>([
    {
      name: 'system defaults for a ReplicaSet pod (hostname maxSkew 3, zone maxSkew 5)',
      pod: pod('p', { labels: web, owner: { kind: 'ReplicaSet', name: 'web-abc' } }),
      objects: [rs],
      want: { a: 46, b: 53, c: 100 },
    },
    {
      name: 'system defaults from a Service selecting the pod',
      pod: pod('p', { labels: web }),
      objects: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: web } }],
      want: { a: 46, b: 53, c: 100 },
    },
    { name: 'no owner, no service: no constraints', pod: pod('p', { labels: web }), objects: [], want: { a: 0, b: 0, c: 0 } },
    {
      name: 'the pod own ScheduleAnyway constraint',
      pod: pod('p', { labels: web, spread: [{ ...spread(ZONE), whenUnsatisfiable: 'ScheduleAnyway' }] }),
      objects: [],
      want: { a: 0, b: 0, c: 100 },
    },
  ])('$name', ({ pod: p, objects, want }) => {
    const { handle } = cluster(three(), placed, objects);
    expect(scoreAll(pts.create(undefined, handle), p, handle)).toEqual(want);
  });

  it('system defaults: a node without a zone adds the domain "" to the zone weight (log(3 + 2)), but gets no zone score', () => {
    const { handle } = cluster([...three(), node('d')], [...placed, ['d', pod('e4', { labels: web })]], [rs]);
    const p = pod('p', { labels: web, owner: { kind: 'ReplicaSet', name: 'web-abc' } });
    // a: 2·ln 6 + 2 + 3·ln 5 + 4 → 14; b: 1·ln 6 + 2 + 3·ln 5 + 4 → 13; c: 2 + 4 → 6; d: ln 6 + 2 → 4;
    // normalized 100·(14 + 4 − s)/14.
    expect(scoreAll(pts.create(undefined, handle), p, handle)).toEqual({ a: 28, b: 35, c: 85, d: 100 });
  });

  it('ignores nodes without the topology keys of the pod own constraints', () => {
    const { handle } = cluster([node('a', { zone: 'z1' }), node('d')], [['a', pod('e1', { labels: web })]]);
    const p = pod('p', { labels: web, spread: [{ ...spread(ZONE), whenUnsatisfiable: 'ScheduleAnyway' }] });
    expect(scoreAll(pts.create(undefined, handle), p, handle)).toEqual({ a: 100, d: 0 });
  });

  it('keeps counting as pods come and go', () => {
    const { cache, handle } = cluster(three(), placed, [rs]);
    const p = pod('p', { labels: web, owner: { kind: 'ReplicaSet', name: 'web-abc' } });
    scoreAll(pts.create(undefined, handle), p, handle);
    cache.removePod('default/e1');
    cache.removePod('default/e2');
    cache.addPod('c', { ...cache.node('b')!.pods.get('default/e3')!, key: 'default/e4' });
    expect(handle.podCounter('default', { matchLabels: web }).domainCount(ZONE, 'z2')).toBe(1);
    expect(handle.podCounter('default', { matchLabels: web }).domainCount(ZONE, 'z1')).toBe(1);
  });
});
