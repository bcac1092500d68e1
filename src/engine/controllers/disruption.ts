/**
 * The disruption controller (pkg/controller/disruption/disruption.go): for each
 * PodDisruptionBudget, the pods it selects, how many are expected (minAvailable as a number: the
 * pods found; maxUnavailable or a percentage: the scale of the pods' controllers — Deployment,
 * ReplicaSet, StatefulSet), how many must stay healthy, how many are (Ready, not being deleted,
 * not just evicted), and so how many disruptions are allowed, written to the budget's status with
 * its DisruptionAllowed condition. A budget that selects no pod gets Normal NoPods "No matching
 * pods found"; one whose pods have no controller to scale from, Warning
 * CalculateExpectedPodCountFailed.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, objectKey, type Informer } from './informer.js';
import { WorkQueue } from './queue.js';
import { isPodReady } from './objects.js';
import { scaled, selects } from '../apiserver/disruption-budget.js';

export class DisruptionController implements Controller {
  readonly name = 'disruption';
  readonly eventSource = 'controllermanager';
  private ctx!: ControllerContext;
  private pdbs!: Informer;
  private pods!: Informer;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.pdbs = sharedInformer(ctx.client, ctx.server, 'poddisruptionbudgets');
    this.pods = sharedInformer(ctx.client, ctx.server, 'pods');
    this.queue = new WorkQueue(ctx.env, (k, done) => this.sync(k, done));
    this.pdbs.on((type, pdb) => {
      if (type === 'DELETED') return false;
      // Its own status writes need no sync.
      if ((pdb as any).status?.observedGeneration === pdb.metadata.generation && type === 'MODIFIED') return false;
      this.queue.add(objectKey(pdb));
      return true;
    });
    // addPod / updatePod / deletePod: the budgets that select the pod.
    this.pods.on((_type, pod, old) => {
      let acted = false;
      for (const b of this.pdbs.list()) {
        if (selects(b, pod) || (old && selects(b, old))) {
          this.queue.add(objectKey(b));
          acted = true;
        }
      }
      return acted;
    });
    for (const b of this.pdbs.list()) this.queue.add(objectKey(b));
  }

  /** getExpectedScale: the sum of the scales of the pods' controllers (a ReplicaSet's Deployment's when it has one). */
  private expectedScale(pdb: KubeObject, pods: KubeObject[]): number | string {
    const { server } = this.ctx;
    const seen = new Map<string, number>();
    for (const pod of pods) {
      const ref = (pod.metadata.ownerReferences ?? []).find((o) => o.controller);
      if (!ref) return `found no controllers for pod "${pod.metadata.name}"`;
      const ns = pod.metadata.namespace;
      let owner: any;
      if (ref.kind === 'ReplicaSet') {
        const rs = server.peek('replicasets', ns, ref.name) as any;
        const dRef = (rs?.metadata.ownerReferences ?? []).find((o: any) => o.controller && o.kind === 'Deployment');
        owner = dRef ? server.peek('deployments', ns, dRef.name) : rs;
      } else if (ref.kind === 'StatefulSet') owner = server.peek('statefulsets', ns, ref.name);
      else return `found no controllers for pod "${pod.metadata.name}"`;
      if (owner) seen.set(owner.metadata.uid, owner.spec?.replicas ?? 1);
    }
    void pdb;
    return [...seen.values()].reduce((a, b) => a + b, 0);
  }

  private sync(key: string, done: (ok?: boolean) => void): void {
    const pdb = this.pdbs.get(key) as any;
    if (!pdb || pdb.metadata.deletionTimestamp) return done();
    const { client, env } = this.ctx;
    const pods = this.pods.list().filter((p) => selects(pdb, p) && !['Succeeded', 'Failed'].includes((p as any).status?.phase));
    if (!pods.length) client.event({ involved: pdb, type: 'Normal', reason: 'NoPods', message: 'No matching pods found' });
    const spec = pdb.spec ?? {};
    let expected: number;
    let desired: number;
    const byScale = spec.maxUnavailable !== undefined || (typeof spec.minAvailable === 'string' && spec.minAvailable.endsWith('%'));
    if (byScale && pods.length) {
      const scale = this.expectedScale(pdb, pods);
      if (typeof scale === 'string') {
        client.event({ involved: pdb, type: 'Warning', reason: 'CalculateExpectedPodCountFailed', message: `Failed to calculate the number of expected pods: ${scale}` });
        expected = 0;
        desired = 0;
      } else {
        expected = scale;
        desired = spec.maxUnavailable !== undefined ? Math.max(0, expected - (scaled(spec.maxUnavailable, expected) ?? 0)) : scaled(spec.minAvailable, expected) ?? 0;
      }
    } else {
      expected = pods.length;
      desired = byScale ? 0 : scaled(spec.minAvailable ?? 1, expected) ?? 0;
    }
    // countHealthyPods: Ready, not being deleted, not in disruptedPods (evicted, deletion not seen yet).
    const disrupted = { ...(pdb.status?.disruptedPods ?? {}) };
    for (const name of Object.keys(disrupted)) {
      const p = pods.find((x) => x.metadata.name === name);
      if (!p || p.metadata.deletionTimestamp || env.loop.now - env.parseTimestamp(disrupted[name]) > 120_000) delete disrupted[name];
    }
    const healthy = pods.filter((p) => isPodReady(p) && !p.metadata.deletionTimestamp && !(p.metadata.name in disrupted)).length;
    const allowed = expected > 0 ? Math.max(0, healthy - desired) : 0;
    const old = pdb.status ?? {};
    const cond = (old.conditions ?? []).find((c: any) => c.type === 'DisruptionAllowed');
    const status = allowed > 0 ? 'True' : 'False';
    const next = {
      ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
      disruptionsAllowed: allowed,
      currentHealthy: healthy,
      desiredHealthy: desired,
      expectedPods: expected,
      observedGeneration: pdb.metadata.generation ?? 1,
      conditions: [{ type: 'DisruptionAllowed', status, observedGeneration: pdb.metadata.generation ?? 1, reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods', message: '', lastTransitionTime: cond && cond.status === status ? cond.lastTransitionTime : env.timestamp() }],
    };
    const same = ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods', 'observedGeneration'].every((k) => old[k] === (next as any)[k]) && JSON.stringify(old.disruptedPods ?? {}) === JSON.stringify(next.disruptedPods ?? {}) && cond?.status === status;
    if (same) return done();
    client.request({ verb: 'status', resource: 'poddisruptionbudgets', namespace: pdb.metadata.namespace, name: pdb.metadata.name, body: { status: next }, label: `PUT poddisruptionbudgets/${pdb.metadata.name}/status (${allowed} allowed)` }, (res) => {
      if (res.object) this.pdbs.observe(res.object);
      done(res.code < 400 || res.code === 404);
    });
  }
}
