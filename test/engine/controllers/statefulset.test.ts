/**
 * The StatefulSet controller's decisions, ported from pkg/controller/statefulset: the cases of
 * stateful_set_utils_test.go TestGetParentNameAndOrdinal and TestNewStatefulSetPod (identity),
 * and of stateful_set_control_test.go — CreatesPods / ScalesUp (OrderedReady waits for each pod
 * to be Running and Ready), ScalesDown (highest ordinal first), RecreatesFailedPod,
 * TestStatefulSetControlRollingUpdateWithPartition (highest ordinal first, down to the
 * partition), TestStatefulSetControlOnDeleteUpdate (nothing deleted) and the Parallel pod
 * management tests (all at once). Then the whole chain in a cluster, and the 422 texts.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';
import { newStatefulSetPod, ordinalOf, planStatefulSet, POD_INDEX_LABEL, POD_NAME_LABEL, revisionForOrdinal, statefulSetCounts } from '../../../src/engine/controllers/statefulset.js';
import { hashRevisionData, newControllerRevision, templatePatch } from '../../../src/engine/controllers/history.js';
import { applyDefaults } from '../../../src/manifests/defaults.js';
import { invalidMessage, validateObject } from '../../../src/manifests/validate.js';
import { cluster, step } from './helpers.js';

function sts(replicas: number, extra: any = {}): any {
  const o: any = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web' },
    spec: { serviceName: 'nginx', replicas, selector: { matchLabels: { app: 'nginx' } }, template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } }, ...extra },
  };
  applyDefaults(o);
  return o;
}

/** A pod of ordinal `i` at revision `rev`, Running and Ready unless said otherwise. */
function pod(i: number, rev = 'web-1', state: 'ready' | 'pending' | 'terminating' | 'failed' = 'ready'): any {
  const p: any = newStatefulSetPod(sts(1), sts(1).spec.template, i, rev);
  p.metadata.uid = `uid-${i}`;
  p.status = state === 'pending' ? { phase: 'Pending' } : state === 'failed' ? { phase: 'Failed' } : { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
  if (state === 'terminating') p.metadata.deletionTimestamp = '2026-01-01T00:00:10Z';
  return p;
}

const plan = (set: any, pods: any[], update = 'web-1', currentReplicas = 0) => planStatefulSet(set, pods, update, currentReplicas, 0, () => 0).map((a) => (a.op === 'create' ? `create ${a.ordinal}` : `delete ${a.pod.metadata.name}`));

describe('StatefulSet identity (stateful_set_utils_test.go)', () => {
  it('TestGetParentNameAndOrdinal: the ordinal of a member, -1 for others', () => {
    expect(ordinalOf('web', 'web-2')).toBe(2);
    expect(ordinalOf('web', 'web-10')).toBe(10);
    expect(ordinalOf('web', 'foo-2')).toBe(-1);
    expect(ordinalOf('web', 'web')).toBe(-1);
    expect(ordinalOf('my-web', 'my-web-0')).toBe(0);
  });

  it('TestNewStatefulSetPod: name, hostname, subdomain, identity and revision labels, controller reference', () => {
    const p: any = newStatefulSetPod(sts(3), sts(3).spec.template, 1, 'web-7b9f');
    expect(p.metadata.name).toBe('web-1');
    expect(p.spec.hostname).toBe('web-1');
    expect(p.spec.subdomain).toBe('nginx');
    expect(p.metadata.labels).toEqual({ app: 'nginx', [POD_NAME_LABEL]: 'web-1', [POD_INDEX_LABEL]: '1', 'controller-revision-hash': 'web-7b9f' });
    expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }]);
  });
});

