import { describe, expect, it } from 'vitest';
import { nodeEventHint, podEventHint, type PodChange } from '../../../src/engine/scheduler/queueing-hints.js';
import { podInfo } from '../../../src/engine/scheduler/framework/types.js';
import type { KubeObject } from '../../../src/trace/types.js';
import { cluster, node as nodeObj, pod, type NodeOpts } from './helpers.js';

const HOST = 'kubernetes.io/hostname';
const term = (labels: Record<string, string>) => ({ labelSelector: { matchLabels: labels }, topologyKey: HOST });
const bound = (name: string, labels: Record<string, string>, ns?: string): KubeObject => pod(name, { labels, nodeName: 'n1', ns });
const pending = (name: string, labels: Record<string, string>): KubeObject => pod(name, { labels });
const { handle } = cluster([]);

describe('InterPodAffinity QueueingHint for pod events (isSchedulableAfterPodChange)', () => {
  const target = podInfo(pod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' })] }, podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'cache' })] } } }));
  it.each<{ name: string; change: PodChange; want: boolean }>([
    { name: 'an added pod matching the affinity', change: { new: bound('db', { app: 'db' }) }, want: true },
    { name: 'an added pod not matching it', change: { new: bound('web', { app: 'web' }) }, want: false },
    { name: 'an added pod matching the anti-affinity', change: { new: bound('cache', { app: 'cache' }) }, want: false },
    { name: 'a deleted pod matching the anti-affinity', change: { old: bound('cache', { app: 'cache' }) }, want: true },
    { name: 'a deleted pod not matching it', change: { old: bound('db', { app: 'db' }) }, want: false },
    { name: 'relabelled to match the affinity', change: { old: bound('x', { app: 'web' }), new: bound('x', { app: 'db' }) }, want: true },
    { name: 'relabelled out of the anti-affinity', change: { old: bound('x', { app: 'cache' }), new: bound('x', { app: 'web' }) }, want: true },
    { name: 'relabelled, nothing gained', change: { old: bound('x', { app: 'web' }), new: bound('x', { app: 'api' }) }, want: false },
    { name: 'an unscheduled pod', change: { new: pending('db', { app: 'db' }) }, want: false },
  ])('$name: $want', ({ change, want }) => {
    expect(podEventHint('InterPodAffinity', target, change, handle)).toBe(want);
  });
});

describe('PodTopologySpread QueueingHint for pod events', () => {
  const spread = [{ maxSkew: 1, topologyKey: HOST, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }];
  const targetPod = pod('p', { labels: { app: 'web' }, spread });
  const target = podInfo(targetPod);
  it.each<{ name: string; change: PodChange; want: boolean }>([
    { name: 'an added pod the selector matches', change: { new: bound('w', { app: 'web' }) }, want: true },
    { name: 'an added pod it does not match', change: { new: bound('d', { app: 'db' }) }, want: false },
    { name: 'a deleted matching pod', change: { old: bound('w', { app: 'web' }) }, want: true },
    { name: 'a pod of another namespace', change: { old: bound('w', { app: 'web' }, 'other') }, want: false },
    { name: 'relabelled into the selector', change: { old: bound('x', { app: 'db' }), new: bound('x', { app: 'web' }) }, want: true },
    { name: 'relabelled, the selector sees no difference', change: { old: bound('x', { app: 'db', v: '1' }), new: bound('x', { app: 'db', v: '2' }) }, want: false },
    { name: 'the pod itself relabelled out of its selector', change: { old: targetPod, new: { ...targetPod, metadata: { ...targetPod.metadata, labels: { app: 'other' } } } }, want: true },
  ])('$name: $want', ({ change, want }) => {
    expect(podEventHint('PodTopologySpread', target, change, handle)).toBe(want);
  });
});

describe('QueueingHints for node events (isSchedulableAfterNodeChange)', () => {
  const n = (name: string, o: NodeOpts = {}) => nodeObj(name, o);
  const big = podInfo(pod('p', { cpu: '3', nodeSelector: { disk: 'ssd' } }));
  it.each<{ name: string; plugin: string; change: PodChange; want: boolean }>([
    { name: 'a node too small for the pod is added', plugin: 'NodeResourcesFit', change: { new: n('a', { cpu: '2' }) }, want: false },
    { name: 'a node that fits is added', plugin: 'NodeResourcesFit', change: { new: n('a', { cpu: '4' }) }, want: true },
    { name: 'allocatable grows to fit', plugin: 'NodeResourcesFit', change: { old: n('a', { cpu: '2' }), new: n('a', { cpu: '4' }) }, want: true },
    { name: 'a node that fits changes without more room', plugin: 'NodeResourcesFit', change: { old: n('a', { cpu: '4' }), new: n('a', { cpu: '4', labels: { x: 'y' } }) }, want: false },
    { name: 'the untolerated taint is removed', plugin: 'TaintToleration', change: { old: n('a', { taints: [{ key: 'k', effect: 'NoSchedule' }] }), new: n('a') }, want: true },
    { name: 'another untolerated taint stays', plugin: 'TaintToleration', change: { old: n('a', { taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'j', effect: 'NoExecute' }] }), new: n('a', { taints: [{ key: 'j', effect: 'NoExecute' }] }) }, want: false },
    { name: 'a PreferNoSchedule taint does not block', plugin: 'TaintToleration', change: { new: n('a', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }) }, want: true },
    { name: 'a node is labelled to match the selector', plugin: 'NodeAffinity', change: { old: n('a'), new: n('a', { labels: { disk: 'ssd' } }) }, want: true },
    { name: 'a node is labelled, still no match', plugin: 'NodeAffinity', change: { old: n('a'), new: n('a', { labels: { disk: 'hdd' } }) }, want: false },
    { name: 'a matching node is added', plugin: 'NodeAffinity', change: { new: n('a', { labels: { disk: 'ssd' } }) }, want: true },
    { name: 'a node is uncordoned', plugin: 'NodeUnschedulable', change: { old: n('a', { unschedulable: true }), new: n('a') }, want: true },
    { name: 'a cordoned node is added', plugin: 'NodeUnschedulable', change: { new: n('a', { unschedulable: true }) }, want: false },
  ])('$plugin: $name: $want', ({ plugin, change, want }) => {
    expect(nodeEventHint(plugin, big, change, handle)).toBe(want);
  });

  it('NodeAffinity: a node the scheduler-enforced affinity does not match helps no pod', () => {
    const args = { NodeAffinity: { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['batch'] }] }] } } } };
    expect(nodeEventHint('NodeAffinity', big, { new: n('a', { labels: { disk: 'ssd' } }) }, handle, args)).toBe(false);
    expect(nodeEventHint('NodeAffinity', big, { new: n('a', { labels: { disk: 'ssd', pool: 'batch' } }) }, handle, args)).toBe(true);
  });
});
