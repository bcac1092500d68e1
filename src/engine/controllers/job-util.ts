/**
 * Pieces of the Job controller (pkg/controller/job) that need no client: conditions
 * (ensureJobConditionStatus, newCondition), the pod-failure back-off (backoff_utils.go),
 * podFailurePolicy matching (pod_failure_policy.go) and the finished-pod predicates.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';

/** batch.JobTrackingFinalizer: keeps a pod until the Job has counted it. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff (job_controller.go). */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;
/** syncJobBatchPeriod: pod events and status writes sync the Job this much later, batched. */
export const SYNC_JOB_BATCH_MS = 1000;
/** MaxUncountedPods and MaxPodCreateDeletePerSync. */
export const MAX_UNCOUNTED_PODS = 500;
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

export interface JobCondition {
  type: string;
  status: string;
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

export function newCondition(type: string, status: string, reason: string, message: string, now: string): JobCondition {
  const c: JobCondition = { type, status, lastProbeTime: now, lastTransitionTime: now };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

export function findCondition(list: JobCondition[] | undefined, type: string): JobCondition | undefined {
  return (list ?? []).find((c) => c.type === type);
}

/** ensureJobConditionStatus: set or add a condition (never adds a False one); returns whether the list changed. */
export function ensureCondition(list: JobCondition[], type: string, status: string, reason: string, message: string, now: string): [JobCondition[], boolean] {
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i]!;
    if (c.status !== status || (c.reason ?? '') !== reason || (c.message ?? '') !== message) {
      const out = [...list];
      out[i] = newCondition(type, status, reason, message, now);
      return [out, true];
    }
    return [list, false];
  }
  if (status !== 'False') return [[...list, newCondition(type, status, reason, message, now)], true];
  return [list, false];
}

/** IsJobFinished (pkg/controller/job/util): a Complete or Failed condition that is True. */
export function isJobFinished(job: any): boolean {
  return ((job.status?.conditions ?? []) as JobCondition[]).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** The time a Job finished (ttlafterfinished's jobFinishTime): the finishing condition's transition. */
export function jobFinishTime(job: any): string | undefined {
  const c = ((job.status?.conditions ?? []) as JobCondition[]).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.lastTransitionTime;
}

export function hasTrackingFinalizer(pod: KubeObject): boolean {
  return (pod.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/** onlyReplaceFailedPods: podReplacementPolicy Failed, or a podFailurePolicy. */
export function onlyReplaceFailedPods(job: any): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy;
}

/** isPodFailed: Failed, or (unless only failed pods are replaced) deleted before it succeeded. */
export function isPodFailed(pod: any, job: any): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

/** IsPodTerminating (controller_utils.go): not terminal, deletion pending. */
export function isPodTerminating(pod: any): boolean {
  return !!pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts of running pods count as failures. */
export function pastBackoffLimitOnFailure(job: any, pods: KubeObject[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods as any[]) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += s.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/**
 * matchPodFailurePolicy: the first rule that matches a failed pod decides — FailJob (the Job
 * fails with the rule's message), Ignore (not counted against backoffLimit), Count. Returns
 * [failJobMessage, countFailed, action].
 */
export function matchPodFailurePolicy(policy: any, pod: any): [string | undefined, boolean, string | undefined] {
  const rules = (policy?.rules ?? []) as any[];
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    const ns = pod.metadata.namespace;
    const name = pod.metadata.name;
    if (r.onExitCodes) {
      const req = r.onExitCodes;
      const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])] as any[];
      const hit = statuses.find((s) => {
        const code = s.state?.terminated?.exitCode;
        if (code === undefined || code === 0) return false;
        if (req.containerName && req.containerName !== s.name) return false;
        const inValues = ((req.values ?? []) as number[]).includes(code);
        return req.operator === 'In' ? inValues : !inValues;
      });
      if (!hit) continue;
      const code = hit.state.terminated.exitCode;
      if (r.action === 'FailJob') return [`Container ${hit.name} for pod ${ns}/${name} failed with exit code ${code} matching FailJob rule at index ${i}`, true, 'FailJob'];
      if (r.action === 'Ignore') return [undefined, false, 'Ignore'];
      return [undefined, true, r.action];
    }
    for (const pattern of (r.onPodConditions ?? []) as any[]) {
      const want = pattern.status ?? 'True';
      const cond = ((pod.status?.conditions ?? []) as any[]).find((c) => c.type === pattern.type && c.status === want);
      if (!cond) continue;
      if (r.action === 'FailJob') return [`Pod ${ns}/${name} has condition ${pattern.type} matching FailJob rule at index ${i}`, true, 'FailJob'];
      if (r.action === 'Ignore') return [undefined, false, 'Ignore'];
      return [undefined, true, r.action];
    }
  }
  return [undefined, true, undefined];
}

/** A backoffRecord: failures since the last success and when the last one finished (simulated ms). */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/** getFinishedTime: the latest container finish, else the deletion time, else the creation time. */
export function finishedTime(pod: any, parse: (ts: string) => number): number {
  let latest: number | undefined;
  for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])] as any[]) {
    const f = s.state?.terminated?.finishedAt;
    if (f) latest = Math.max(latest ?? -Infinity, parse(f));
  }
  if (latest !== undefined) return latest;
  if (pod.metadata.deletionTimestamp) return parse(pod.metadata.deletionTimestamp);
  return parse(pod.metadata.creationTimestamp ?? '');
}

