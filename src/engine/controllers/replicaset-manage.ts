/**
 * The ReplicaSet controller's writes: manageReplicas (create in slow-start batches 1, 2, 4 … at
 * most burstReplicas per sync, or delete the lowest-ranked pods) and the status update.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { RsState } from './replicaset.js';
import { objectKey } from './informer.js';
import { controllerOf, controllerRef, isPodActive, isPodAvailable, omitEmptyPatch } from './objects.js';
import { ownedActive } from './replicaset.js';
import { matchLabelSelector } from '../apiserver/selector.js';
import { rankPodsForDeletion } from './pod-ranking.js';

/** --concurrent-replicaset-syncs' companion: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;
/** SlowStartInitialBatchSize. */
const SLOW_START_INITIAL_BATCH = 1;

/** Create or delete pods so that `filtered` (the active pods) reaches spec.replicas; `then(err)`. */
export function manageReplicas(s: RsState, rs: any, active: number, then: (err?: string) => void): void {
  const key = objectKey(rs);
  const diff = active - (rs.spec?.replicas ?? 1);
  if (diff < 0) {
    const n = Math.min(-diff, BURST_REPLICAS);
    s.exp.expectCreations(key, n);
    slowStartBatch(s, rs, n, SLOW_START_INITIAL_BATCH, 0, (successes, err) => {
      // Pods never created (a batch failed) will not be observed: stop expecting them.
      for (let i = successes; i < n; i++) s.exp.creationObserved(key);
      then(err);
    });
  } else if (diff > 0) {
    const sel = rs.spec?.selector;
    const filtered = ownedActive(s, rs).filter((p) => matchLabelSelector(sel, p.metadata.labels ?? {}));
    deletePods(s, rs, filtered, Math.min(diff, BURST_REPLICAS), then);
  } else then();
}

function slowStartBatch(s: RsState, rs: any, remaining: number, size: number, successes: number, then: (successes: number, err?: string) => void): void {
  const batch = Math.min(remaining, size);
  if (batch <= 0) return then(successes);
  let left = batch;
  let ok = 0;
  let err: string | undefined;
  for (let i = 0; i < batch; i++) {
    createPod(s, rs, (e) => {
      if (e) err ??= e;
      else ok++;
      if (--left > 0) return;
      if (err) return then(successes + ok, err);
      slowStartBatch(s, rs, remaining - batch, 2 * batch, successes + ok, then);
    });
  }
}

