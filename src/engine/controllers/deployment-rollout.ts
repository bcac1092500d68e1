/**
 * The Deployment controller's strategies (rolling.go, recreate.go, sync.go scale, progress.go):
 * each is one sync that makes its API calls one after another, as the real controller's
 * blocking calls do, and ends with the status write.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { DeployState, Done } from './deployment.js';
import { controllerOf, isPodTerminal } from './objects.js';
import {
  DESIRED_REPLICAS, available, byCreation, calculateStatus, condition, deploymentComplete, deploymentProgressing, getCondition, isRollingUpdate,
  maxSurge, maxUnavailable, newRSNewReplicas, proportion, removeCondition, setCondition, specReplicas,
} from './deployment-util.js';
import { cleanupDeployment, fresh, getAllReplicaSets, normalStatus, scaleAndRecord, scaleReplicaSet, updateStatus } from './deployment-rs.js';

/** Run `fn` on each item in turn; `end(count)` counts the items for which `fn` reported true. */
function inTurn<T>(items: T[], fn: (item: T, next: (counted: boolean | undefined) => void) => void, end: (count: number) => void, i = 0, n = 0): void {
  if (i >= items.length) return end(n);
  fn(items[i]!, (counted) => (counted === undefined ? end(-1) : inTurn(items, fn, end, i + 1, n + (counted ? 1 : 0))));
}

const active = (rss: any[]) => rss.filter((rs) => rs && (rs.spec?.replicas ?? 0) > 0);

/** rolloutRolling: scale the new ReplicaSet up, else old ones down, then clean up and report. */
export function rolloutRolling(s: DeployState, d: any, rsList: any[], done: Done): void {
  getAllReplicaSets(s, d, rsList, true, (ok, newRS, oldRSs) => {
    if (!ok || !newRS) return done(false);
    const status = () => syncRolloutStatus(s, [...oldRSs, newRS], newRS, d, done);
    const replicas = d.spec.replicas ?? 1;
    const scaleNew = (then: (scaled: boolean) => void) => {
      if (newRS.spec.replicas === replicas) return then(false);
      const target = newRS.spec.replicas > replicas ? replicas : newRSNewReplicas(d, [...oldRSs, newRS], newRS);
      scaleAndRecord(s, newRS, target, d, (scaled, rs) => (rs ? then(scaled) : done(false)));
    };
    scaleNew((scaledUp) => {
      if (scaledUp) return status();
      reconcileOld(s, d, oldRSs, fresh(s, newRS), (scaledDown) => {
        if (scaledDown === undefined) return done(false);
        if (scaledDown || !deploymentComplete(d, d.status ?? {})) return status();
        cleanupDeployment(s, oldRSs, d, status);
      });
    });
  });
}

