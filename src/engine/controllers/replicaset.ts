/**
 * The ReplicaSet controller (pkg/controller/replicaset): keeps `spec.replicas` active pods for each
 * ReplicaSet — creating them from the template in slow-start batches, deleting the cheapest ones
 * first — adopts orphan pods its selector matches, releases pods that stop matching, and reports
 * replicas / fullyLabeledReplicas / readyReplicas / availableReplicas / observedGeneration.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, objectKey, type Informer } from './informer.js';
import { WorkQueue, Pending } from './queue.js';
import { Expectations } from './expectations.js';
import { controllerOf, isPodActive, isPodReady } from './objects.js';
import { indexByNamespace, indexByOwner, indexOrphans } from './pod-indexes.js';
import { matchLabelSelector } from '../apiserver/selector.js';
import { manageReplicas, replicaSetStatus } from './replicaset-manage.js';
import { PodAccounting } from './replicaset-accounting.js';

/** The controller's state shared with replicaset-manage.ts. */
export interface RsState {
  ctx: ControllerContext;
  pods: Informer;
  rss: Informer;
  exp: Expectations;
  queue: WorkQueue;
  acct: PodAccounting;
}

/** The active pods a ReplicaSet controls (a scan of its owner index). */
export function ownedActive(s: RsState, rs: any): KubeObject[] {
  const uid = rs.metadata.uid;
  return s.pods.byIndex('owner', uid).filter((p) => controllerOf(p)?.uid === uid && isPodActive(p));
}

export class ReplicaSetController implements Controller {
  readonly name = 'replicaset';
  readonly eventSource = 'replicaset-controller';
  private s!: RsState;

  start(ctx: ControllerContext): void {
    const pods = sharedInformer(ctx.client, ctx.server, 'pods');
    const rss = sharedInformer(ctx.client, ctx.server, 'replicasets');
    indexByOwner(pods);
    indexOrphans(pods);
    indexByOwner(rss);
    indexByNamespace(rss);
    rss.addIndex('uid', (rs) => [rs.metadata.uid!]);
    const acct = new PodAccounting((uid) => rss.byIndex('uid', uid)[0]);
    this.s = { ctx, pods, rss, exp: new Expectations(ctx.env.loop), queue: new WorkQueue(ctx.env, (k, done) => this.sync(k, done)), acct };
    rss.on((type, rs, old) => this.onReplicaSet(type, rs, old));
    pods.on((type, pod, old) => this.onPod(type, pod, old));
    for (const rs of rss.list()) this.s.queue.add(objectKey(rs));
  }

  private onReplicaSet(type: string, rs: KubeObject, old: KubeObject | undefined): boolean {
    const key = objectKey(rs);
    if (type !== 'MODIFIED' || JSON.stringify((old as any)?.spec?.selector) !== JSON.stringify((rs as any).spec?.selector) || JSON.stringify((old as any)?.spec?.template?.metadata?.labels) !== JSON.stringify((rs as any).spec?.template?.metadata?.labels)) {
      for (const p of this.s.pods.byIndex('owner', rs.metadata.uid!)) this.s.acct.account(objectKey(p), p);
    }
    if (type === 'DELETED') {
      this.s.exp.delete(key);
      return false;
    }
    // Its own status writes come back as MODIFIED with the same spec: nothing to do.
    if (type === 'MODIFIED' && old && JSON.stringify((old as any).spec) === JSON.stringify((rs as any).spec) && rs.metadata.deletionTimestamp === old.metadata.deletionTimestamp) return false;
    this.s.queue.add(key);
    return true;
  }

