/**
 * The Job controller (pkg/controller/job/job_controller.go): runs a Job's pods to completion.
 * Each sync (syncJob) counts the Job's pods, creates pods up to `parallelism` while completions
 * remain (slow-start batches, after the pod-failure back-off: 10 s doubling to 10 min), fails the
 * Job past `backoffLimit` (or OnFailure restarts), `activeDeadlineSeconds` or a podFailurePolicy
 * FailJob rule, and tracks finished pods with the `batch.kubernetes.io/job-tracking` finalizer:
 * a finished pod goes to `status.uncountedTerminatedPods`, loses its finalizer, then is counted
 * in `succeeded`/`failed` (trackJobStatusAndRemoveFinalizers). As in current releases
 * (JobPodReplacementPolicy, JobManagedBy on), the interim SuccessCriteriaMet / FailureTarget
 * condition comes first and Complete / Failed only once no pod is terminating.
 *
 * Indexed Jobs (job-indexed.ts) give each pod a completion index (name, annotation, label,
 * hostname, JOB_COMPLETION_INDEX) and count succeeded indexes in `status.completedIndexes`; a
 * successPolicy ends them early (SuccessCriteriaMet, reason SuccessPolicy). A Job whose
 * spec.managedBy names another controller is left alone.
 *
 * Simplifications: backoffLimitPerIndex and maxFailedIndexes are not simulated (`kscn check`
 * refuses them); status writes are merge patches of .status where the controller sends a PUT.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, objectKey, type Informer } from './informer.js';
import { WorkQueue, Pending } from './queue.js';
import { Expectations } from './expectations.js';
import { controllerOf, controllerRef, isPodActive, isPodReady } from './objects.js';
import { indexByOwner } from './pod-indexes.js';
import { cloneData } from '../apiserver/clone.js';
import {
  JOB_TRACKING_FINALIZER, MAX_POD_CREATE_DELETE_PER_SYNC, MAX_UNCOUNTED_PODS, SYNC_JOB_BATCH_MS, activePodsForRemoval, backoffRemaining, ensureCondition, findCondition,
  hasTrackingFinalizer, isJobFinished, isPodFailed, isPodTerminating, matchPodFailurePolicy, newCondition, nextBackoffRecord, pastBackoffLimitOnFailure,
  type BackoffRecord, type JobCondition,
} from './job-util.js';
import {
  COMPLETION_INDEX, addCompletionIndexEnv, completionIndex, duplicatedIndexPods, firstPendingIndexes, formatIndexes, generateNameWithIndex, hasIndex, isIndexedJob, matchSuccessPolicy,
  parseIndexes, totalIndexes, withIndexes, type Intervals,
} from './job-indexed.js';

/** The value of spec.managedBy that means this controller (batch.JobControllerName). */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';

/** What one sync knows (syncJobCtx). */
interface SyncCtx {
  job: any;
  key: string;
  pods: KubeObject[];
  active: KubeObject[];
  succeeded: number;
  failed: number;
  ready: number;
  terminating: number;
  finished?: JobCondition;
  uncSucceeded: Set<string>;
  uncFailed: Set<string>;
  expectedRm: Set<string>;
  backoff: BackoffRecord;
  /** Indexed Jobs: the succeeded indexes of .status.completedIndexes, and with the newly succeeded pods. */
  prevSucceededIdx: Intervals;
  succeededIdx: Intervals;
}

