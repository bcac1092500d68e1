/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per eligible node. Each pod is made
 * from the template with the tolerations the controller adds (util.AddOrUpdateDaemonPodTolerations)
 * and required node affinity on `metadata.name` for its node
 * (util.ReplaceDaemonSetPodNodeNameNodeAffinity), and is placed by the default scheduler. A node
 * is eligible when the pod's nodeSelector and node affinity match it and its NoSchedule /
 * NoExecute taints are tolerated (nodeShouldRunDaemonPod); a node whose new NoSchedule taint is
 * not tolerated keeps its pod, one whose NoExecute taint is not tolerated loses it. Cordoned nodes
 * keep and get pods (the pods tolerate node.kubernetes.io/unschedulable). Template changes roll
 * out with RollingUpdate (maxUnavailable, or maxSurge) or OnDelete; the history is kept as
 * ControllerRevisions named `<ds>-<hash>` and pods carry `controller-revision-hash`.
 *
 * Simplifications: no failed-pod back-off, no pod-template-generation label (deprecated), and
 * creations are made in one sync rather than slow-start batches.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, objectKey, type Informer } from './informer.js';
import { WorkQueue } from './queue.js';
import { controllerOf, controllerRef, isPodAvailable, isPodReady, omitEmptyPatch } from './objects.js';
import { indexByNamespace, indexByOwner } from './pod-indexes.js';
import { taintsOf, tolerates } from './taints.js';
import { matchesRequiredNodeAffinity } from '../scheduler/plugins/node-affinity.js';
import { computeHash, scaledValue } from './deployment-util.js';
import { POD_REVISION_LABEL, equalRevision, nextRevision, sortRevisions, templatePatch } from './history.js';

/**
 * AddOrUpdateDaemonPodTolerations (pkg/controller/daemon/util): the tolerations every daemon pod
 * gets, in this order; node.kubernetes.io/network-unavailable only on the host network.
 */
export function addDaemonPodTolerations(spec: any): void {
  const add = (key: string, effect: string) => {
    const tols = (spec.tolerations ??= []) as any[];
    const t = { key, operator: 'Exists', effect };
    const i = tols.findIndex((x) => x.key === key && x.effect === effect);
    if (i >= 0) tols[i] = t;
    else tols.push(t);
  };
  add('node.kubernetes.io/not-ready', 'NoExecute');
  add('node.kubernetes.io/unreachable', 'NoExecute');
  add('node.kubernetes.io/disk-pressure', 'NoSchedule');
  add('node.kubernetes.io/memory-pressure', 'NoSchedule');
  add('node.kubernetes.io/pid-pressure', 'NoSchedule');
  add('node.kubernetes.io/unschedulable', 'NoSchedule');
  if (spec.hostNetwork) add('node.kubernetes.io/network-unavailable', 'NoSchedule');
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: required node affinity `metadata.name In [node]`. */
export function nodeNameAffinity(affinity: any, node: string): any {
  const req = { key: 'metadata.name', operator: 'In', values: [node] };
  const a = structuredClone(affinity ?? {});
  a.nodeAffinity ??= {};
  const sel = a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = (sel?.nodeSelectorTerms ?? []) as any[];
  if (!terms.length) a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [{ matchFields: [req] }] };
  else for (const t of terms) t.matchFields = [req];
  return a;
}

/** The pod the controller would run on `node` (NewPod, with the added tolerations). */
function daemonPod(ds: any, node: string): any {
  const spec = structuredClone(ds.spec?.template?.spec ?? {});
  addDaemonPodTolerations(spec);
  spec.nodeName = node;
  return { metadata: { labels: ds.spec?.template?.metadata?.labels ?? {} }, spec };
}

/**
 * nodeShouldRunDaemonPod: `shouldRun` — the pod fits the node (name, affinity, NoSchedule and
 * NoExecute taints); `shouldContinueRunning` — a pod already there may stay (only NoExecute
 * taints it does not tolerate remove it).
 */