/** backoffStore.newBackoffRecord: the record after this sync's newly finished pods. */
export function nextBackoffRecord(old: BackoffRecord | undefined, succeeded: any[], failed: any[], parse: (ts: string) => number): BackoffRecord {
  const rec: BackoffRecord = old ? { ...old } : { failuresAfterLastSuccess: 0 };
  const times = (ps: any[]) => ps.map((p) => finishedTime(p, parse)).sort((a, b) => a - b);
  const s = times(succeeded);
  const f = times(failed);
  if (!s.length) {
    if (!f.length) return rec;
    return { failuresAfterLastSuccess: rec.failuresAfterLastSuccess + f.length, lastFailureTime: f[f.length - 1] };
  }
  const out: BackoffRecord = { failuresAfterLastSuccess: 0 };
  const lastSuccess = s[s.length - 1]!;
  for (let i = f.length - 1; i >= 0; i--) {
    if (!(f[i]! > lastSuccess)) break;
    out.lastFailureTime ??= f[i];
    out.failuresAfterLastSuccess++;
  }
  return out;
}

/** getRemainingTimeForFailuresCount: 10 s doubling per failure after the first, capped, minus the time since the last failure. */
export function backoffRemaining(rec: BackoffRecord, nowMs: number): number {
  if (!rec.failuresAfterLastSuccess || rec.lastFailureTime === undefined) return 0;
  let d = POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    d *= 2;
    if (d >= MAX_POD_FAILURE_BACKOFF_MS) {
      d = MAX_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = nowMs - rec.lastFailureTime;
  return d < elapsed ? 0 : d - elapsed;
}

/** controller.ActivePods order for removal: unscheduled < scheduled, pending < running, not ready < ready, then newer first. */
export function activePodsForRemoval(pods: KubeObject[], n: number, parse: (ts: string) => number): KubeObject[] {
  const phase: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const ready = (p: any) => ((p.status?.conditions ?? []) as any[]).some((c) => c.type === 'Ready' && c.status === 'True');
  const sorted = [...pods].sort((a: any, b: any) => {
    if (!!a.spec?.nodeName !== !!b.spec?.nodeName) return a.spec?.nodeName ? 1 : -1;
    const pa = phase[a.status?.phase] ?? 0;
    const pb = phase[b.status?.phase] ?? 0;
    if (pa !== pb) return pa - pb;
    if (ready(a) !== ready(b)) return ready(a) ? 1 : -1;
    return parse(b.metadata.creationTimestamp ?? '') - parse(a.metadata.creationTimestamp ?? '');
  });
  return sorted.slice(0, n);
}