export class JobController implements Controller {
  readonly name = 'job';
  readonly eventSource = 'job-controller';
  private ctx!: ControllerContext;
  private pods!: Informer;
  private jobs!: Informer;
  private queue!: WorkQueue;
  private orphans!: WorkQueue;
  private exp!: Expectations;
  /** finalizerExpectations: pod uids whose finalizer removal a Job waits to observe. */
  private readonly rmFinalizers = new Map<string, Set<string>>();
  /** podBackoffStore. */
  private readonly backoff = new Map<string, BackoffRecord>();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.pods = sharedInformer(ctx.client, ctx.server, 'pods');
    this.jobs = sharedInformer(ctx.client, ctx.server, 'jobs');
    indexByOwner(this.pods);
    this.exp = new Expectations(ctx.env.loop);
    this.queue = new WorkQueue(ctx.env, (k, done) => this.sync(k, done));
    this.orphans = new WorkQueue(ctx.env, (k, done) => this.syncOrphanPod(k, done));
    this.jobs.on((type, job, old) => this.onJob(type, job, old));
    this.pods.on((type, pod, old) => this.onPod(type, pod, old));
    for (const j of this.jobs.list()) this.queue.add(objectKey(j));
  }

  private get now(): number {
    return this.ctx.env.loop.now;
  }

  private parse = (ts: string) => this.ctx.env.parseTimestamp(ts);

  // ---- event handlers (addJob / updateJob / deleteJob, addPod / updatePod / deletePod)

  private onJob(type: string, job: KubeObject, old: KubeObject | undefined): boolean {
    const key = objectKey(job);
    if (type === 'DELETED') {
      this.queue.add(key);
      this.cleanupPodFinalizers(job);
      return true;
    }
    if (type === 'ADDED' || job.metadata.generation !== old?.metadata.generation) this.queue.add(key);
    else if (isJobFinished(job)) {
      // A finished Job's own status writes: only the finalizer clean-up remains.
      this.cleanupPodFinalizers(job);
      return false;
    } else this.queue.add(key, SYNC_JOB_BATCH_MS);
    // A changed activeDeadlineSeconds: sync again when the new deadline passes.
    const ads = (job as any).spec?.activeDeadlineSeconds;
    const start = (job as any).status?.startTime;
    if (type === 'MODIFIED' && start && ads !== undefined && ads !== (old as any)?.spec?.activeDeadlineSeconds) {
      this.queue.add(key, Math.max(0, this.parse(start) + ads * 1000 - this.now));
    }
    return true;
  }

  /** resolveControllerRef: the Job a controller reference names, if the informer has it (same uid). */
  private jobOf(pod: KubeObject): KubeObject | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'Job') return undefined;
    const job = this.jobs.get(`${pod.metadata.namespace}/${ref.name}`);
    return job && job.metadata.uid === ref.uid ? job : undefined;
  }

  private onPod(type: string, pod: KubeObject, old: KubeObject | undefined): boolean {
    if (type === 'DELETED') return this.podGone(pod, true);
    if (type === 'ADDED' && pod.metadata.deletionTimestamp) return this.podGone(pod, false);
    if (type === 'MODIFIED') {
      if (old && old.metadata.resourceVersion === pod.metadata.resourceVersion) return false;
      if (pod.metadata.deletionTimestamp) return this.podGone(pod, false);
    }
    const job = this.jobOf(pod);
    if (!job) {
      // An orphan with the finalizer: remove it.
      if (!controllerOf(pod) && hasTrackingFinalizer(pod)) {
        this.orphans.add(objectKey(pod));
        return true;
      }
      return false;
    }
    const key = objectKey(job);
    if (type === 'ADDED') this.exp.creationObserved(key);
    else if (!hasTrackingFinalizer(pod)) this.rmFinalizers.get(key)?.delete(pod.metadata.uid!);
    this.queue.add(key, SYNC_JOB_BATCH_MS);
    return true;
  }

  /** deletePod: a pod deleted (final) or marked for deletion. */
  private podGone(pod: KubeObject, final: boolean): boolean {
    const fin = hasTrackingFinalizer(pod);
    const job = this.jobOf(pod);
    if (!job || isJobFinished(job)) {
      if (fin && !final) this.orphans.add(objectKey(pod));
      return fin && !final;
    }
    const key = objectKey(job);
    this.exp.deletionObserved(key, objectKey(pod));
    if (final || !fin) this.rmFinalizers.get(key)?.delete(pod.metadata.uid!);
    this.queue.add(key, SYNC_JOB_BATCH_MS);
    return true;
  }

  /** cleanupPodFinalizers: the pods a deleted or finished Job still holds by their finalizer. */
  private cleanupPodFinalizers(job: KubeObject): void {
    for (const p of this.pods.byIndex('owner', job.metadata.uid!)) {
      if (controllerOf(p)?.uid === job.metadata.uid && hasTrackingFinalizer(p)) this.orphans.add(objectKey(p));
    }
  }

  /** syncOrphanPod: remove the finalizer from a pod whose Job is gone or finished. */
  private syncOrphanPod(key: string, done: (ok?: boolean) => void): void {
    const pod = this.pods.get(key);
    if (!pod || !hasTrackingFinalizer(pod)) return done();
    const ref = controllerOf(pod);
    if (ref) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return done();
      const job = this.jobOf(pod);
      if (job && !isJobFinished(job)) return done();
    }
    this.removeFinalizer(pod, (ok) => done(ok));
  }

  /** removeTrackingFinalizerPatch, sent as a merge patch of the remaining finalizers. */
  private removeFinalizer(pod: KubeObject, then: (ok: boolean) => void): void {
    const rest = (pod.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
    this.ctx.client.request(
      { verb: 'patch', resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name, body: { metadata: { finalizers: rest.length ? rest : null } }, label: `PATCH pods/${pod.metadata.name} (remove finalizer ${JOB_TRACKING_FINALIZER})` },
      (res) => {
        if (res.object && res.code < 300) this.pods.observe(res.object);
        then(res.code < 400 || res.code === 404);
      },
    );
  }

  // ---- syncJob

  private sync(key: string, done: (ok?: boolean) => void): void {
    const shared = this.jobs.get(key) as any;
    if (!shared) {
      this.exp.delete(key);
      this.rmFinalizers.delete(key);
      this.backoff.delete(key);
      return done();
    }
    if (isJobFinished(shared)) {
      this.backoff.delete(key);
      return done();
    }
    // managedByExternalController: another controller syncs this Job.
    const managedBy = shared.spec?.managedBy;
    if (typeof managedBy === 'string' && managedBy !== JOB_CONTROLLER_NAME) return done();
    const job = cloneData(shared) as any;
    const status = (job.status ??= {});
    const uncounted = status.uncountedTerminatedPods ?? {};
    const satisfied = this.exp.satisfied(key);
    const uid = job.metadata.uid;
    const pods = this.pods.byIndex('owner', uid).filter((p) => controllerOf(p)?.uid === uid);
    const active = pods.filter(isPodActive);
    const expectedRm = new Set(this.rmFinalizers.get(key) ?? []);
    const c: SyncCtx = {
      job, key, pods, active,
      succeeded: 0, failed: 0,
      ready: active.filter(isPodReady).length,
      terminating: pods.filter(isPodTerminating).length,
      uncSucceeded: new Set(uncounted.succeeded ?? []),
      uncFailed: new Set(uncounted.failed ?? []),
      expectedRm,
      backoff: { failuresAfterLastSuccess: 0 },
      prevSucceededIdx: [],
      succeededIdx: [],
    };
    const indexed = isIndexedJob(job);
    const completions: number = job.spec?.completions ?? 0;
    const validIndex = (p: KubeObject) => !indexed || (completionIndex(p) !== -1 && completionIndex(p) < completions);
    // getNewFinishedPods (getValidPodsWithFilter): finished pods still holding the finalizer, not yet uncounted, with a valid index.
    const fresh = (unc: Set<string>, pred: (p: any) => boolean) => pods.filter((p) => hasTrackingFinalizer(p) && !unc.has(p.metadata.uid!) && !expectedRm.has(p.metadata.uid!) && validIndex(p) && pred(p));
    const newSucceeded = fresh(c.uncSucceeded, (p) => p.status?.phase === 'Succeeded');
    const newFailed = fresh(c.uncFailed, (p) => isPodFailed(p, job));
    const pfp = job.spec?.podFailurePolicy;
    const counted = pfp ? newFailed.filter((p) => matchPodFailurePolicy(pfp, p)[1]).length : newFailed.length;
    c.succeeded = (status.succeeded ?? 0) + newSucceeded.length + c.uncSucceeded.size;
    c.failed = (status.failed ?? 0) + counted + c.uncFailed.size;
    const suspended = job.spec?.suspend === true;
    if (!status.startTime && !suspended) status.startTime = this.ctx.env.timestamp();
    c.backoff = nextBackoffRecord(this.backoff.get(key), newSucceeded, newFailed, this.parse);
    const ts = this.ctx.env.timestamp();

    const met = findCondition(status.conditions, 'SuccessCriteriaMet');
    c.finished = met?.status === 'True' ? met : undefined;
    if (!c.finished) {
      const target = findCondition(status.conditions, 'FailureTarget');
      if (target?.status === 'True') c.finished = newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', ts);
      else if (pfp) {
        for (const p of pods) {
          if (!isPodFailed(p, job)) continue;
          const [msg] = matchPodFailurePolicy(pfp, p);
          if (msg) {
            c.finished = newCondition('FailureTarget', 'True', 'PodFailurePolicy', msg, ts);
            break;
          }
        }
      }
    }
    if (!c.finished) {
      const ads = job.spec?.activeDeadlineSeconds;
      if (c.failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
        c.finished = newCondition('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', ts);
      } else if (ads !== undefined && status.startTime && !suspended && this.now - this.parse(status.startTime) >= ads * 1000) {
        c.finished = newCondition('FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline', ts);
      } else if (ads !== undefined && !suspended) {
        this.queue.add(key, Math.max(0, this.parse(status.startTime) + ads * 1000 - this.now));
      }
    }

    if (indexed) {
      // calculateSucceededIndexes: .status.completedIndexes and the succeeded pods still holding the finalizer.
      c.prevSucceededIdx = parseIndexes(status.completedIndexes, completions);
      c.succeededIdx = withIndexes(c.prevSucceededIdx, pods.filter((p) => (p as any).status?.phase === 'Succeeded' && validIndex(p) && hasTrackingFinalizer(p)).map(completionIndex));
      c.succeeded = totalIndexes(c.succeededIdx);
      if (!c.finished) {
        const msg = matchSuccessPolicy(job.spec?.successPolicy, completions, c.succeededIdx);
        if (msg) c.finished = newCondition('SuccessCriteriaMet', 'True', 'SuccessPolicy', msg, ts);
      }
    }

    const finish = (activeCount: number, suspendChanged: boolean, err?: string) => {
      const terminating = c.terminating;
      const needs = suspendChanged || activeCount !== (status.active ?? 0) || c.ready !== (status.ready ?? 0) || terminating !== (status.terminating ?? 0);
      status.active = activeCount;
      status.ready = c.ready;
      status.terminating = terminating;
      this.track(c, needs, (ok) => done(ok && !err));
    };

    if (c.finished) {
      // deleteActivePods: the Job failed; its running pods go (their finalizers are removed below).
      this.deletePods(c, active, false, (deleted, deletedReady, err) => {
        if (deleted !== active.length || !satisfied) c.finished = undefined;
        c.terminating += deleted;
        c.ready -= deletedReady;
        finish(active.length - deleted, false, err);
      });
      return;
    }
    const afterManage = (activeCount: number, called: boolean, err?: string) => {
      const completions = job.spec?.completions;
      const complete = completions === undefined || completions === null ? c.succeeded > 0 && activeCount === 0 : c.succeeded >= completions && activeCount === 0;
      let suspendChanged = false;
      if (complete) c.finished = newCondition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', ts);
      else if (called) {
        const [list, changed] = suspended
          ? ensureCondition(status.conditions ?? [], 'Suspended', 'True', 'JobSuspended', 'Job suspended', ts)
          : ensureCondition(status.conditions ?? [], 'Suspended', 'False', 'JobResumed', 'Job resumed', ts);
        if (changed) {
          suspendChanged = true;
          status.conditions = list;
          this.ctx.client.event({ involved: shared, type: 'Normal', reason: suspended ? 'Suspended' : 'Resumed', message: suspended ? 'Job suspended' : 'Job resumed' });
          if (!suspended) status.startTime = ts;
        }
      }
      finish(activeCount, suspendChanged, err);
    };
    if (satisfied && !job.metadata.deletionTimestamp) this.manageJob(c, (n, err) => afterManage(n, true, err));
    else afterManage(active.length, false);
  }

  /** manageJob: delete surplus pods, or create the missing ones once the failure back-off is over. */
  private manageJob(c: SyncCtx, then: (active: number, err?: string) => void): void {
    const job = c.job;
    let active = c.active.length;
    if (job.spec?.suspend === true) {
      return this.deletePods(c, c.active, true, (deleted, deletedReady, err) => {
        c.terminating += deleted;
        c.ready -= deletedReady;
        then(active - deleted, err);
      });
    }
    const parallelism = job.spec?.parallelism ?? 1;
    const completions = job.spec?.completions;
    let want: number;
    if (completions === undefined || completions === null) want = c.succeeded > 0 ? active : parallelism;
    else want = Math.max(0, Math.min(completions - c.succeeded, parallelism));
    const surplus = Math.max(0, active - want);
    let victims: KubeObject[];
    if (isIndexedJob(job)) {
      // activePodsForRemoval of an Indexed Job: pods of a repeated or invalid index first.
      const { rm, left } = duplicatedIndexPods(c.active, completions ?? 0, (list) => activePodsForRemoval(list, list.length, this.parse));
      victims = rm.length < surplus ? [...rm, ...activePodsForRemoval(left, surplus - rm.length, this.parse)] : rm;
    } else victims = activePodsForRemoval(c.active, surplus, this.parse);
    victims = victims.slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (victims.length > 0) {
      return this.deletePods(c, victims, true, (deleted, deletedReady, err) => {
        c.terminating += deleted;
        c.ready -= deletedReady;
        then(active - deleted, err);
      });
    }
    const terminating = job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy ? c.terminating : 0;
    let diff = want - terminating - active;
    if (diff <= 0) return then(active);
    const remaining = backoffRemaining(c.backoff, this.now);
    if (remaining > 0) {
      this.queue.add(c.key, Math.max(SYNC_JOB_BATCH_MS, remaining));
      return then(0);
    }
    diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
    let indexes: number[] | undefined;
    if (isIndexedJob(job)) {
      const terminatingPods = job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy ? c.pods.filter(isPodTerminating) : undefined;
      indexes = firstPendingIndexes(c.succeededIdx, c.active, terminatingPods, diff, completions);
      diff = indexes.length;
      if (diff === 0) return then(active);
    }
    this.exp.expectCreations(c.key, diff);
    active += diff;
    let firstErr: string | undefined;
    // Slow start: batches of 1, 2, 4 … ; a failed batch stops the rest (retried at the next sync).
    const batch = (size: number, left: number) => {
      if (left <= 0) return then(active, firstErr);
      const n = Math.min(size, left);
      let pending = n;
      let failed = false;
      for (let i = 0; i < n; i++) {
        this.createPod(c, indexes?.shift(), (err) => {
          if (err) {
            failed = true;
            firstErr ??= err;
            this.exp.creationObserved(c.key);
            active--;
          }
          if (--pending > 0) return;
          const rest = left - n;
          if (failed && rest > 0) {
            active -= rest;
            for (let k = 0; k < rest; k++) this.exp.creationObserved(c.key);
            return then(active, firstErr);
          }
          batch(2 * n, rest);
        });
      }
    };
    batch(1, diff);
  }

  /**
   * CreatePodsWithGenerateName: the template with the tracking finalizer and the Job as controller;
   * for a completion index, its annotation and label, `NAME-INDEX` as hostname and name prefix,
   * and JOB_COMPLETION_INDEX in each container.
   */
  private createPod(c: SyncCtx, index: number | undefined, then: (err?: string) => void): void {
    const job = c.job;
    const t = job.spec?.template ?? {};
    const meta: any = { generateName: `${job.metadata.name}-`, namespace: job.metadata.namespace, labels: { ...(t.metadata?.labels ?? {}) }, ownerReferences: [controllerRef(job)] };
    if (t.metadata?.annotations) meta.annotations = { ...t.metadata.annotations };
    meta.finalizers = [...new Set([...(t.metadata?.finalizers ?? []), JOB_TRACKING_FINALIZER])];
    const spec = structuredClone(t.spec ?? {});
    if (isIndexedJob(job)) addCompletionIndexEnv(spec);
    if (index !== undefined) {
      meta.annotations = { ...(meta.annotations ?? {}), [COMPLETION_INDEX]: String(index) };
      meta.labels[COMPLETION_INDEX] = String(index);
      meta.generateName = generateNameWithIndex(job.metadata.name, index);
      spec.hostname = `${job.metadata.name}-${index}`;
    }
    const body = { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec };
    this.ctx.client.request({ verb: 'create', resource: 'pods', namespace: job.metadata.namespace, body }, (res) => {
      if (res.object) {
        this.pods.observe(res.object);
        this.ctx.client.event({ involved: this.jobs.get(c.key) ?? job, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${res.object.metadata.name}` });
        return then();
      }
      const err = res.message ?? `status ${res.code}`;
      if (res.cause === 'NamespaceTerminating') return then();
      this.ctx.client.event({ involved: this.jobs.get(c.key) ?? job, type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${err}` });
      then(err);
    });
  }

  /**
   * deleteJobPods (`removeFinalizer`: the finalizer goes first, for surplus or suspended pods) or
   * deleteActivePods (finalizers kept: the status tracking removes them). `then(deleted, deletedReady, err)`.
   */
  private deletePods(c: SyncCtx, victims: KubeObject[], removeFinalizer: boolean, then: (deleted: number, ready: number, err?: string) => void): void {
    if (!victims.length) return then(0, 0);
    if (removeFinalizer) this.exp.expectDeletions(c.key, victims.map(objectKey));
    let deleted = victims.length;
    let ready = 0;
    let err: string | undefined;
    const pending = new Pending(() => then(deleted, ready, err));
    const involved = this.jobs.get(c.key) ?? c.job;
    for (const pod of victims) {
      const del = pending.wrap();
      const go = () =>
        this.ctx.client.request({ verb: 'delete', resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name }, (res) => {
          if (res.code < 400) {
            if (res.object) this.pods.observe(res.object);
            this.ctx.client.event({ involved, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` });
            if (isPodReady(pod)) ready++;
          } else if (res.code !== 404) {
            deleted--;
            err ??= res.message;
            if (removeFinalizer) this.exp.deletionObserved(c.key, objectKey(pod));
            this.ctx.client.event({ involved, type: 'Warning', reason: 'FailedDelete', message: `Error deleting: ${res.message}` });
          } else if (removeFinalizer) this.exp.deletionObserved(c.key, objectKey(pod));
          del();
        });
      if (removeFinalizer && hasTrackingFinalizer(pod)) {
        this.removeFinalizer(pod, (ok) => {
          if (ok) return go();
          deleted--;
          err ??= 'removing completion finalizer failed';
          this.exp.deletionObserved(c.key, objectKey(pod));
          del();
        });
      } else go();
    }
    pending.close();
  }

  /**
   * trackJobStatusAndRemoveFinalizers: finished pods into uncountedTerminatedPods (a status write),
   * their finalizers removed, then counted; the terminal condition once nothing is left uncounted
   * or terminating, with its Event.
   */
  private track(c: SyncCtx, needsFlush: boolean, done: (ok: boolean) => void): void {
    const job = c.job;
    const status = job.status;
    const withFinalizer = new Set(c.pods.filter((p) => hasTrackingFinalizer(p) && !c.expectedRm.has(p.metadata.uid!)).map((p) => p.metadata.uid!));
    if (this.cleanUncounted(c, withFinalizer)) needsFlush = true;
    const toRemove: KubeObject[] = [];
    let reachedMax = false;
    const pfp = job.spec?.podFailurePolicy;
    const indexed = isIndexedJob(job);
    const completions: number = job.spec?.completions ?? 0;
    const newSucceededIdx: number[] = [];
    // Indexed: completed indexes are introduced in order.
    const pods = indexed ? [...c.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : c.pods;
    for (const pod of pods as any[]) {
      const uid = pod.metadata.uid as string;
      if (!hasTrackingFinalizer(pod) || c.expectedRm.has(uid)) continue;
      const failed = isPodFailed(pod, job);
      // canRemoveFinalizer
      if (!(job.metadata.deletionTimestamp || c.finished || pod.status?.phase === 'Succeeded' || failed)) continue;
      toRemove.push(pod);
      const ix = completionIndex(pod);
      if (pod.status?.phase === 'Succeeded' && !c.uncFailed.has(uid)) {
        if (indexed) {
          // The completion index is enough to avoid recounting succeeded pods.
          if (ix !== -1 && ix < completions && !hasIndex(c.prevSucceededIdx, ix)) {
            newSucceededIdx.push(ix);
            needsFlush = true;
          }
        } else if (!c.uncSucceeded.has(uid)) {
          c.uncSucceeded.add(uid);
          needsFlush = true;
        }
      } else if (failed || (c.finished && c.finished.type !== 'SuccessCriteriaMet')) {
        if (!c.uncFailed.has(uid) && (!indexed || (ix !== -1 && ix < completions)) && (!pfp || matchPodFailurePolicy(pfp, pod)[1])) {
          c.uncFailed.add(uid);
          needsFlush = true;
        }
      }
      if (newSucceededIdx.length + c.uncSucceeded.size + c.uncFailed.size >= MAX_UNCOUNTED_PODS) {
        reachedMax = true;
        break;
      }
    }
    if (indexed) {
      c.succeededIdx = withIndexes(c.succeededIdx, newSucceededIdx);
      const text = formatIndexes(c.succeededIdx);
      if (text !== (status.completedIndexes ?? '')) needsFlush = true;
      status.succeeded = totalIndexes(c.succeededIdx);
      status.completedIndexes = text;
    }
    const ts = this.ctx.env.timestamp();
    if (c.finished?.type === 'FailureTarget') {
      if (!findCondition(status.conditions, 'FailureTarget')) status.conditions = [...(status.conditions ?? []), c.finished];
      needsFlush = true;
      c.finished = newCondition('Failed', 'True', c.finished.reason ?? '', c.finished.message ?? '', ts);
    }
    if (c.finished?.type === 'SuccessCriteriaMet') {
      if (!findCondition(status.conditions, 'SuccessCriteriaMet')) {
        status.conditions = [...(status.conditions ?? []), c.finished];
        needsFlush = true;
      }
      c.finished = newCondition('Complete', 'True', c.finished.reason ?? '', c.finished.message ?? '', ts);
    }
    const afterFlush = (ok: boolean) => {
      if (!ok) return done(false);
      this.removeFinalizers(c, toRemove, withFinalizer, (rmOk) => {
        if (this.cleanUncounted(c, withFinalizer)) needsFlush = true;
        if (!rmOk) return needsFlush ? this.writeStatus(c, () => done(false)) : done(false);
        const finished = !reachedMax && this.enactJobFinished(c);
        if (finished) needsFlush = true;
        if (!needsFlush) return done(true);
        this.writeStatus(c, (wrote) => {
          if (wrote && finished) this.recordJobFinished(c);
          done(wrote);
        });
      });
    };
    if (needsFlush) {
      needsFlush = false;
      this.writeStatus(c, (ok) => {
        if (ok) this.backoff.set(c.key, c.backoff);
        afterFlush(ok);
      });
    } else afterFlush(true);
  }

  /** cleanUncountedPodsWithoutFinalizers: uncounted pods whose finalizer is gone are counted. */
  private cleanUncounted(c: SyncCtx, withFinalizer: Set<string>): boolean {
    const status = c.job.status;
    let changed = false;
    for (const [set, field] of [[c.uncSucceeded, 'succeeded'], [c.uncFailed, 'failed']] as const) {
      for (const uid of [...set]) {
        if (withFinalizer.has(uid)) continue;
        set.delete(uid);
        status[field] = (status[field] ?? 0) + 1;
        changed = true;
      }
    }
    return changed;
  }

  /** removeTrackingFinalizerFromPods; `then(allOk)`. */
  private removeFinalizers(c: SyncCtx, pods: KubeObject[], withFinalizer: Set<string>, then: (ok: boolean) => void): void {
    if (!pods.length) return then(true);
    const expected = this.rmFinalizers.get(c.key) ?? new Set<string>();
    this.rmFinalizers.set(c.key, expected);
    for (const p of pods) expected.add(p.metadata.uid!);
    const pending = new Pending((ok) => then(ok));
    for (const p of pods) {
      this.removeFinalizer(
        p,
        pending.wrap((ok: boolean) => {
          if (ok) withFinalizer.delete(p.metadata.uid!);
          else expected.delete(p.metadata.uid!);
          return ok;
        }),
      );
    }
    pending.close();
  }

  /** enactJobFinished: the Complete or Failed condition, once nothing is uncounted or terminating. */
  private enactJobFinished(c: SyncCtx): boolean {
    if (!c.finished) return false;
    if (c.uncSucceeded.size + c.uncFailed.size > 0) return false;
    if (c.terminating > 0) return false;
    const status = c.job.status;
    const f = c.finished;
    [status.conditions] = ensureCondition(status.conditions ?? [], f.type, f.status, f.reason ?? '', f.message ?? '', this.ctx.env.timestamp());
    if (f.type === 'Complete') status.completionTime = f.lastTransitionTime;
    return true;
  }

  /** recordJobFinished: `Completed "Job completed"`, or the failure's reason and message as a Warning. */
  private recordJobFinished(c: SyncCtx): void {
    const job = this.jobs.get(c.key) ?? c.job;
    const f = c.finished!;
    if (f.type === 'Complete') {
      const completions = c.job.spec?.completions;
      if (completions !== undefined && c.job.status.succeeded > completions) {
        this.ctx.client.event({ involved: job, type: 'Warning', reason: 'TooManySucceededPods', message: 'Too many succeeded pods running after completion count reached' });
      }
      this.ctx.client.event({ involved: job, type: 'Normal', reason: 'Completed', message: 'Job completed' });
    } else this.ctx.client.event({ involved: job, type: 'Warning', reason: f.reason ?? 'Failed', message: f.message ?? '' });
  }

  /** updateJobStatus: the status as the controller computed it (omitempty fields removed). */
  private writeStatus(c: SyncCtx, then: (ok: boolean) => void): void {
    const job = c.job;
    const s = job.status;
    const unc = { succeeded: [...c.uncSucceeded], failed: [...c.uncFailed] };
    const body: any = {
      startTime: s.startTime ?? null,
      completionTime: s.completionTime ?? null,
      active: s.active || null,
      ready: s.ready ?? 0,
      terminating: s.terminating ?? 0,
      succeeded: s.succeeded || null,
      failed: s.failed || null,
      conditions: s.conditions?.length ? s.conditions : null,
      uncountedTerminatedPods: { succeeded: unc.succeeded.length ? unc.succeeded : null, failed: unc.failed.length ? unc.failed : null },
    };
    if (isIndexedJob(job)) body.completedIndexes = s.completedIndexes || null;
    const cond = (s.conditions ?? []).filter((x: JobCondition) => x.status === 'True').map((x: JobCondition) => x.type);
    const label = `PUT jobs/${job.metadata.name}/status (${s.active ?? 0} active, ${s.succeeded ?? 0} succeeded, ${s.failed ?? 0} failed${unc.succeeded.length + unc.failed.length ? `, ${unc.succeeded.length + unc.failed.length} uncounted` : ''}${isIndexedJob(job) && s.completedIndexes ? `, completed indexes ${s.completedIndexes}` : ''}${cond.length ? `, ${cond.join(', ')}` : ''})`;
    const attrs: Record<string, string> = { active: String(s.active ?? 0), succeeded: String(s.succeeded ?? 0), failed: String(s.failed ?? 0) };
    if (cond.length) attrs.conditions = cond.join(',');
    this.ctx.client.request({ verb: 'status', resource: 'jobs', namespace: job.metadata.namespace, name: job.metadata.name, body: { status: body }, attrs, label }, (res) => {
      if (res.object) {
        this.jobs.observe(res.object);
        c.job = cloneData(res.object) as any;
        c.job.status ??= {};
      }
      then(res.code < 400);
    });
  }
}
