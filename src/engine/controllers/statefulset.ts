/**
 * The StatefulSet controller (pkg/controller/statefulset): pods named `<set>-<ordinal>` with a
 * stable identity (hostname, the governing Service's subdomain, the pod-name and pod-index
 * labels), created in ordinal order and each only once its predecessor is Running and Ready
 * (OrderedReady) or all at once (Parallel); scaled down from the highest ordinal; updated from
 * the highest ordinal down to the partition (RollingUpdate) or only when deleted (OnDelete); its
 * template history kept as ControllerRevisions.
 *
 * Simplifications: no volumeClaimTemplates (storage is not simulated, `kscn check` refuses
 * them), no maxUnavailable (an alpha feature), orphan pods are not adopted, and Parallel creates
 * every missing pod in one sync instead of slow-start batches.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, objectKey, type Informer } from './informer.js';
import { WorkQueue } from './queue.js';
import { controllerOf, controllerRef, isPodAvailable, isPodReady, omitEmptyPatch } from './objects.js';
import { indexByNamespace, indexByOwner } from './pod-indexes.js';
import { POD_REVISION_LABEL, equalRevision, newControllerRevision, nextRevision, revisionTemplate, sortRevisions, templatePatch } from './history.js';

/** apps.StatefulSetPodNameLabel. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** apps.PodIndexLabel (PodIndexLabel feature, on by default). */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

interface Revisions {
  current: any;
  update: any;
  collisionCount: number;
  all: any[];
}

/** getParentNameAndOrdinal: `web-2` of set `web` is ordinal 2; −1 when the name is no member's. */
export function ordinalOf(setName: string, podName: string): number {
  const m = /^(.*)-(\d+)$/.exec(podName);
  if (!m || m[1] !== setName) return -1;
  return Number(m[2]);
}

const isTerminating = (p: any) => !!p.metadata.deletionTimestamp;
const isRunningAndReady = (p: any) => p.status?.phase === 'Running' && isPodReady(p);
const isHealthy = (p: any) => isRunningAndReady(p) && !isTerminating(p);
const isFinished = (p: any) => p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';

/** The rolling update's partition: ordinals below it keep the current revision. */
function partitionOf(set: any): number {
  return set.spec?.updateStrategy?.type === 'RollingUpdate' ? set.spec.updateStrategy.rollingUpdate?.partition ?? 0 : 0;
}

/**
 * newVersionedStatefulSetPod: ordinals below the partition are made from the current revision,
 * the others from the update revision.
 */
export function revisionForOrdinal(set: any, ordinal: number, currentReplicas: number): 'current' | 'update' {
  const us = set.spec?.updateStrategy ?? {};
  if (us.type === 'RollingUpdate' && ((us.rollingUpdate === undefined && ordinal < currentReplicas) || (us.rollingUpdate !== undefined && ordinal < (us.rollingUpdate.partition ?? 0)))) return 'current';
  return 'update';
}

/** newStatefulSetPod + updateIdentity + setPodRevision. */
export function newStatefulSetPod(set: any, template: any, ordinal: number, revisionName: string): KubeObject {
  const name = `${set.metadata.name}-${ordinal}`;
  const labels = { ...(template.metadata?.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [POD_REVISION_LABEL]: revisionName };
  const meta: any = { name, namespace: set.metadata.namespace, labels, ownerReferences: [controllerRef(set)] };
  if (template.metadata?.annotations) meta.annotations = { ...template.metadata.annotations };
  const spec = structuredClone(template.spec ?? {});
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec } as any;
}

/** What one sync does: creations and deletions in the order the controller makes them. */
export type StsAction = { op: 'create'; ordinal: number; revision: 'current' | 'update' } | { op: 'delete'; pod: any; why: 'failed' | 'condemned' | 'update' };

/**
 * updateStatefulSet's decisions (stateful_set_control.go) over the set's pods: replace finished
 * pods, create missing ordinals, wait for each to be Running and Ready (OrderedReady), delete
 * condemned ordinals from the highest, then roll pods not at the update revision from the highest
 * ordinal down to the partition, one at a time. Pure: the caller performs the actions.
 */
