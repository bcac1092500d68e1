/**
 * The Deployment controller's ReplicaSet writes: finding or creating the new ReplicaSet and
 * syncing revisions (getNewReplicaSet), scaling one ReplicaSet with its ScalingReplicaSet Event,
 * deleting old ones beyond revisionHistoryLimit, and the Deployment status write.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { DeployState, Done } from './deployment.js';
import { objectKey } from './informer.js';
import { Pending } from './queue.js';
import { canonical, controllerOf, controllerRef, omitEmptyPatch } from './objects.js';
import {
  DESIRED_REPLICAS, HASH_LABEL, MAX_REPLICAS, REVISION, byCreation, computeHash, condition, equalIgnoreHash, getCondition,
  maxSurge, newRSNewReplicas, revisionOf, setCondition,
} from './deployment-util.js';

/** Annotations never copied from a Deployment to its ReplicaSets (annotationsToSkip). */
const SKIP = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history', DESIRED_REPLICAS, MAX_REPLICAS]);

/** The current version of a ReplicaSet from the cache (after this controller's own writes). */
export function fresh(s: DeployState, rs: any): any {
  return rs ? s.rss.get(objectKey(rs)) ?? rs : rs;
}

/** Copy annotations, bump the revision; on create also desired/max replicas. Returns whether anything changed. */
function setNewRSAnnotations(d: any, rs: any, newRevision: number, exists: boolean): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIP.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  if (revisionOf(rs) < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
  }
  if (!exists) {
    a[DESIRED_REPLICAS] = String(d.spec.replicas ?? 1);
    a[MAX_REPLICAS] = String((d.spec.replicas ?? 1) + maxSurge(d));
  }
  return changed;
}

/** Would setNewRSAnnotations change an existing ReplicaSet (same test, without writing)? */
function annotationsOutdated(d: any, rs: any, newRevision: number): boolean {
  const a = rs.metadata.annotations ?? {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!SKIP.has(k) && a[k] !== v) return true;
  return revisionOf(rs) < newRevision;
}

/** getAllReplicaSetsAndSyncRevision: `then(ok, newRS, oldRSs)`; creates the new ReplicaSet when `create`. */
export function getAllReplicaSets(s: DeployState, d: any, rsList: any[], create: boolean, then: (ok: boolean, newRS: any, oldRSs: any[]) => void): void {
  const list = rsList.map((rs) => fresh(s, rs)).sort(byCreation);
  const existing = list.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec.template));
  const oldRSs = list.filter((rs) => rs !== existing);
  const newRevision = Math.max(0, ...oldRSs.map(revisionOf)) + 1;
  const now = s.ctx.env.timestamp();
  const hasDeadline = d.spec.progressDeadlineSeconds !== undefined;
  if (existing) {
    // The copy to write is made only when something is to change (the usual sync changes nothing).
    if (annotationsOutdated(d, existing, newRevision) || (existing.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0)) {
      const copy = structuredClone(existing);
      setNewRSAnnotations(d, copy, newRevision, true);
      copy.spec.minReadySeconds = d.spec.minReadySeconds;
      return updateReplicaSet(s, copy, `PUT replicasets/${copy.metadata.name} (revision ${copy.metadata.annotations[REVISION]})`, (updated) => then(!!updated, updated, oldRSs));
    }
    let needsUpdate = setRevision(d, existing.metadata.annotations?.[REVISION]);
    if (hasDeadline && !getCondition(d.status, 'Progressing')) {
      d.status ??= {};
      d.status.conditions ??= [];
      setCondition(d.status, condition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${existing.metadata.name}"`, now));
      needsUpdate = true;
    }
    if (!needsUpdate) return then(true, existing, oldRSs);
    return updateStatus(s, d, d.status, (ok) => then(ok !== false, existing, oldRSs));
  }
  if (!create) return then(true, undefined, oldRSs);
  const hash = computeHash(d.spec.template, d.status?.collisionCount);
  const template = structuredClone(d.spec.template);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
  const selector = structuredClone(d.spec.selector);
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
  const rs: any = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels: template.metadata.labels, ownerReferences: [controllerRef(d)] },
    spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds, selector, template },
  };
  if (rs.spec.minReadySeconds === undefined) delete rs.spec.minReadySeconds;
  rs.spec.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  setNewRSAnnotations(d, rs, newRevision, false);
  s.ctx.client.request({ verb: 'create', resource: 'replicasets', namespace: d.metadata.namespace, body: rs }, (res) => {
    let created = res.object;
    if (res.code === 409) {
      // Already exists: ours (a stale cache) or a hash collision, which bumps collisionCount.
      const other = s.rss.get(`${d.metadata.namespace}/${rs.metadata.name}`) as any;
      if (other && controllerOf(other)?.uid === d.metadata.uid && equalIgnoreHash(other.spec.template, d.spec.template)) return then(true, other, oldRSs);
      d.status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
      return updateStatus(s, d, d.status, () => then(false, undefined, oldRSs));
    }
    if (!created) {
      const msg = `Failed to create new replica set "${rs.metadata.name}": ${res.message}`;
      d.status ??= {};
      d.status.conditions ??= [];
      if (hasDeadline) setCondition(d.status, condition('Progressing', 'False', 'ReplicaSetCreateError', msg, now));
      s.ctx.client.event({ involved: d, type: 'Warning', reason: 'ReplicaSetCreateError', message: msg });
      return updateStatus(s, d, d.status, () => then(false, undefined, oldRSs));
    }
    s.rss.observe(created);
    created = fresh(s, created) as KubeObject;
    if (rs.spec.replicas > 0) {
      s.ctx.client.event({ involved: d, type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${created.metadata.name} from 0 to ${rs.spec.replicas}` });
    }
    setRevision(d, String(newRevision));
    d.status ??= {};
    d.status.conditions ??= [];
    if (hasDeadline) setCondition(d.status, condition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${created.metadata.name}"`, now));
    updateStatus(s, d, d.status, (ok) => then(ok !== false, created, oldRSs));
  });
}

