/**
 * The Deployment controller (pkg/controller/deployment): owns ReplicaSets named
 * `<deployment>-<pod-template-hash>`, rolls out template changes (RollingUpdate within
 * maxSurge / maxUnavailable, or Recreate), scales proportionally, keeps revisionHistoryLimit
 * old ReplicaSets and reports status and the Available / Progressing conditions.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Timer } from '../sim/loop.js';
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, objectKey, type Informer } from './informer.js';
import { WorkQueue, Pending } from './queue.js';
import { controllerOf, controllerRef } from './objects.js';
import { indexByNamespace, indexByOwner } from './pod-indexes.js';
import { matchLabelSelector } from '../apiserver/selector.js';
import { DESIRED_REPLICAS, condition, deploymentComplete, getCondition, isRollingUpdate, setCondition } from './deployment-util.js';
import { getAllReplicaSets, updateStatus } from './deployment-rs.js';
import { rolloutRecreate, rolloutRolling, syncScale } from './deployment-rollout.js';

/** The controller's state shared with its helper files. */
export interface DeployState {
  ctx: ControllerContext;
  deps: Informer;
  rss: Informer;
  pods: Informer;
  queue: WorkQueue;
  /** The pending progress-deadline look per Deployment (requeueStuckDeployment). */
  stuck: Map<string, Timer>;
}

/** A sync's continuation: `ok=false` retries the Deployment with back-off. */
export type Done = (ok?: boolean) => void;

export class DeploymentController implements Controller {
  readonly name = 'deployment';
  readonly eventSource = 'deployment-controller';
  private s!: DeployState;

  start(ctx: ControllerContext): void {
    const deps = sharedInformer(ctx.client, ctx.server, 'deployments');
    const rss = sharedInformer(ctx.client, ctx.server, 'replicasets');
    const pods = sharedInformer(ctx.client, ctx.server, 'pods');
    indexByNamespace(deps);
    indexByNamespace(rss);
    indexByOwner(rss);
    indexByOwner(pods);
    this.s = { ctx, deps, rss, pods, queue: new WorkQueue(ctx.env, (k, done) => this.sync(k, done)), stuck: new Map() };
    deps.on((type, d, old) => {
      if (type === 'DELETED') return false;
      // Its own status writes come back with the same spec and generation: nothing new.
      // (Kubernetes resyncs on them too; here only when that sync has old ReplicaSets to clean up.)
      if (type === 'MODIFIED' && old && old.metadata.generation === d.metadata.generation && JSON.stringify((old as any).spec) === JSON.stringify((d as any).spec) && !this.cleanupDue(d)) return false;
      this.s.queue.add(objectKey(d));
      return true;
    });
    rss.on((type, rs) => this.onReplicaSet(type, rs));
    pods.on((type, pod) => this.onPodDeleted(type, pod));
    for (const d of deps.list()) this.s.queue.add(objectKey(d));
  }

  /** The rollout is complete and more old ReplicaSets exist than revisionHistoryLimit keeps. */
  private cleanupDue(d: any): boolean {
    const limit = d.spec?.revisionHistoryLimit;
    if (limit === undefined || !deploymentComplete(d, d.status ?? {})) return false;
    return this.s.rss.countIndex('owner', d.metadata.uid) - 1 > limit;
  }

  private ownerOf(o: KubeObject, kind: string, inf: Informer): KubeObject | undefined {
    const ref = controllerOf(o);
    if (!ref || ref.kind !== kind) return undefined;
    const owner = inf.get(`${o.metadata.namespace}/${ref.name}`);
    return owner && owner.metadata.uid === ref.uid ? owner : undefined;
  }

  private onReplicaSet(type: string, rs: KubeObject): boolean {
    const d = this.ownerOf(rs, 'Deployment', this.s.deps);
    if (d) {
      this.s.queue.add(objectKey(d));
      return true;
    }
    if (controllerOf(rs) || type === 'DELETED') return false;
    // An orphan: every Deployment whose selector matches may adopt it.
    const ds = this.s.deps.byIndex('ns', rs.metadata.namespace ?? '').filter((x) => matchLabelSelector((x as any).spec?.selector, rs.metadata.labels ?? {}));
    ds.forEach((x) => this.s.queue.add(objectKey(x)));
    return ds.length > 0;
  }