export function planStatefulSet(set: any, pods: any[], updateRevision: string, currentReplicas: number, nowMs: number, parse: (ts: string) => number): StsAction[] {
  const replicaCount = set.spec?.replicas ?? 1;
  const start = set.spec?.ordinals?.start ?? 0;
  const replicas: (any | undefined)[] = new Array(replicaCount).fill(undefined);
  const condemned: any[] = [];
  for (const p of pods) {
    const ord = ordinalOf(set.metadata.name, p.metadata.name);
    if (ord < 0) continue;
    if (ord >= start && ord < start + replicaCount) replicas[ord - start] = p;
    else condemned.push(p);
  }
  condemned.sort((a, b) => ordinalOf(set.metadata.name, b.metadata.name) - ordinalOf(set.metadata.name, a.metadata.name));
  const out: StsAction[] = [];
  if (set.metadata.deletionTimestamp) return out;
  const monotonic = set.spec?.podManagementPolicy !== 'Parallel';
  const minReady = set.spec?.minReadySeconds ?? 0;
  const firstUnhealthy = [...replicas, ...condemned].find((p) => p && !isHealthy(p));
  for (let i = 0; i < replicas.length; i++) {
    const pod = replicas[i];
    const ordinal = start + i;
    if (pod && isFinished(pod) && !isTerminating(pod)) {
      // A failed or succeeded pod is deleted and made again once it is gone.
      out.push({ op: 'delete', pod, why: 'failed' });
      if (monotonic) return out;
      continue;
    }
    if (!pod) {
      out.push({ op: 'create', ordinal, revision: revisionForOrdinal(set, ordinal, currentReplicas) });
      if (monotonic) return out;
      continue;
    }
    if (!monotonic) continue;
    // "StatefulSet is waiting for Pod to be Running and Ready" (and terminated, and available).
    if (isTerminating(pod) || !isRunningAndReady(pod)) return out;
    if (minReady > 0 && !isPodAvailable(pod, minReady, nowMs, parse)) return out;
  }
  for (const pod of condemned) {
    if (isTerminating(pod)) {
      if (monotonic) return out;
      continue;
    }
    if (monotonic && !isRunningAndReady(pod) && pod !== firstUnhealthy) return out;
    out.push({ op: 'delete', pod, why: 'condemned' });
    if (monotonic) return out;
  }
  if (set.spec?.updateStrategy?.type === 'OnDelete') return out;
  const updateMin = partitionOf(set);
  for (let target = replicas.length - 1; target >= updateMin; target--) {
    const pod = replicas[target];
    if (!pod) continue;
    if (pod.metadata.labels?.[POD_REVISION_LABEL] !== updateRevision && !isTerminating(pod)) {
      out.push({ op: 'delete', pod, why: 'update' });
      return out;
    }
    if (!isHealthy(pod)) return out;
  }
  return out;
}

/** computeReplicaStatus over the set's pods. */
export function statefulSetCounts(pods: any[], currentRevision: string, updateRevision: string, minReady: number, nowMs: number, parse: (ts: string) => number) {
  const c = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const p of pods) {
    const created = !!p.status?.phase;
    if (created) c.replicas++;
    if (isRunningAndReady(p)) {
      c.readyReplicas++;
      if (isPodAvailable(p, minReady, nowMs, parse)) c.availableReplicas++;
    }
    if (created && !isTerminating(p)) {
      const rev = p.metadata.labels?.[POD_REVISION_LABEL];
      if (rev === currentRevision) c.currentReplicas++;
      if (rev === updateRevision) c.updatedReplicas++;
    }
  }
  return c;
}

