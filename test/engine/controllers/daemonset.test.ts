/**
 * The DaemonSet controller, ported from pkg/controller/daemon: util/daemonset_util_test.go
 * TestAddOrUpdateDaemonPodTolerations and TestReplaceDaemonSetPodNodeNameNodeAffinity,
 * daemon_controller_test.go TestNodeShouldRunDaemonPod (node selector, untolerated NoSchedule and
 * NoExecute taints, unschedulable nodes), TestSimpleDaemonSetLaunchesPods and
 * TestNewNodeAddedDaemonSetLaunchesPods-like cases in a cluster, and update_test.go
 * TestDaemonSetUpdatesPods (maxUnavailable 1: one node at a time). Then the 422 texts.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';
import { addDaemonPodTolerations, nodeNameAffinity, nodeShouldRunDaemonPod } from '../../../src/engine/controllers/daemonset.js';
import { applyDefaults } from '../../../src/manifests/defaults.js';
import { invalidMessage, validateObject } from '../../../src/manifests/validate.js';
import { cluster, step } from './helpers.js';

function ds(extra: any = {}, tmplSpec: any = {}): any {
  const o: any = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluentd', namespace: 'default', uid: 'uid-ds' },
    spec: { selector: { matchLabels: { name: 'fluentd' } }, template: { metadata: { labels: { name: 'fluentd' } }, spec: { containers: [{ name: 'fluentd', image: 'fluent/fluentd:v1.16' }], ...tmplSpec } }, ...extra },
  };
  applyDefaults(o);
  return o;
}

const node = (name: string, labels: Record<string, string> = {}, taints: any[] = [], unschedulable = false): any => ({ metadata: { name, labels }, spec: { taints, unschedulable } });

describe('DaemonSet pods (daemon/util)', () => {
  it('TestAddOrUpdateDaemonPodTolerations: the tolerations every daemon pod gets, in order', () => {
    const spec: any = { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] };
    addDaemonPodTolerations(spec);
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    const host: any = { hostNetwork: true };
    addDaemonPodTolerations(host);
    expect(host.tolerations.at(-1)).toEqual({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  });

  it('TestReplaceDaemonSetPodNodeNameNodeAffinity: required affinity on metadata.name, kept expressions', () => {
    expect(nodeNameAffinity(undefined, 'worker-1')).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-1'] }] }] } } });
    const a = nodeNameAffinity({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } } }, 'worker-2');
    expect(a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-2'] }] }]);
  });

  it('TestNodeShouldRunDaemonPod: selector, taints and cordon', () => {
    const run = (d: any, n: any) => nodeShouldRunDaemonPod(d, n);
    expect(run(ds(), node('a'))).toEqual({ shouldRun: true, shouldContinueRunning: true });
    expect(run(ds({}, { nodeSelector: { logging: 'on' } }), node('a'))).toEqual({ shouldRun: false, shouldContinueRunning: false });
    expect(run(ds({}, { nodeSelector: { logging: 'on' } }), node('a', { logging: 'on' }))).toEqual({ shouldRun: true, shouldContinueRunning: true });
    // An untolerated NoSchedule taint: no new pod, but a pod already there stays.
    expect(run(ds(), node('a', {}, [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }]))).toEqual({ shouldRun: false, shouldContinueRunning: true });
    // An untolerated NoExecute taint: the pod goes.
    expect(run(ds(), node('a', {}, [{ key: 'gpu', value: 'true', effect: 'NoExecute' }]))).toEqual({ shouldRun: false, shouldContinueRunning: false });
    // The taints the controller tolerates on its own: not-ready, unreachable, cordoned.
    expect(run(ds(), node('a', {}, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }], true))).toEqual({ shouldRun: true, shouldContinueRunning: true });
    expect(run(ds(), node('a', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }])).shouldRun).toBe(false);
  });
});

describe('DaemonSet in a cluster', () => {
  it('TestSimpleDaemonSetLaunchesPods: one pod per node, through the scheduler, with the Events and the status', () => {
    const c = cluster(3);
    step(c, [{ verb: 'create', resource: 'daemonsets', namespace: 'default', body: ds() }]);
    const pods = c.server.list('pods') as any[];
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    for (const p of pods) {
      expect(p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values).toEqual([p.spec.nodeName]);
      expect(p.metadata.labels['controller-revision-hash']).toMatch(/^[a-z0-9]+$/);
    }
    // The scheduler bound them (the controller does not set nodeName).
    expect(c.env.rec.trace.messages.filter((m) => m.from === 'scheduler' && m.verb === 'bind').length).toBe(3);
    const events = c.env.rec.trace.events.filter((e) => e.object === 'daemonset/fluentd').map((e) => e.reason);
    expect(events).toEqual(['SuccessfulCreate', 'SuccessfulCreate', 'SuccessfulCreate']);
    const d: any = c.server.peek('daemonsets', 'default', 'fluentd');
    expect(d.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3, numberMisscheduled: 0, observedGeneration: 1 });
    expect(c.server.list('controllerrevisions').map((r) => r.metadata.name)).toEqual([`fluentd-${pods[0].metadata.labels['controller-revision-hash']}`]);
  });

  it('TestNewNodeAddedDaemonSetLaunchesPods: a node added later gets a pod aimed at it', () => {
    const c = cluster(2);
    step(c, [{ verb: 'create', resource: 'daemonsets', namespace: 'default', body: ds() }]);
    step(c, [{ verb: 'create', resource: 'nodes', body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-9', labels: { 'kubernetes.io/hostname': 'worker-9' } }, spec: {}, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] } } }]);
    const aimed = (c.server.list('pods') as any[]).map((p) => p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]).sort();
    expect(aimed).toEqual(['worker-1', 'worker-2', 'worker-9']);
  });

  it('TestDaemonSetUpdatesPods: a template change replaces the pods one node at a time (maxUnavailable 1)', () => {
    const c = cluster(3);
    step(c, [{ verb: 'create', resource: 'daemonsets', namespace: 'default', body: ds() }]);
    step(c, [{ verb: 'patch', resource: 'daemonsets', namespace: 'default', name: 'fluentd', body: { spec: { template: { spec: { containers: [{ name: 'fluentd', image: 'fluent/fluentd:v1.17' }] } } } } }]);
    const del = c.env.rec.trace.messages.filter((m) => m.from === 'controller-manager' && m.verb === 'delete' && m.target.startsWith('pod/')).map((m) => m.seq);
    const create = c.env.rec.trace.messages.filter((m) => m.from === 'controller-manager' && m.verb === 'create' && m.target.startsWith('pod/') && m.step === 2).map((m) => m.seq);
    expect(del.length).toBe(3);
    expect(create.length).toBe(3);
    // Never two old pods deleted before a new one was created in between.
    expect(del[1]!).toBeGreaterThan(create[0]!);
    expect(del[2]!).toBeGreaterThan(create[1]!);
    const d: any = c.server.peek('daemonsets', 'default', 'fluentd');
    expect(d.status).toMatchObject({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 });
    expect((c.server.list('pods') as any[]).map((p) => p.spec.containers[0].image)).toEqual(['fluent/fluentd:v1.17', 'fluent/fluentd:v1.17', 'fluent/fluentd:v1.17']);
    expect(c.server.list('controllerrevisions').length).toBe(2);
  });
});

describe('DaemonSet validation (ValidateDaemonSetSpec, ValidateRollingUpdateDaemonSet)', () => {
  const message = (o: any) => invalidMessage('DaemonSet.apps', o.metadata.name, validateObject(o));
  it('selector and template labels, restartPolicy', () => {
    const o = ds();
    o.spec.template.metadata.labels = { name: 'other' };
    o.spec.template.spec.restartPolicy = 'OnFailure';
    expect(message(o)).toBe('DaemonSet.apps "fluentd" is invalid: [spec.template.metadata.labels: Invalid value: map[string]string{"name":"other"}: `selector` does not match template `labels`, spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"]');
  });
  it('maxSurge and maxUnavailable: exactly one non-zero', () => {
    const both = ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } });
    expect(message(both)).toBe('DaemonSet.apps "fluentd" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero');
    const none = ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } });
    expect(message(none)).toBe('DaemonSet.apps "fluentd" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0');
  });
});