function setRevision(d: any, revision: string | undefined): boolean {
  if (revision === undefined) return false;
  d.metadata.annotations ??= {};
  if (d.metadata.annotations[REVISION] === revision) return false;
  d.metadata.annotations[REVISION] = revision;
  return true;
}

/** PUT a ReplicaSet (optimistic concurrency on resourceVersion); `then(updated)` or undefined on failure. */
export function updateReplicaSet(s: DeployState, rs: any, label: string, then: (updated: any) => void): void {
  s.ctx.client.request({ verb: 'update', resource: 'replicasets', namespace: rs.metadata.namespace, name: rs.metadata.name, body: rs, label, attrs: { replicas: String(rs.spec.replicas) } }, (res) => {
    if (res.object) s.rss.observe(res.object);
    then(res.object ? fresh(s, res.object) : undefined);
  });
}

/** scaleReplicaSet: size and replica annotations; a ScalingReplicaSet Event when the size changed. `then(scaled, rs)` or `then(false, undefined)` on failure. */
export function scaleReplicaSet(s: DeployState, rs: any, newScale: number, d: any, op: string, then: (scaled: boolean, rs: any) => void): void {
  const desired = String(d.spec.replicas ?? 1);
  const max = String((d.spec.replicas ?? 1) + maxSurge(d));
  const oldScale = rs.spec.replicas ?? 0;
  const sizeNeeds = oldScale !== newScale;
  const a = rs.metadata.annotations ?? {};
  if (!sizeNeeds && a[DESIRED_REPLICAS] === desired && a[MAX_REPLICAS] === max) return then(false, rs);
  const copy = structuredClone(rs);
  copy.spec.replicas = newScale;
  copy.metadata.annotations = { ...a, [DESIRED_REPLICAS]: desired, [MAX_REPLICAS]: max };
  updateReplicaSet(s, copy, `PUT replicasets/${rs.metadata.name} (replicas ${oldScale} → ${newScale})`, (updated) => {
    if (!updated) return then(false, undefined);
    if (sizeNeeds) s.ctx.client.event({ involved: d, type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled ${op} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}` });
    then(sizeNeeds, updated);
  });
}

/** scaleReplicaSetAndRecordEvent: no-op when already at `newScale`. */
export function scaleAndRecord(s: DeployState, rs: any, newScale: number, d: any, then: (scaled: boolean, rs: any) => void): void {
  if ((rs.spec.replicas ?? 0) === newScale) return then(false, rs);
  scaleReplicaSet(s, rs, newScale, d, (rs.spec.replicas ?? 0) < newScale ? 'up' : 'down', then);
}

/** cleanupDeployment: delete the oldest idle ReplicaSets beyond revisionHistoryLimit. */
export function cleanupDeployment(s: DeployState, oldRSs: any[], d: any, then: () => void): void {
  const limit = d.spec.revisionHistoryLimit;
  if (limit === undefined || limit === null) return then();
  const cleanable = oldRSs.map((rs) => fresh(s, rs)).filter((rs) => rs && !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return then();
  cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  const p = new Pending(() => then());
  for (const rs of cleanable.slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || (rs.spec.replicas ?? 0) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    s.ctx.client.request({ verb: 'delete', resource: 'replicasets', namespace: rs.metadata.namespace, name: rs.metadata.name }, p.wrap((res) => {
      if (res.code < 400) s.rss.forget(rs);
    }));
  }
  p.close();
}

const STATUS_FIELDS = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'conditions', 'collisionCount'];

/** Status as stored: zero fields omitted (omitempty), for comparisons. */
export function normalStatus(st: any): string {
  const o: any = {};
  for (const k of STATUS_FIELDS) if (st?.[k] !== undefined && st[k] !== 0 && !(Array.isArray(st[k]) && !st[k].length)) o[k] = st[k];
  return canonical(o);
}

/** UpdateStatus: write `status` (and the revision annotation) of `d`; `then(ok)`. */
export function updateStatus(s: DeployState, d: any, status: any, then: Done): void {
  const body: any = { status: omitEmptyPatch(status, STATUS_FIELDS) };
  const rev = d.metadata.annotations?.[REVISION];
  if (rev !== undefined) body.metadata = { annotations: { [REVISION]: rev } };
  const attrs = { replicas: String(status.replicas ?? 0), updated: String(status.updatedReplicas ?? 0), ready: String(status.readyReplicas ?? 0), available: String(status.availableReplicas ?? 0) };
  s.ctx.client.request({ verb: 'status', resource: 'deployments', namespace: d.metadata.namespace, name: d.metadata.name, body, attrs }, (res) => {
    if (res.object) s.deps.observe(res.object);
    then(res.code < 400 || res.code === 404);
  });
}