export class StatefulSetController implements Controller {
  readonly name = 'statefulset';
  readonly eventSource = 'statefulset-controller';
  private ctx!: ControllerContext;
  private sets!: Informer;
  private pods!: Informer;
  private revs!: Informer;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.sets = sharedInformer(ctx.client, ctx.server, 'statefulsets');
    this.pods = sharedInformer(ctx.client, ctx.server, 'pods');
    this.revs = sharedInformer(ctx.client, ctx.server, 'controllerrevisions');
    indexByNamespace(this.sets);
    indexByOwner(this.pods);
    indexByOwner(this.revs);
    this.queue = new WorkQueue(ctx.env, (k, done) => this.sync(k, done));
    this.sets.on((type, set, old) => {
      if (type === 'DELETED') return false;
      // Its own status writes come back with the same spec: nothing new to do.
      if (type === 'MODIFIED' && old && JSON.stringify((old as any).spec) === JSON.stringify((set as any).spec) && old.metadata.deletionTimestamp === set.metadata.deletionTimestamp) return false;
      this.queue.add(objectKey(set));
      return true;
    });
    this.pods.on((type, pod, old) => {
      const key = this.ownerKey(pod);
      if (!key) return false;
      if (type === 'MODIFIED' && old && summary(old) === summary(pod)) return false;
      this.queue.add(key);
      return true;
    });
    for (const s of this.sets.list()) this.queue.add(objectKey(s));
  }

  private ownerKey(pod: KubeObject): string | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'StatefulSet') return undefined;
    const key = `${pod.metadata.namespace}/${ref.name}`;
    return this.sets.get(key)?.metadata.uid === ref.uid ? key : undefined;
  }

  private ownedPods(set: any): any[] {
    return this.pods.byIndex('owner', set.metadata.uid).filter((p) => controllerOf(p)?.uid === set.metadata.uid);
  }

  private sync(key: string, done: (ok?: boolean) => void): void {
    const cur = this.sets.get(key);
    if (!cur) return done();
    const set = structuredClone(cur) as any;
    this.revisions(set, (r) => {
      if (!r) return done(false);
      const env = this.ctx.env;
      const parse = (ts: string) => env.parseTimestamp(ts);
      const currentReplicas = set.status?.currentReplicas ?? 0;
      const actions = planStatefulSet(set, this.ownedPods(set), r.update.metadata.name, currentReplicas, env.loop.now, parse);
      this.perform(set, r, actions, 0, (ok) => {
        this.writeStatus(set, r, (ok2) => {
          this.truncateHistory(set, r);
          done(ok && ok2);
        });
      });
    });
  }

  /** getStatefulSetRevisions: find or create the update revision; the current one from status. */
  private revisions(set: any, then: (r: Revisions | undefined) => void): void {
    const all = sortRevisions(this.revs.byIndex('owner', set.metadata.uid).filter((r) => controllerOf(r)?.uid === set.metadata.uid));
    const collisionCount = set.status?.collisionCount ?? 0;
    const candidate = newControllerRevision(set, templatePatch(set), nextRevision(all), collisionCount) as any;
    const equal = all.filter((r) => equalRevision(r, candidate));
    const finish = (update: any, revs: any[]) => {
      const current = revs.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
      then({ current, update, collisionCount, all: revs });
    };
    const latest = all[all.length - 1];
    if (equal.length && equal[equal.length - 1] === latest) return finish(latest, all);
    const client = this.ctx.client;
    if (equal.length) {
      // A rollback to an earlier template: that revision becomes the newest (history.UpdateControllerRevision).
      const rev = structuredClone(equal[equal.length - 1]);
      rev.revision = candidate.revision;
      return void client.request({ verb: 'update', resource: 'controllerrevisions', namespace: rev.metadata.namespace, name: rev.metadata.name, body: rev, label: `PUT controllerrevisions/${rev.metadata.name} (revision ${rev.revision})` }, (res) => {
        if (!res.object) return then(undefined);
        this.revs.observe(res.object);
        finish(res.object, sortRevisions(all.map((x) => (x.metadata.name === rev.metadata.name ? res.object : x))));
      });
    }
    client.request({ verb: 'create', resource: 'controllerrevisions', namespace: set.metadata.namespace, body: candidate }, (res) => {
      if (res.object) {
        this.revs.observe(res.object);
        return finish(res.object, [...all, res.object]);
      }
      if (res.code === 409) {
        // Ours already (a stale cache), or a hash collision: bump collisionCount and try again.
        const other = this.revs.get(`${set.metadata.namespace}/${candidate.metadata.name}`) as any;
        if (other && equalRevision(other, candidate)) return finish(other, all);
        set.status = { ...(set.status ?? {}), collisionCount: collisionCount + 1 };
        return void this.ctx.client.request({ verb: 'status', resource: 'statefulsets', namespace: set.metadata.namespace, name: set.metadata.name, body: { status: { collisionCount: collisionCount + 1 } } }, () => then(undefined));
      }
      then(undefined);
    });
  }

  private perform(set: any, r: Revisions, actions: StsAction[], i: number, then: (ok: boolean) => void): void {
    if (i >= actions.length) return then(true);
    const a = actions[i]!;
    const client = this.ctx.client;
    const next = (ok: boolean) => (ok ? this.perform(set, r, actions, i + 1, then) : then(false));
    const setName = set.metadata.name;
    if (a.op === 'create') {
      const rev = a.revision === 'current' ? r.current : r.update;
      const pod = newStatefulSetPod(set, revisionTemplate(rev), a.ordinal, rev.metadata.name);
      return void client.request({ verb: 'create', resource: 'pods', namespace: set.metadata.namespace, body: pod }, (res) => {
        if (res.object) {
          this.pods.observe(res.object);
          client.event({ involved: set, type: 'Normal', reason: 'SuccessfulCreate', message: `create Pod ${pod.metadata.name} in StatefulSet ${setName} successful` });
          return next(true);
        }
        // stateful_pod_control.go: an AlreadyExists is returned without an Event.
        if (res.code !== 409 && res.cause !== 'NamespaceTerminating') client.event({ involved: set, type: 'Warning', reason: 'FailedCreate', message: `create Pod ${pod.metadata.name} in StatefulSet ${setName} failed error: ${res.message}` });
        next(false);
      });
    }
    const pod = a.pod;
    client.request({ verb: 'delete', resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name }, (res) => {
      if (res.code < 400) {
        if (res.object) this.pods.observe(res.object);
        client.event({ involved: set, type: 'Normal', reason: 'SuccessfulDelete', message: `delete Pod ${pod.metadata.name} in StatefulSet ${setName} successful` });
        return next(true);
      }
      if (res.code === 404) return next(true);
      client.event({ involved: set, type: 'Warning', reason: 'FailedDelete', message: `delete Pod ${pod.metadata.name} in StatefulSet ${setName} failed error: ${res.message}` });
      next(false);
    });
  }

  /** updateStatefulSetStatus with completeRollingUpdate: written when it changed. */
  private writeStatus(set: any, r: Revisions, done: (ok: boolean) => void): void {
    const env = this.ctx.env;
    const minReady = set.spec?.minReadySeconds ?? 0;
    const c = statefulSetCounts(this.ownedPods(set), r.current.metadata.name, r.update.metadata.name, minReady, env.loop.now, (ts) => env.parseTimestamp(ts));
    const next: any = { observedGeneration: set.metadata.generation, ...c, currentRevision: r.current.metadata.name, updateRevision: r.update.metadata.name, collisionCount: r.collisionCount };
    if (set.spec?.updateStrategy?.type === 'RollingUpdate' && next.updatedReplicas === next.replicas && next.readyReplicas === next.replicas) {
      next.currentRevision = next.updateRevision;
      next.currentReplicas = next.updatedReplicas;
    }
    const cur = set.status ?? {};
    const keys = Object.keys(next);
    if (keys.every((k) => (cur[k] ?? 0) === (next[k] ?? 0))) {
      if (minReady > 0 && c.readyReplicas > c.availableReplicas) this.queue.add(objectKey(set), minReady * 1000);
      return done(true);
    }
    const status = { ...omitEmptyPatch(next, ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'collisionCount']), replicas: next.replicas, availableReplicas: next.availableReplicas, observedGeneration: next.observedGeneration, currentRevision: next.currentRevision, updateRevision: next.updateRevision };
    const label = `PATCH statefulsets/${set.metadata.name}/status (${next.replicas} replicas, ${next.readyReplicas} ready, ${next.updatedReplicas} updated)`;
    this.ctx.client.request({ verb: 'status', resource: 'statefulsets', namespace: set.metadata.namespace, name: set.metadata.name, body: { status }, attrs: { replicas: String(next.replicas), ready: String(next.readyReplicas), updated: String(next.updatedReplicas) }, label }, (res) => {
      if (res.object) this.sets.observe(res.object);
      if (minReady > 0 && c.readyReplicas > c.availableReplicas) this.queue.add(objectKey(set), minReady * 1000);
      done(res.code < 400 || res.code === 404);
    });
  }

  /** truncateHistory: revisions no pod uses and that are neither current nor update, oldest first, beyond revisionHistoryLimit. */
  private truncateHistory(set: any, r: Revisions): void {
    const live = new Set([r.current.metadata.name, r.update.metadata.name, ...this.ownedPods(set).map((p) => p.metadata.labels?.[POD_REVISION_LABEL])]);
    const history = sortRevisions(this.revs.byIndex('owner', set.metadata.uid)).filter((x) => !live.has(x.metadata.name));
    const limit = set.spec?.revisionHistoryLimit ?? 10;
    for (const rev of history.slice(0, Math.max(0, history.length - limit))) {
      this.ctx.client.request({ verb: 'delete', resource: 'controllerrevisions', namespace: rev.metadata.namespace, name: rev.metadata.name }, (res) => {
        if (res.code < 400) this.revs.forget(rev);
      });
    }
  }
}

/** What the sync depends on in a pod. */
function summary(p: any): string {
  return JSON.stringify([p.status?.phase, isPodReady(p), !!p.metadata.deletionTimestamp, p.metadata.labels?.[POD_REVISION_LABEL]]);
}
