import { describe, expect, it } from 'vitest';
import * as ipa from '../../../src/engine/scheduler/plugins/inter-pod-affinity.js';
import type { KubeObject } from '../../../src/trace/types.js';
import { cluster, filterAll, node, pod, scoreAll } from './helpers.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const term = (labels: Record<string, string>, topologyKey: string, extra: object = {}) => ({ labelSelector: { matchLabels: labels }, topologyKey, ...extra });
const affinity = (...terms: object[]) => ({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } });
const antiAffinity = (...terms: object[]) => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } });
const prefer = (kind: 'podAffinity' | 'podAntiAffinity', weight: number, t: object) => ({ [kind]: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, podAffinityTerm: t }] } });
const noAffinity = { code: 'UnschedulableAndUnresolvable', reasons: [ipa.ERR_REASON_AFFINITY_RULES_NOT_MATCH] };
const noAnti = { code: 'Unschedulable', reasons: [ipa.ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH] };
const existingAnti = { code: 'Unschedulable', reasons: [ipa.ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH] };
const nodes = () => [node('a', { zone: 'z1' }), node('b', { zone: 'z1' }), node('c', { zone: 'z2' })];
const db = (name = 'db', o: object = {}) => pod(name, { labels: { app: 'db' }, ...o });

describe('InterPodAffinity filter', () => {
  it.each<{ name: string; pod: KubeObject; placed: [string, KubeObject][]; want: Record<string, unknown> }>([
    { name: 'affinity to a zone with a db pod', pod: pod('p', { affinity: affinity(term({ app: 'db' }, ZONE)) }), placed: [['a', db()]], want: { a: 'Success', b: 'Success', c: noAffinity } },
    { name: 'affinity with no matching pod anywhere', pod: pod('p', { affinity: affinity(term({ app: 'db' }, ZONE)) }), placed: [], want: { a: noAffinity, b: noAffinity, c: noAffinity } },
    { name: 'the first of a series with affinity to itself', pod: pod('p', { labels: { app: 'db' }, affinity: affinity(term({ app: 'db' }, ZONE)) }), placed: [], want: { a: 'Success', b: 'Success', c: 'Success' } },
    { name: 'affinity needs the topology label', pod: pod('p', { affinity: affinity(term({ app: 'db' }, 'rack')) }), placed: [['a', db()]], want: { a: noAffinity, b: noAffinity, c: noAffinity } },
    { name: 'anti-affinity per hostname', pod: pod('p', { labels: { app: 'web' }, affinity: antiAffinity(term({ app: 'web' }, HOST)) }), placed: [['a', pod('w', { labels: { app: 'web' } })]], want: { a: noAnti, b: 'Success', c: 'Success' } },
    {
      name: "existing pods' anti-affinity",
      pod: pod('p', { labels: { app: 'web' } }),
      placed: [['a', db('db', { affinity: antiAffinity(term({ app: 'web' }, ZONE)) })]],
      want: { a: existingAnti, b: existingAnti, c: 'Success' },
    },
    { name: 'a term in another namespace does not see default pods', pod: pod('p', { affinity: antiAffinity(term({ app: 'db' }, HOST, { namespaces: ['other'] })) }), placed: [['a', db()]], want: { a: 'Success', b: 'Success', c: 'Success' } },
    { name: 'an empty namespaceSelector means every namespace', pod: pod('p', { ns: 'other', affinity: antiAffinity(term({ app: 'db' }, HOST, { namespaceSelector: {} })) }), placed: [['a', db()]], want: { a: noAnti, b: 'Success', c: 'Success' } },
  ])('$name', ({ pod: p, placed, want }) => {
    const { handle } = cluster(nodes(), placed);
    expect(filterAll(ipa.create(undefined, handle), p, handle)).toEqual(want);
  });
});

describe('InterPodAffinity score', () => {
  it.each<{ name: string; pod: KubeObject; placed: [string, KubeObject][]; want: Record<string, number> }>([
    { name: 'preferred affinity to the db zone', pod: pod('p', { affinity: prefer('podAffinity', 10, term({ app: 'db' }, ZONE)) }), placed: [['a', db()]], want: { a: 100, b: 100, c: 0 } },
    { name: 'preferred anti-affinity away from a web pod', pod: pod('p', { labels: { app: 'web' }, affinity: prefer('podAntiAffinity', 5, term({ app: 'web' }, HOST)) }), placed: [['a', pod('w', { labels: { app: 'web' } })]], want: { a: 0, b: 100, c: 100 } },
    { name: "an existing pod's preferred affinity to the incoming pod", pod: pod('p', { labels: { app: 'web' } }), placed: [['c', db('db', { affinity: prefer('podAffinity', 3, term({ app: 'web' }, ZONE)) })]], want: { a: 0, b: 0, c: 100 } },
    { name: "an existing pod's required affinity weighs 1 (hardPodAffinityWeight)", pod: pod('p', { labels: { app: 'web' } }), placed: [['a', db('db', { affinity: affinity(term({ app: 'web' }, HOST)) })]], want: { a: 100, b: 0, c: 0 } },
    { name: 'nothing to prefer', pod: pod('p'), placed: [['a', db()]], want: { a: 0, b: 0, c: 0 } },
    {
      name: 'normalized in float64 and truncated: 100 × (57 / 100) is 56',
      pod: pod('p', { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 57, podAffinityTerm: term({ app: 'x' }, HOST) }, { weight: 100, podAffinityTerm: term({ app: 'y' }, HOST) }] } } }),
      placed: [['b', pod('x', { labels: { app: 'x' } })], ['c', pod('y', { labels: { app: 'y' } })]],
      want: { a: 0, b: 56, c: 100 },
    },
  ])('$name', ({ pod: p, placed, want }) => {
    const { handle } = cluster(nodes(), placed);
    expect(scoreAll(ipa.create(undefined, handle), p, handle)).toEqual(want);
  });
});