/** reconcileOldReplicaSets: scale old ReplicaSets down as far as maxUnavailable allows. */
function reconcileOld(s: DeployState, d: any, oldRSs: any[], newRS: any, then: (scaled: boolean | undefined) => void): void {
  const olds = active(oldRSs.map((rs) => fresh(s, rs)));
  if (!specReplicas(olds)) return then(false);
  const minAvailable = (d.spec.replicas ?? 1) - maxUnavailable(d);
  const newUnavailable = (newRS.spec.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicas([...olds, newRS]) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return then(false);
  // cleanupUnhealthyReplicas: first the old pods that are not available anyway.
  let cleaned = 0;
  inTurn(olds.sort(byCreation), (rs, next) => {
    const unhealthy = (rs.spec.replicas ?? 0) - (rs.status?.availableReplicas ?? 0);
    if (cleaned >= maxScaledDown || !rs.spec.replicas || unhealthy <= 0) return next(false);
    const n = Math.min(maxScaledDown - cleaned, unhealthy);
    scaleAndRecord(s, rs, rs.spec.replicas - n, d, (_, updated) => {
      if (!updated) return next(undefined);
      cleaned += n;
      next(true);
    });
  }, (c) => {
    if (c < 0) return then(undefined);
    // scaleDownOldReplicaSetsForRollingUpdate: then the available ones, oldest first.
    const all = [...olds.map((rs) => fresh(s, rs)), newRS];
    const availablePods = available(all);
    if (availablePods <= minAvailable) return then(cleaned > 0);
    const total = availablePods - minAvailable;
    let scaled = 0;
    inTurn(olds.map((rs) => fresh(s, rs)).sort(byCreation), (rs, next) => {
      if (scaled >= total || !rs.spec.replicas) return next(false);
      const n = Math.min(rs.spec.replicas, total - scaled);
      scaleAndRecord(s, rs, rs.spec.replicas - n, d, (_, updated) => {
        if (!updated) return next(undefined);
        scaled += n;
        next(true);
      });
    }, (k) => then(k < 0 ? undefined : cleaned + scaled > 0));
  });
}

/** rolloutRecreate: all old pods down and gone, then the new ReplicaSet up. */
export function rolloutRecreate(s: DeployState, d: any, rsList: any[], done: Done): void {
  getAllReplicaSets(s, d, rsList, false, (ok, newRS, oldRSs) => {
    if (!ok) return done(false);
    const status = (n: any, olds: any[]) => syncRolloutStatus(s, [...olds, n], n, d, done);
    inTurn(active(oldRSs), (rs, next) => scaleAndRecord(s, rs, 0, d, (scaled, u) => next(u ? scaled : undefined)), (downs) => {
      if (downs < 0) return done(false);
      if (downs > 0 || oldPodsRunning(s, newRS, oldRSs)) return status(newRS, oldRSs);
      const up = (n: any, olds: any[]) =>
        scaleAndRecord(s, n, d.spec.replicas ?? 1, d, (_, u) => {
          if (!u) return done(false);
          if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(s, olds, d, () => status(u, olds));
          else status(u, olds);
        });
      if (newRS) return up(newRS, oldRSs);
      getAllReplicaSets(s, d, rsList, true, (ok2, n, olds) => (ok2 && n ? up(n, olds) : done(false)));
    });
  });
}

/** Old ReplicaSets still have pods that are not terminal (Terminating ones count). */
function oldPodsRunning(s: DeployState, newRS: any, oldRSs: any[]): boolean {
  if (oldRSs.some((rs) => (fresh(s, rs).status?.replicas ?? 0) > 0)) return true;
  return oldRSs.some((rs) => rs.metadata.uid !== newRS?.metadata.uid && s.pods.byIndex('owner', rs.metadata.uid).some((p) => controllerOf(p)?.uid === rs.metadata.uid && !isPodTerminal(p)));
}

/** sync + scale: a change of spec.replicas, spread proportionally over the active ReplicaSets. */
export function syncScale(s: DeployState, d: any, newRS: any, oldRSs: any[], done: Done): void {
  const finish = () => {
    const all = [...oldRSs, newRS].map((rs) => fresh(s, rs));
    const next = calculateStatus(all, fresh(s, newRS), d, s.ctx.env.timestamp());
    if (normalStatus(d.status) === normalStatus(next)) return done();
    updateStatus(s, d, next, done);
  };
  const replicas = d.spec.replicas ?? 1;
  const act = active([...oldRSs, newRS]);
  const latest = act.length === 1 ? act[0] : act.length === 0 ? newRS ?? [...oldRSs].sort(byCreation).pop() : undefined;
  if (latest) {
    if (latest.spec.replicas === replicas) return finish();
    return scaleAndRecord(s, latest, replicas, d, (_, u) => (u ? finish() : done(false)));
  }
  // IsSaturated: the new ReplicaSet already has them all; old ones go to zero.
  if (newRS && newRS.spec.replicas === replicas && Number(newRS.metadata.annotations?.[DESIRED_REPLICAS]) === replicas) {
    return inTurn(active(oldRSs), (rs, next) => scaleAndRecord(s, rs, 0, d, (sc, u) => next(u ? sc : undefined)), (n) => (n < 0 ? done(false) : finish()));
  }
  if (!act.length || !isRollingUpdate(d)) return finish();
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowed - specReplicas(act);
  // Larger first; for equal sizes newer first when scaling up, older first when scaling down.
  act.sort((a, b) => (b.spec.replicas - a.spec.replicas) || (toAdd > 0 ? -byCreation(a, b) : byCreation(a, b)));
  const op = toAdd > 0 ? 'up' : 'down';
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of act) {
    const p = toAdd ? proportion(rs, d, toAdd, added) : 0;
    sizes.set(rs.metadata.name, rs.spec.replicas + p);
    added += p;
  }
  if (toAdd) sizes.set(act[0].metadata.name, Math.max(0, sizes.get(act[0].metadata.name)! + toAdd - added));
  inTurn(act, (rs, next) => scaleReplicaSet(s, rs, sizes.get(rs.metadata.name)!, d, op, (sc, u) => next(u ? sc : undefined)), (n) => (n < 0 ? done(false) : finish()));
}