describe('StatefulSet control (stateful_set_control_test.go)', () => {
  it('CreatesPods (OrderedReady): one pod at a time, each once its predecessor is Running and Ready', () => {
    const set = sts(3);
    expect(plan(set, [])).toEqual(['create 0']);
    expect(plan(set, [pod(0, 'web-1', 'pending')])).toEqual([]);
    expect(plan(set, [pod(0)])).toEqual(['create 1']);
    expect(plan(set, [pod(0), pod(1)])).toEqual(['create 2']);
    expect(plan(set, [pod(0), pod(1), pod(2)])).toEqual([]);
  });

  it('Parallel pod management creates every missing pod in one sync', () => {
    expect(plan(sts(3, { podManagementPolicy: 'Parallel' }), [])).toEqual(['create 0', 'create 1', 'create 2']);
  });

  it('ScalesDown: the highest ordinal first, and the next only once it is gone', () => {
    const set = sts(1);
    expect(plan(set, [pod(0), pod(1), pod(2)])).toEqual(['delete web-2']);
    expect(plan(set, [pod(0), pod(1), pod(2, 'web-1', 'terminating')])).toEqual([]);
    expect(plan(set, [pod(0), pod(1)])).toEqual(['delete web-1']);
    expect(plan(sts(1, { podManagementPolicy: 'Parallel' }), [pod(0), pod(1), pod(2)])).toEqual(['delete web-2', 'delete web-1']);
  });

  it('RecreatesFailedPod: a failed pod is deleted (and made again once gone)', () => {
    expect(plan(sts(3), [pod(0), pod(1, 'web-1', 'failed'), pod(2)])).toEqual(['delete web-1']);
    expect(plan(sts(3), [pod(0), pod(2)])).toEqual(['create 1']);
  });

  it('RollingUpdateWithPartition: pods at or above the partition are replaced from the highest ordinal, one at a time', () => {
    const set = sts(5, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
    const old = [0, 1, 2, 3, 4].map((i) => pod(i, 'web-old'));
    expect(plan(set, old, 'web-new')).toEqual(['delete web-4']);
    expect(plan(set, [...old.slice(0, 4), pod(4, 'web-new', 'pending')], 'web-new')).toEqual([]);
    expect(plan(set, [...old.slice(0, 4), pod(4, 'web-new')], 'web-new')).toEqual(['delete web-3']);
    expect(plan(set, [...old.slice(0, 2), pod(2, 'web-new'), pod(3, 'web-new'), pod(4, 'web-new')], 'web-new')).toEqual([]);
    // Recreated ordinals below the partition keep the current revision, those above take the update.
    expect(revisionForOrdinal(set, 1, 0)).toBe('current');
    expect(revisionForOrdinal(set, 2, 0)).toBe('update');
  });

  it('OnDeleteUpdate: the controller never deletes a pod for an update', () => {
    const set = sts(3, { updateStrategy: { type: 'OnDelete' } });
    expect(plan(set, [0, 1, 2].map((i) => pod(i, 'web-old')), 'web-new')).toEqual([]);
    expect(plan(set, [pod(0, 'web-old'), pod(1, 'web-old')], 'web-new')).toEqual(['create 2']);
  });

  it('status counts: replicas, ready, current and updated by revision label', () => {
    const c = statefulSetCounts([pod(0, 'web-a'), pod(1, 'web-b'), pod(2, 'web-b', 'pending'), pod(3, 'web-a', 'terminating')], 'web-a', 'web-b', 0, 0, () => 0);
    expect(c).toEqual({ replicas: 4, readyReplicas: 3, availableReplicas: 3, currentReplicas: 1, updatedReplicas: 2 });
  });

  it('ControllerRevision: named <set>-<hash>, the template patch as data, the hash label; the collision count changes the hash', () => {
    const set = sts(3);
    const data = templatePatch(set);
    expect(data.spec.template.$patch).toBe('replace');
    const rev: any = newControllerRevision(set, data, 1, 0);
    expect(rev.metadata.name).toBe(`web-${hashRevisionData(data, 0)}`);
    expect(rev.metadata.labels['controller.kubernetes.io/hash']).toBe(hashRevisionData(data, 0));
    expect(rev.revision).toBe(1);
    expect(hashRevisionData(data, 1)).not.toBe(hashRevisionData(data, 0));
  });
});

describe('StatefulSet in a cluster', () => {
  it('creates web-0, web-1, web-2 in order with the Events, and reports the status', () => {
    const c = cluster(3);
    step(c, [{ verb: 'create', resource: 'statefulsets', namespace: 'default', body: sts(3) }]);
    const creates = c.env.rec.trace.messages.filter((m) => m.from === 'controller-manager' && m.verb === 'create' && m.target.startsWith('pod/')).map((m) => m.target);
    expect(creates).toEqual(['pod/web-0', 'pod/web-1', 'pod/web-2']);
    const events = c.env.rec.trace.events.filter((e) => e.object === 'statefulset/web').map((e) => `${e.reason} ${e.message}`);
    expect(events).toEqual(['SuccessfulCreate create Pod web-0 in StatefulSet web successful', 'SuccessfulCreate create Pod web-1 in StatefulSet web successful', 'SuccessfulCreate create Pod web-2 in StatefulSet web successful']);
    const set: any = c.server.peek('statefulsets', 'default', 'web');
    expect(set.status).toMatchObject({ replicas: 3, readyReplicas: 3, updatedReplicas: 3, currentReplicas: 3, observedGeneration: 1 });
    expect(set.status.currentRevision).toBe(set.status.updateRevision);
    expect(c.server.list('controllerrevisions').map((r) => r.metadata.name)).toEqual([set.status.updateRevision]);
    // web-1 was created only after web-0 was Running and Ready.
    const msgs = c.env.rec.trace.messages;
    const ready0 = msgs.findIndex((m) => m.from.startsWith('kubelet') && m.target === 'pod/web-0' && m.attrs.phase === 'Running');
    const create1 = msgs.findIndex((m) => m.from === 'controller-manager' && m.verb === 'create' && m.target === 'pod/web-1');
    expect(ready0).toBeGreaterThan(0);
    expect(create1).toBeGreaterThan(ready0);
  });

  it('a template change rolls from the highest ordinal and makes a second ControllerRevision', () => {
    const c = cluster(3);
    step(c, [{ verb: 'create', resource: 'statefulsets', namespace: 'default', body: sts(3) }]);
    step(c, [{ verb: 'patch', resource: 'statefulsets', namespace: 'default', name: 'web', body: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } } }]);
    const deletes = c.env.rec.trace.events.filter((e) => e.object === 'statefulset/web' && e.reason === 'SuccessfulDelete').map((e) => e.message);
    expect(deletes).toEqual(['delete Pod web-2 in StatefulSet web successful', 'delete Pod web-1 in StatefulSet web successful', 'delete Pod web-0 in StatefulSet web successful']);
    const set: any = c.server.peek('statefulsets', 'default', 'web');
    expect(set.status).toMatchObject({ replicas: 3, readyReplicas: 3, updatedReplicas: 3 });
    expect(set.status.currentRevision).toBe(set.status.updateRevision);
    expect(c.server.list('controllerrevisions').map((r: any) => r.revision).sort()).toEqual([1, 2]);
    expect(c.server.list('pods').map((p: any) => p.spec.containers[0].image)).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
  });
});

describe('StatefulSet validation (pkg/apis/apps/validation ValidateStatefulSetSpec)', () => {
  const message = (o: any) => invalidMessage('StatefulSet.apps', o.metadata.name, validateObject(o));
  it('a selector that does not match the template labels', () => {
    const o = sts(1);
    o.spec.template.metadata.labels = { app: 'other' };
    expect(message(o)).toBe('StatefulSet.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`');
  });
  it('an empty selector, a restartPolicy other than Always, a bad podManagementPolicy', () => {
    const o = sts(1, { podManagementPolicy: 'Random' });
    o.spec.selector = {};
    o.spec.template.spec.restartPolicy = 'Never';
    expect(message(o)).toContain("spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'");
    expect(message(o)).toContain('spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset');
    expect(message(o)).toContain('spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
  });
  it('serviceName is optional, and when set must be a DNS-1123 label', () => {
    const o = sts(1);
    delete o.spec.serviceName;
    expect(validateObject(o)).toEqual([]);
    o.spec.serviceName = 'Nginx_svc';
    expect(message(o)).toMatch(/^StatefulSet.apps "web" is invalid: spec.serviceName: Invalid value: "Nginx_svc": a lowercase RFC 1123 label must consist of/);
  });
});