export function nodeShouldRunDaemonPod(ds: any, node: KubeObject): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const pod = daemonPod(ds, node.metadata.name);
  const n = node as any;
  const nodeInfo = { name: node.metadata.name, labels: node.metadata.labels ?? {} } as any;
  if (pod.spec.nodeName !== node.metadata.name || !matchesRequiredNodeAffinity(pod, nodeInfo)) return { shouldRun: false, shouldContinueRunning: false };
  const tols = (pod.spec.tolerations ?? []) as any[];
  const untolerated = (effect: string) => taintsOf(n).some((t) => t.effect === effect && !tols.some((x) => tolerates(x, t)));
  if (untolerated('NoExecute')) return { shouldRun: false, shouldContinueRunning: false };
  if (untolerated('NoSchedule')) return { shouldRun: false, shouldContinueRunning: true };
  return { shouldRun: true, shouldContinueRunning: true };
}

/** maxSurge and maxUnavailable against the desired number (updatedDesiredNodeCounts: at least one may be unavailable when neither is set). */
function rollingCounts(ds: any, desired: number): { maxSurge: number; maxUnavailable: number } {
  const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
  const maxSurge = scaledValue(ru.maxSurge ?? 0, desired, true);
  let maxUnavailable = scaledValue(ru.maxUnavailable ?? 1, desired, true);
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export class DaemonSetController implements Controller {
  readonly name = 'daemonset';
  readonly eventSource = 'daemonset-controller';
  private ctx!: ControllerContext;
  private dss!: Informer;
  private pods!: Informer;
  private nodes!: Informer;
  private revs!: Informer;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.dss = sharedInformer(ctx.client, ctx.server, 'daemonsets');
    this.pods = sharedInformer(ctx.client, ctx.server, 'pods');
    this.nodes = sharedInformer(ctx.client, ctx.server, 'nodes');
    this.revs = sharedInformer(ctx.client, ctx.server, 'controllerrevisions');
    indexByNamespace(this.dss);
    indexByOwner(this.pods);
    indexByOwner(this.revs);
    this.queue = new WorkQueue(ctx.env, (k, done) => this.sync(k, done));
    this.dss.on((type, ds, old) => {
      if (type === 'DELETED') return false;
      if (type === 'MODIFIED' && old && JSON.stringify((old as any).spec) === JSON.stringify((ds as any).spec) && old.metadata.deletionTimestamp === ds.metadata.deletionTimestamp) return false;
      this.queue.add(objectKey(ds));
      return true;
    });
    this.pods.on((type, pod, old) => {
      const ref = controllerOf(pod);
      if (!ref || ref.kind !== 'DaemonSet') return false;
      const key = `${pod.metadata.namespace}/${ref.name}`;
      if (this.dss.get(key)?.metadata.uid !== ref.uid) return false;
      if (type === 'MODIFIED' && old && podSummary(old) === podSummary(pod)) return false;
      this.queue.add(key);
      return true;
    });
    // A node added, relabelled or (un)tainted may change where daemon pods should run (addNode / updateNode).
    this.nodes.on((type, node, old) => {
      if (type === 'MODIFIED' && old && nodeSummary(old) === nodeSummary(node)) return false;
      const all = this.dss.list();
      all.forEach((ds) => this.queue.add(objectKey(ds)));
      return all.length > 0;
    });
    for (const ds of this.dss.list()) this.queue.add(objectKey(ds));
  }

  private ownedPods(ds: any): any[] {
    return this.pods.byIndex('owner', ds.metadata.uid).filter((p) => controllerOf(p)?.uid === ds.metadata.uid);
  }

  /** getNodesToDaemonPods: the set's pods by the node they are bound or aimed at. */
  private podsByNode(ds: any): Map<string, any[]> {
    const m = new Map<string, any[]>();
    for (const p of this.ownedPods(ds)) {
      const node = p.spec?.nodeName ?? p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.find((f: any) => f.key === 'metadata.name')?.values?.[0];
      if (!node) continue;
      (m.get(node) ?? m.set(node, []).get(node)!).push(p);
    }
    return m;
  }

  private sync(key: string, done: (ok?: boolean) => void): void {
    const cur = this.dss.get(key);
    if (!cur) return done();
    const ds = structuredClone(cur) as any;
    if (ds.metadata.deletionTimestamp) return done();
    this.constructHistory(ds, (hash) => {
      if (!hash) return done(false);
      const byNode = this.podsByNode(ds);
      const nodes = this.nodes.list().sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
      const { create, del } = this.manage(ds, nodes, byNode, hash);
      if (!create.length && !del.length && ds.spec?.updateStrategy?.type !== 'OnDelete') {
        const r = this.rollingUpdate(ds, nodes, byNode, hash);
        create.push(...r.create);
        del.push(...r.del);
      }
      this.syncNodes(ds, del, create, hash, (ok) => this.writeStatus(ds, hash, (ok2) => done(ok && ok2)));
    });
  }

  /** manage + podsShouldBeOnNode: which nodes need a pod, which pods must go. */
  private manage(ds: any, nodes: KubeObject[], byNode: Map<string, any[]>, hash: string): { create: string[]; del: any[] } {
    const create: string[] = [];
    const del: any[] = [];
    const surge = rollingCounts(ds, 1).maxSurge > 0 && ds.spec?.updateStrategy?.type === 'RollingUpdate';
    const known = new Set(nodes.map((n) => n.metadata.name));
    for (const node of nodes) {
      const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(ds, node);
      const pods = (byNode.get(node.metadata.name) ?? []).filter((p) => !p.metadata.deletionTimestamp);
      if (shouldRun && !pods.length) {
        create.push(node.metadata.name);
        continue;
      }
      if (!shouldContinueRunning) {
        del.push(...pods);
        continue;
      }
      // A failed daemon pod is deleted (and made again on a later sync).
      const failed = pods.filter((p) => p.status?.phase === 'Failed');
      del.push(...failed);
      const running = pods.filter((p) => p.status?.phase !== 'Failed').sort(byCreation);
      if (running.length <= 1) continue;
      if (!surge) {
        del.push(...running.slice(1));
        continue;
      }
      // With surge: the oldest new pod and the oldest old pod may both stay while the new one is not yet available.
      const newer = running.filter((p) => p.metadata.labels?.[POD_REVISION_LABEL] === hash);
      const older = running.filter((p) => p.metadata.labels?.[POD_REVISION_LABEL] !== hash);
      del.push(...newer.slice(1), ...older.slice(1));
    }
    // Pods on nodes that no longer exist.
    for (const [node, pods] of byNode) if (!known.has(node)) del.push(...pods.filter((p) => !p.metadata.deletionTimestamp));
    return { create, del };
  }

  /** rollingUpdate (update.go): replace old pods within maxUnavailable, or surge new ones within maxSurge. */
  private rollingUpdate(ds: any, nodes: KubeObject[], byNode: Map<string, any[]>, hash: string): { create: string[]; del: any[] } {
    const env = this.ctx.env;
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const available = (p: any) => isPodAvailable(p, minReady, env.loop.now, (ts) => env.parseTimestamp(ts));
    const eligible = nodes.filter((n) => nodeShouldRunDaemonPod(ds, n).shouldRun).map((n) => n.metadata.name);
    const { maxSurge, maxUnavailable } = rollingCounts(ds, eligible.length);
    const split = (node: string) => {
      const pods = (byNode.get(node) ?? []).filter((p) => !p.metadata.deletionTimestamp);
      const newer = pods.filter((p) => p.metadata.labels?.[POD_REVISION_LABEL] === hash);
      const older = pods.filter((p) => p.metadata.labels?.[POD_REVISION_LABEL] !== hash);
      return { ok: newer.length <= 1 && older.length <= 1, newPod: newer[0], oldPod: older[0] };
    };
    if (maxSurge === 0) {
      let numUnavailable = 0;
      const allowed: any[] = [];
      const candidates: any[] = [];
      for (const node of eligible) {
        const { ok, newPod, oldPod } = split(node);
        if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
        else if (newPod) {
          if (!available(newPod)) numUnavailable++;
        } else if (!available(oldPod)) allowed.push(oldPod);
        else if (numUnavailable < maxUnavailable) candidates.push(oldPod);
      }
      const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
      return { create: [], del: [...allowed, ...candidates.slice(0, remaining)] };
    }
    let numSurge = 0;
    const allowedNew: string[] = [];
    const candidateNew: string[] = [];
    const del: any[] = [];
    for (const node of eligible) {
      const { ok, newPod, oldPod } = split(node);
      if (!ok || !oldPod) continue;
      if (!newPod) {
        if (!available(oldPod)) allowedNew.push(node);
        else if (numSurge < maxSurge) candidateNew.push(node);
      } else if (!available(newPod)) numSurge++;
      else del.push(oldPod);
    }
    const remaining = Math.min(Math.max(0, maxSurge - numSurge), candidateNew.length);
    return { create: [...allowedNew, ...candidateNew.slice(0, remaining)], del };
  }

  /** constructHistory: find or create the ControllerRevision of the current template; `then(hash)`. */
  private constructHistory(ds: any, then: (hash: string | undefined) => void): void {
    const all = sortRevisions(this.revs.byIndex('owner', ds.metadata.uid).filter((r) => controllerOf(r)?.uid === ds.metadata.uid));
    const collisionCount = ds.status?.collisionCount ?? 0;
    const hash = computeHash(ds.spec.template, collisionCount);
    const data = templatePatch(ds);
    const candidate: any = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: `${ds.metadata.name}-${hash}`, namespace: ds.metadata.namespace, labels: { ...(ds.spec.template?.metadata?.labels ?? {}), [POD_REVISION_LABEL]: hash }, ownerReferences: [controllerRef(ds)] },
      data,
      revision: nextRevision(all),
    };
    if (ds.metadata.annotations) candidate.metadata.annotations = { ...ds.metadata.annotations };
    const equal = all.filter((r) => equalRevision(r, candidate));
    const latest = all[all.length - 1];
    const client = this.ctx.client;
    const hashOf = (r: any) => r.metadata.labels?.[POD_REVISION_LABEL] ?? hash;
    const truncate = (cur: any) => this.truncateHistory(ds, all.filter((r) => r.metadata.name !== cur.metadata.name));
    if (equal.length) {
      const cur = equal[equal.length - 1];
      if (cur === latest) {
        truncate(cur);
        return then(hashOf(cur));
      }
      // A rollback to an earlier template: that revision is renumbered as the newest.
      const rev = structuredClone(cur);
      rev.revision = candidate.revision;
      return void client.request({ verb: 'update', resource: 'controllerrevisions', namespace: rev.metadata.namespace, name: rev.metadata.name, body: rev, label: `PUT controllerrevisions/${rev.metadata.name} (revision ${rev.revision})` }, (res) => {
        if (!res.object) return then(undefined);
        this.revs.observe(res.object);
        truncate(res.object);
        then(hashOf(res.object));
      });
    }
    client.request({ verb: 'create', resource: 'controllerrevisions', namespace: ds.metadata.namespace, body: candidate }, (res) => {
      if (res.object) {
        this.revs.observe(res.object);
        truncate(res.object);
        return then(hash);
      }
      if (res.code === 409) {
        const other = this.revs.get(`${ds.metadata.namespace}/${candidate.metadata.name}`) as any;
        if (other && equalRevision(other, candidate)) return then(hash);
        return void client.request({ verb: 'status', resource: 'daemonsets', namespace: ds.metadata.namespace, name: ds.metadata.name, body: { status: { collisionCount: collisionCount + 1 } } }, () => then(undefined));
      }
      then(undefined);
    });
  }

  /** cleanupHistory: old revisions no pod uses, beyond revisionHistoryLimit, oldest first. */
  private truncateHistory(ds: any, old: any[]): void {
    const used = new Set(this.ownedPods(ds).map((p) => p.metadata.labels?.[POD_REVISION_LABEL]));
    const stale = old.filter((r) => !used.has(r.metadata.labels?.[POD_REVISION_LABEL]));
    const limit = ds.spec?.revisionHistoryLimit ?? 10;
    for (const rev of stale.slice(0, Math.max(0, stale.length - limit))) {
      this.ctx.client.request({ verb: 'delete', resource: 'controllerrevisions', namespace: rev.metadata.namespace, name: rev.metadata.name }, (res) => {
        if (res.code < 400) this.revs.forget(rev);
      });
    }
  }

  /** syncNodes: delete, then create one pod per node (generateName `<ds>-`), each with its Event. */
  private syncNodes(ds: any, del: any[], create: string[], hash: string, then: (ok: boolean) => void): void {
    const client = this.ctx.client;
    let left = del.length + create.length;
    let ok = true;
    if (!left) return then(true);
    const one = (good: boolean) => {
      ok &&= good;
      if (--left === 0) then(ok);
    };
    for (const pod of del) {
      client.request({ verb: 'delete', resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name }, (res) => {
        if (res.code < 400) {
          if (res.object) this.pods.observe(res.object);
          client.event({ involved: ds, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` });
        } else if (res.code !== 404) client.event({ involved: ds, type: 'Warning', reason: 'FailedDelete', message: `Error deleting: ${res.message}` });
        one(res.code < 400 || res.code === 404);
      });
    }
    for (const node of create) {
      const t = ds.spec.template ?? {};
      const spec = structuredClone(t.spec ?? {});
      addDaemonPodTolerations(spec);
      spec.affinity = nodeNameAffinity(spec.affinity, node);
      const meta: any = { generateName: `${ds.metadata.name}-`, namespace: ds.metadata.namespace, labels: { ...(t.metadata?.labels ?? {}), [POD_REVISION_LABEL]: hash }, ownerReferences: [controllerRef(ds)] };
      if (t.metadata?.annotations) meta.annotations = { ...t.metadata.annotations };
      client.request({ verb: 'create', resource: 'pods', namespace: ds.metadata.namespace, body: { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec } }, (res) => {
        if (res.object) {
          this.pods.observe(res.object);
          client.event({ involved: ds, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${res.object.metadata.name}` });
        } else if (res.cause !== 'NamespaceTerminating') client.event({ involved: ds, type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${res.message}` });
        one(!!res.object);
      });
    }
  }

  /** updateDaemonSetStatus: the counts over eligible nodes, written when they changed. */
  private writeStatus(ds: any, hash: string, done: (ok: boolean) => void): void {
    const env = this.ctx.env;
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const byNode = this.podsByNode(ds);
    let desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
    for (const node of this.nodes.list()) {
      const { shouldRun } = nodeShouldRunDaemonPod(ds, node);
      const pods = (byNode.get(node.metadata.name) ?? []).filter((p) => !p.metadata.deletionTimestamp && p.spec?.nodeName);
      if (shouldRun) {
        desired++;
        if (!pods.length) continue;
        current++;
        const p = [...pods].sort(byCreation)[0];
        if (isPodReady(p)) {
          ready++;
          if (isPodAvailable(p, minReady, env.loop.now, (ts) => env.parseTimestamp(ts))) available++;
        }
        if (p.metadata.labels?.[POD_REVISION_LABEL] === hash) updated++;
      } else if (pods.length) misscheduled++;
    }
    const next: any = { currentNumberScheduled: current, numberMisscheduled: misscheduled, desiredNumberScheduled: desired, numberReady: ready, observedGeneration: ds.metadata.generation, updatedNumberScheduled: updated, numberAvailable: available, numberUnavailable: desired - available };
    const cur = ds.status ?? {};
    if (Object.keys(next).every((k) => (cur[k] ?? 0) === next[k])) {
      if (minReady > 0 && ready > available) this.queue.add(objectKey(ds), minReady * 1000);
      return done(true);
    }
    const status = { ...omitEmptyPatch(next, ['observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable']), currentNumberScheduled: current, numberMisscheduled: misscheduled, desiredNumberScheduled: desired, numberReady: ready };
    const label = `PATCH daemonsets/${ds.metadata.name}/status (${desired} desired, ${current} scheduled, ${ready} ready)`;
    this.ctx.client.request({ verb: 'status', resource: 'daemonsets', namespace: ds.metadata.namespace, name: ds.metadata.name, body: { status }, attrs: { desired: String(desired), scheduled: String(current), ready: String(ready) }, label }, (res) => {
      if (res.object) this.dss.observe(res.object);
      if (minReady > 0 && ready > available) this.queue.add(objectKey(ds), minReady * 1000);
      done(res.code < 400 || res.code === 404);
    });
  }
}

function byCreation(a: any, b: any): number {
  return String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) || a.metadata.name.localeCompare(b.metadata.name);
}

function podSummary(p: any): string {
  return JSON.stringify([p.status?.phase, isPodReady(p), !!p.metadata.deletionTimestamp, p.spec?.nodeName]);
}

function nodeSummary(n: any): string {
  return JSON.stringify([n.metadata.labels, n.spec?.taints, n.spec?.unschedulable]);
}