/** RealPodControl.CreatePods: a pod from the template, named by the apiserver from `<rs>-`. */
function createPod(s: RsState, rs: any, then: (err?: string) => void): void {
  const t = rs.spec?.template ?? {};
  const meta: any = { generateName: `${rs.metadata.name}-`, namespace: rs.metadata.namespace, labels: { ...(t.metadata?.labels ?? {}) }, ownerReferences: [controllerRef(rs)] };
  if (t.metadata?.annotations) meta.annotations = { ...t.metadata.annotations };
  const body = { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: structuredClone(t.spec ?? {}) };
  s.ctx.client.request({ verb: 'create', resource: 'pods', namespace: rs.metadata.namespace, body }, (res) => {
    if (res.object) {
      s.ctx.client.event({ involved: rs, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${res.object.metadata.name}` });
      return then();
    }
    const err = res.message ?? `status ${res.code}`;
    // No Event when the namespace is being deleted (the NamespaceTerminating cause).
    if (res.cause !== 'NamespaceTerminating') s.ctx.client.event({ involved: rs, type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${err}` });
    then(err);
  });
}

function deletePods(s: RsState, rs: any, filtered: KubeObject[], n: number, then: (err?: string) => void): void {
  const key = objectKey(rs);
  let victims = filtered;
  if (n < filtered.length) {
    // Related pods: those of every ReplicaSet with the same controller (the Deployment's others).
    const owner = controllerOf(rs);
    const siblings = owner ? s.rss.byIndex('owner', owner.uid) : [rs];
    const related = siblings.flatMap((r) => s.pods.byIndex('owner', r.metadata.uid!)).filter(isPodActive);
    victims = rankPodsForDeletion(filtered, related, s.ctx.env.loop.now, (t) => s.ctx.env.parseTimestamp(t));
  }
  victims = victims.slice(0, n);
  s.exp.expectDeletions(key, victims.map(objectKey));
  let left = victims.length;
  let err: string | undefined;
  for (const pod of victims) {
    s.ctx.client.request({ verb: 'delete', resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name }, (res) => {
      if (res.code < 400) s.ctx.client.event({ involved: rs, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` });
      else {
        s.exp.deletionObserved(key, objectKey(pod));
        if (res.code !== 404) {
          err ??= res.message;
          s.ctx.client.event({ involved: rs, type: 'Warning', reason: 'FailedDelete', message: `Error deleting: ${res.message}` });
        }
      }
      if (--left === 0) then(err);
    });
  }
}

/** calculateStatus + updateReplicaSetStatus: write the status when it changed; `done(ok)`. */
export function replicaSetStatus(s: RsState, rs: any, err: string | undefined, done: (ok?: boolean) => void): void {
  const env = s.ctx.env;
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const t = s.acct.of(rs.metadata.uid);
  const { replicas, ready, fullyLabeled } = t;
  let available = ready;
  if (minReady > 0) {
    // Availability depends on time here: count it from the pods.
    const sel = rs.spec?.selector;
    available = ownedActive(s, rs).filter((p) => matchLabelSelector(sel, p.metadata.labels ?? {}) && isPodAvailable(p, minReady, env.loop.now, (ts) => env.parseTimestamp(ts))).length;
  }
  const cur = rs.status ?? {};
  const next = { replicas, fullyLabeledReplicas: fullyLabeled, readyReplicas: ready, availableReplicas: available, observedGeneration: rs.metadata.generation };
  // The ReplicaFailure condition: set (FailedCreate / FailedDelete, the error's text) while manageReplicas fails, removed once it succeeds.
  const conds = (cur.conditions ?? []) as any[];
  const failing = conds.some((c) => c.type === 'ReplicaFailure');
  let conditions: any[] | undefined;
  if (err && !failing) {
    const reason = replicas < (rs.spec?.replicas ?? 1) ? 'FailedCreate' : 'FailedDelete';
    conditions = [...conds, { type: 'ReplicaFailure', status: 'True', lastTransitionTime: env.timestamp(), reason, message: err }];
  } else if (!err && failing) conditions = conds.filter((c) => c.type !== 'ReplicaFailure');
  const same =
    (cur.replicas ?? 0) === next.replicas && (cur.fullyLabeledReplicas ?? 0) === fullyLabeled && (cur.readyReplicas ?? 0) === ready &&
    (cur.availableReplicas ?? 0) === available && cur.observedGeneration === next.observedGeneration && !conditions;
  const requeue = () => {
    // Pods ready but not yet available for minReadySeconds: look again when they will be.
    if (!err && minReady > 0 && ready === (rs.spec?.replicas ?? 1) && available !== ready) s.queue.add(objectKey(rs), minReady * 1000);
  };
  if (same) {
    requeue();
    return done(!err);
  }
  const status: any = { ...omitEmptyPatch(next, ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']), replicas: next.replicas };
  if (conditions) status.conditions = conditions.length ? conditions : null;
  const label = `PATCH replicasets/${rs.metadata.name}/status (${next.replicas} replicas, ${ready} ready)`;
  s.ctx.client.request({ verb: 'status', resource: 'replicasets', namespace: rs.metadata.namespace, name: rs.metadata.name, body: { status }, attrs: { replicas: String(next.replicas), ready: String(ready), available: String(available) }, label }, (res) => {
    if (res.object) s.rss.observe(res.object);
    requeue();
    done(!err && (res.code < 400 || res.code === 404));
  });
}