/** syncRolloutStatus: counts, Available, and Progressing with its reasons; written when changed. */
function syncRolloutStatus(s: DeployState, allRSs: any[], newRS: any, d: any, done: Done): void {
  const now = s.ctx.env.timestamp();
  const all = allRSs.filter(Boolean).map((rs) => fresh(s, rs));
  const nrs = fresh(s, newRS);
  const next = calculateStatus(all, nrs, d, now);
  const hasDeadline = d.spec.progressDeadlineSeconds !== undefined;
  if (!hasDeadline) removeCondition(next, 'Progressing');
  const cur = getCondition(d.status, 'Progressing');
  const complete = next.replicas === next.updatedReplicas && cur?.reason === 'NewReplicaSetAvailable';
  const rsText = (what: string) => (nrs ? `ReplicaSet "${nrs.metadata.name}" ${what}` : `Deployment "${d.metadata.name}" ${what}`);
  if (hasDeadline && !complete) {
    if (deploymentComplete(d, next)) setCondition(next, condition('Progressing', 'True', 'NewReplicaSetAvailable', rsText('has successfully progressed.'), now));
    else if (deploymentProgressing(d, next)) {
      const c = condition('Progressing', 'True', 'ReplicaSetUpdated', rsText('is progressing.'), now);
      if (cur) {
        if (cur.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
        removeCondition(next, 'Progressing');
      }
      setCondition(next, c);
    } else if (cur && cur.reason !== 'ProgressDeadlineExceeded' && s.ctx.env.parseTimestamp(cur.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 < s.ctx.env.loop.now) {
      setCondition(next, condition('Progressing', 'False', 'ProgressDeadlineExceeded', rsText('has timed out progressing.'), now));
    }
  }
  // getReplicaFailures: the ReplicaFailure condition of the new ReplicaSet, else of an old one, moves to the Deployment.
  const failure = [nrs, ...all].flatMap((rs) => (rs?.status?.conditions ?? []).filter((c: any) => c.type === 'ReplicaFailure'))[0];
  if (failure) setCondition(next, { type: 'ReplicaFailure', status: failure.status, lastUpdateTime: failure.lastTransitionTime, lastTransitionTime: failure.lastTransitionTime, reason: failure.reason, message: failure.message });
  else removeCondition(next, 'ReplicaFailure');
  if (normalStatus(d.status) === normalStatus(next)) {
    requeueStuck(s, d, next);
    return done();
  }
  d.status = next;
  updateStatus(s, d, next, (ok) => {
    requeueStuck(s, d, next);
    done(ok);
  });
}

/**
 * requeueStuckDeployment: look again when the progress deadline passes. Simplification: this
 * timer does not keep a step alive (a stuck rollout alone does not hold a scenario for 10 min).
 */
function requeueStuck(s: DeployState, d: any, st: any): void {
  const c = getCondition(st, 'Progressing');
  if (!c || c.reason === 'NewReplicaSetAvailable' || c.reason === 'ProgressDeadlineExceeded' || d.spec.progressDeadlineSeconds === undefined) return;
  const at = s.ctx.env.parseTimestamp(c.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 + 1000;
  const key = `${d.metadata.namespace}/${d.metadata.name}`;
  const prev = s.stuck.get(key);
  if (prev && !prev.cancelled && prev.at === at) return;
  s.ctx.env.loop.cancel(prev);
  s.stuck.set(key, s.ctx.env.loop.at(at, () => s.queue.add(key), { periodic: true }));
}