  /** Recreate waits for the old pods to be gone: their deletions wake it up. */
  private onPodDeleted(type: string, pod: KubeObject): boolean {
    if (type !== 'DELETED') return false;
    const rs = this.ownerOf(pod, 'ReplicaSet', this.s.rss);
    const d = rs && (this.ownerOf(rs, 'Deployment', this.s.deps) as any);
    if (!d || isRollingUpdate(d)) return false;
    this.s.queue.add(objectKey(d));
    return true;
  }

  private sync(key: string, done: Done): void {
    const cur = this.s.deps.get(key);
    if (!cur) return done();
    const d = structuredClone(cur) as any;
    const sel = d.spec?.selector;
    if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) return done();
    this.claimReplicaSets(d, (rsList) => {
      if (!rsList) return done(false);
      this.checkPausedConditions(d, (okPaused) => {
        if (!okPaused) return done(false);
        getAllReplicaSets(this.s, d, rsList, false, (ok, newRS, oldRSs) => {
          if (!ok) return done(false);
          // A paused Deployment is only scaled (dc.sync), never rolled out.
          if (d.spec.paused || isScalingEvent(d, newRS, oldRSs)) return syncScale(this.s, d, newRS, oldRSs, done);
          if (isRollingUpdate(d)) rolloutRolling(this.s, d, rsList, done);
          else rolloutRecreate(this.s, d, rsList, done);
        });
      });
    });
  }

  /**
   * checkPausedConditions: Progressing Unknown `DeploymentPaused` "Deployment is paused" when
   * paused, `DeploymentResumed` "Deployment is resumed" when resumed (not over a timed-out one).
   */
  private checkPausedConditions(d: any, then: (ok: boolean) => void): void {
    if (d.spec.progressDeadlineSeconds === undefined) return then(true);
    const cond = getCondition(d.status, 'Progressing');
    if (cond?.reason === 'ProgressDeadlineExceeded') return then(true);
    const pausedCond = cond?.reason === 'DeploymentPaused';
    let next: any;
    if (d.spec.paused && !pausedCond) next = condition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', this.s.ctx.env.timestamp());
    else if (!d.spec.paused && pausedCond) next = condition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', this.s.ctx.env.timestamp());
    if (!next) return then(true);
    d.status ??= {};
    d.status.conditions = [...(d.status.conditions ?? [])];
    setCondition(d.status, next);
    updateStatus(this.s, d, d.status, (ok) => then(ok !== false));
  }

  /** getReplicaSetsForDeployment: its own ReplicaSets, adopting orphans and releasing misfits. */
  private claimReplicaSets(d: any, then: (rsList: any[] | undefined) => void): void {
    const { rss, ctx } = this.s;
    const uid = d.metadata.uid;
    const out: any[] = [];
    const p = new Pending((ok) => then(ok ? out : undefined));
    for (const rs of rss.byIndex('ns', d.metadata.namespace) as any[]) {
      const ref = controllerOf(rs);
      const matches = matchLabelSelector(d.spec.selector, rs.metadata.labels ?? {});
      if (ref?.uid === uid && matches) out.push(rs);
      else if ((ref?.uid === uid && !matches) || (!ref && matches && !d.metadata.deletionTimestamp)) {
        const refs = ref ? rs.metadata.ownerReferences.filter((r: any) => r.uid !== uid) : [...(rs.metadata.ownerReferences ?? []), controllerRef(d)];
        ctx.client.request({ verb: 'patch', resource: 'replicasets', namespace: rs.metadata.namespace, name: rs.metadata.name, body: { metadata: { ownerReferences: refs.length ? refs : null } } }, p.wrap((res) => {
          if (res.object) {
            rss.observe(res.object);
            if (!ref) out.push(res.object);
          }
          return res.code < 400 || res.code === 404;
        }));
      }
    }
    p.close();
  }
}

/** isScalingEvent: an active ReplicaSet was sized for a different spec.replicas. */
function isScalingEvent(d: any, newRS: any, oldRSs: any[]): boolean {
  for (const rs of [...oldRSs, newRS]) {
    if (!rs || !(rs.spec?.replicas > 0)) continue;
    const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
    if (desired !== undefined && Number(desired) !== (d.spec.replicas ?? 1)) return true;
  }
  return false;
}