  /** The ReplicaSet that controls `pod`, if the informer knows it. */
  private ownerOf(pod: KubeObject): string | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const key = `${pod.metadata.namespace}/${ref.name}`;
    const rs = this.s.rss.get(key);
    return rs && rs.metadata.uid === ref.uid ? key : undefined;
  }

  /** ReplicaSets in the pod's namespace whose selector matches it (for orphans: adoption). */
  private matching(pod: KubeObject): string[] {
    if (controllerOf(pod)) return [];
    return this.s.rss
      .byIndex('ns', pod.metadata.namespace ?? '')
      .filter((rs) => matchLabelSelector((rs as any).spec?.selector, pod.metadata.labels ?? {}))
      .map(objectKey);
  }

  private onPod(type: string, pod: KubeObject, old: KubeObject | undefined): boolean {
    const { exp, queue } = this.s;
    const podKey = objectKey(pod);
    this.s.acct.account(podKey, type === 'DELETED' ? undefined : this.s.pods.get(podKey));
    const owner = this.ownerOf(pod);
    if (type === 'ADDED') {
      if (owner) {
        if (pod.metadata.deletionTimestamp) exp.deletionObserved(owner, podKey);
        else exp.creationObserved(owner);
        queue.add(owner);
        return true;
      }
      const rss = isPodActive(pod) ? this.matching(pod) : [];
      rss.forEach((k) => queue.add(k));
      return rss.length > 0;
    }
    if (type === 'DELETED') {
      if (!owner) return false;
      exp.deletionObserved(owner, podKey);
      queue.add(owner);
      return true;
    }
    // MODIFIED: the old owner (a release) and the new one both care.
    const oldOwner = old ? this.ownerOf(old) : undefined;
    let acted = false;
    if (oldOwner && oldOwner !== owner) {
      queue.add(oldOwner);
      acted = true;
    }
    if (owner) {
      if (pod.metadata.deletionTimestamp && !old?.metadata.deletionTimestamp) exp.deletionObserved(owner, podKey);
      if (!old || summary(old) !== summary(pod)) {
        queue.add(owner);
        acted = true;
      }
    } else if (isPodActive(pod) && (!old || JSON.stringify(old.metadata.labels) !== JSON.stringify(pod.metadata.labels) || controllerOf(old))) {
      const rss = this.matching(pod);
      rss.forEach((k) => queue.add(k));
      acted ||= rss.length > 0;
    }
    return acted;
  }

  private sync(key: string, done: (ok?: boolean) => void): void {
    const { pods, rss, exp, ctx, acct } = this.s;
    const rs = rss.get(key) as any;
    if (!rs) {
      exp.delete(key);
      return done();
    }
    const needsSync = exp.satisfied(key);
    const sel = rs.spec?.selector;
    const uid = rs.metadata.uid;
    // Claim: release owned pods the selector no longer matches, adopt matching orphans.
    const release = acct.of(uid).mismatched > 0 ? ownedActive(this.s, rs).filter((p) => !matchLabelSelector(sel, p.metadata.labels ?? {})) : [];
    const adopt = rs.metadata.deletionTimestamp
      ? []
      : pods.byIndex('orphan', rs.metadata.namespace).filter((p) => isPodActive(p) && matchLabelSelector(sel, p.metadata.labels ?? {}));
    const claims = new Pending((ok) => {
      if (!ok) return done(false);
      if (!needsSync || rs.metadata.deletionTimestamp) return replicaSetStatus(this.s, rs, undefined, done);
      manageReplicas(this.s, rs, acct.of(uid).replicas, (err) => replicaSetStatus(this.s, rs, err, done));
    });
    const patched = (res: { code: number; object?: KubeObject }) => {
      if (res.object) {
        pods.observe(res.object);
        acct.account(objectKey(res.object), pods.get(objectKey(res.object)));
      }
      return res.code < 400 || res.code === 404;
    };
    for (const p of release) {
      // Release: drop the controller reference (a strategic-merge `$patch: delete` in Kubernetes).
      const refs = (p.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      ctx.client.request({ verb: 'patch', resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name, body: { metadata: { ownerReferences: refs.length ? refs : null } } }, claims.wrap(patched));
    }
    for (const p of adopt) {
      const refs = [...(p.metadata.ownerReferences ?? []), { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid, controller: true, blockOwnerDeletion: true }];
      ctx.client.request({ verb: 'patch', resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name, body: { metadata: { ownerReferences: refs } } }, claims.wrap(patched));
    }
    claims.close();
  }
}

/** What the ReplicaSet's sync depends on in a pod. */
function summary(p: KubeObject): string {
  return JSON.stringify([isPodActive(p), isPodReady(p), p.metadata.labels]);
}
