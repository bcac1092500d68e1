/**
 * `kubectl rollout status|history|undo|pause|resume` on Deployments, StatefulSets and DaemonSets,
 * and `kubectl wait --for=condition=C|--for=delete`, with kubectl's own texts
 * (staging/src/k8s.io/kubectl/pkg/cmd/rollout, cmd/wait, pkg/polymorphichelpers: rollout_status.go,
 * history.go, rollback.go, objectpauser.go, objectresumer.go).
 *
 * `rollout status` and `wait` block in simulated time. kubectl watches the object; here the
 * command reads it from the apiserver's watch cache every 100 ms (what that watch would deliver),
 * so the waiting adds no message per poll to the trace: the first GET is drawn, and each line
 * kubectl prints.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubectlCommand, WorkloadKind } from '../kubectl/types.js';
import { printedName, type ExecContext } from './kubectl-exec.js';
import type { ApiResponse } from '../engine/apiserver/types.js';
import { byResource } from '../engine/apiserver/resources.js';

type Done = (error?: string) => void;

const POLL_MS = 100;

/** `deployments.apps "web"`: the resource and name of kubectl's error texts. */
function resourceName(kind: string, name: string): string {
  const t = byResource(`${kind}s`);
  return `${t?.resource ?? kind + 's'}${t?.group ? '.' + t.group : ''} "${name}"`;
}

/** StatusViewer.Status of rollout_status.go: the line kubectl prints, and whether the rollout is done. */
export function rolloutStatus(kind: WorkloadKind, o: any): { msg: string; done: boolean; error?: string } {
  const s = o.status ?? {};
  const gen = o.metadata.generation ?? 0;
  const name = o.metadata.name;
  if (kind === 'deployment') {
    if (gen <= (s.observedGeneration ?? 0)) {
      const cond = (s.conditions ?? []).find((c: any) => c.type === 'Progressing');
      if (cond?.reason === 'ProgressDeadlineExceeded') return { msg: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
      const replicas = o.spec?.replicas ?? 1;
      if ((s.updatedReplicas ?? 0) < replicas) return { msg: `Waiting for deployment "${name}" rollout to finish: ${s.updatedReplicas ?? 0} out of ${replicas} new replicas have been updated...`, done: false };
      if ((s.replicas ?? 0) > (s.updatedReplicas ?? 0)) return { msg: `Waiting for deployment "${name}" rollout to finish: ${(s.replicas ?? 0) - (s.updatedReplicas ?? 0)} old replicas are pending termination...`, done: false };
      if ((s.availableReplicas ?? 0) < (s.updatedReplicas ?? 0)) return { msg: `Waiting for deployment "${name}" rollout to finish: ${s.availableReplicas ?? 0} of ${s.updatedReplicas ?? 0} updated replicas are available...`, done: false };
      return { msg: `deployment "${name}" successfully rolled out`, done: true };
    }
    return { msg: 'Waiting for deployment spec update to be observed...', done: false };
  }
  if (kind === 'daemonset') {
    if (o.spec?.updateStrategy?.type !== 'RollingUpdate') return { msg: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
    if (gen <= (s.observedGeneration ?? 0)) {
      if ((s.updatedNumberScheduled ?? 0) < (s.desiredNumberScheduled ?? 0)) return { msg: `Waiting for daemon set "${name}" rollout to finish: ${s.updatedNumberScheduled ?? 0} out of ${s.desiredNumberScheduled ?? 0} new pods have been updated...`, done: false };
      if ((s.numberAvailable ?? 0) < (s.desiredNumberScheduled ?? 0)) return { msg: `Waiting for daemon set "${name}" rollout to finish: ${s.numberAvailable ?? 0} of ${s.desiredNumberScheduled ?? 0} updated pods are available...`, done: false };
      return { msg: `daemon set "${name}" successfully rolled out`, done: true };
    }
    return { msg: 'Waiting for daemon set spec update to be observed...', done: false };
  }
  const us = o.spec?.updateStrategy ?? {};
  if (us.type !== 'RollingUpdate') return { msg: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
  if (!s.observedGeneration || gen > s.observedGeneration) return { msg: 'Waiting for statefulset spec update to be observed...', done: false };
  const replicas = o.spec?.replicas ?? 1;
  if ((s.readyReplicas ?? 0) < replicas) return { msg: `Waiting for ${replicas - (s.readyReplicas ?? 0)} pods to be ready...`, done: false };
  if (us.rollingUpdate) {
    const partition = us.rollingUpdate.partition ?? 0;
    if ((s.updatedReplicas ?? 0) < replicas - partition) return { msg: `Waiting for partitioned roll out to finish: ${s.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...`, done: false };
    return { msg: `partitioned roll out complete: ${s.updatedReplicas ?? 0} new pods have been updated...`, done: true };
  }
  if (s.updateRevision !== s.currentRevision) return { msg: `waiting for statefulset rolling update to complete ${s.updatedReplicas ?? 0} pods at revision ${s.updateRevision}...`, done: false };
  return { msg: `statefulset rolling update complete ${s.currentReplicas ?? 0} pods at revision ${s.currentRevision}...`, done: true };
}

/** Poll `check` every 100 ms of simulated time until it returns true or `timeoutMs` passes (then `onTimeout`). */
function pollUntil(ctx: ExecContext, timeoutMs: number | undefined, check: () => boolean, onTimeout: () => void): void {
  const after = ctx.after;
  const start = ctx.now!();
  const tick = () => {
    if (check()) return;
    if (timeoutMs !== undefined && ctx.now!() - start >= timeoutMs) return onTimeout();
    after(POLL_MS, tick);
  };
  tick();
}

/** The history of a workload: revision number → its template holder (ReplicaSet or ControllerRevision). */
function history(kind: WorkloadKind, owner: any, items: any[]): Map<number, any> {
  const m = new Map<number, any>();
  for (const x of items) {
    if (!(x.metadata.ownerReferences ?? []).some((r: any) => r.controller && r.uid === owner.metadata.uid)) continue;
    const rev = kind === 'deployment' ? Number(x.metadata.annotations?.['deployment.kubernetes.io/revision']) : Number(x.revision);
    if (Number.isFinite(rev) && rev > 0) m.set(rev, x);
  }
  return m;
}

/** tabbedString of history.go: a tabwriter with padding 2. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]! + 2) : c)).join(''));
}

export function execRollout(cmd: Extract<KubectlCommand, { cmd: `rollout ${string}` }>, ctx: ExecContext, done: Done): void {
  const client = ctx.client;
  const resource = `${cmd.kind}s`;
  const print = (line: string) => ctx.print(line);
  const get = (then: (o: any) => void): void =>
    void client.request({ verb: 'get', resource, namespace: cmd.namespace, name: cmd.name }, (res: ApiResponse) => {
      if (!res.object) return done(`Error from server (NotFound): ${res.message ?? `${resourceName(cmd.kind, cmd.name)} not found`}`);
      then(res.object as any);
    });
  switch (cmd.cmd) {
    case 'rollout status':
      return get((first) => {
        if (cmd.revision && cmd.kind === 'deployment') {
          const rev = Number(first.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
          if (rev !== cmd.revision) return done(`error: desired revision (${cmd.revision}) is different from the running revision (${rev})`);
        }
        let last = '';
        let ended = false;
        const check = () => {
          const o = ctx.peek!(resource, cmd.namespace ?? 'default', cmd.name) ?? first;
          const r = rolloutStatus(cmd.kind, o);
          if (r.error) {
            ended = true;
            done(`error: ${r.error}`);
            return true;
          }
          if (r.msg !== last) {
            print(r.msg);
            last = r.msg;
          }
          if (r.done || !cmd.watch) {
            ended = true;
            done();
            return true;
          }
          return false;
        };
        pollUntil(ctx, cmd.timeoutMs, check, () => {
          if (!ended) done('error: timed out waiting for the condition');
        });
      });
    case 'rollout history':
      return get((o) => {
        const list = cmd.kind === 'deployment' ? 'replicasets' : 'controllerrevisions';
        client.request({ verb: 'list', resource: list, namespace: cmd.namespace }, (res) => {
          const h = history(cmd.kind, o, res.items ?? []);
          const revs = [...h.keys()].sort((a, b) => a - b);
          print(`${printedName(`${cmd.kind}s`, cmd.name)} `);
          if (!revs.length) {
            print('No rollout history found.');
            return done();
          }
          const rows = [['REVISION', 'CHANGE-CAUSE'], ...revs.map((r) => [String(r), h.get(r).metadata.annotations?.['kubernetes.io/change-cause'] || '<none>'])];
          for (const line of table(rows)) print(line);
          print('');
          done();
        });
      });
    case 'rollout undo':
      return get((o) => undo(cmd, o, ctx, done));
    case 'rollout pause':
    case 'rollout resume': {
      const pausing = cmd.cmd === 'rollout pause';
      return get((o) => {
        if (cmd.kind !== 'deployment') return done(`error: ${resourceName(cmd.kind, cmd.name)} ${pausing ? 'pausing' : 'resuming'} is not supported`);
        if (pausing && o.spec?.paused) return done(`error: ${resourceName(cmd.kind, cmd.name)} is already paused`);
        if (!pausing && !o.spec?.paused) return done(`error: ${resourceName(cmd.kind, cmd.name)} is not paused`);
        client.request({ verb: 'patch', resource, namespace: cmd.namespace, name: cmd.name, body: { spec: { paused: pausing ? true : null } } }, (res) => {
          if (res.code >= 400) return done(`Error from server: ${res.message}`);
          print(`${printedName(`${cmd.kind}s`, cmd.name)} ${pausing ? 'paused' : 'resumed'}`);
          done();
        });
      });
    }
    case 'rollout restart':
      return done();
  }
}

/** The Rollbacker of rollback.go for each kind: find the revision, skip when it is the current template, patch it back. */
function undo(cmd: Extract<KubectlCommand, { cmd: 'rollout undo' }>, o: any, ctx: ExecContext, done: Done): void {
  const client = ctx.client;
  const resource = `${cmd.kind}s`;
  const to = cmd.toRevision;
  const notFound = `error: unable to find specified revision ${to} in history`;
  const list = cmd.kind === 'deployment' ? 'replicasets' : 'controllerrevisions';
  client.request({ verb: 'list', resource: list, namespace: cmd.namespace }, (res) => {
    const h = history(cmd.kind, o, res.items ?? []);
    const revs = [...h.keys()].sort((a, b) => a - b);
    let target: any;
    let toRev = to;
    if (to > 0) {
      target = h.get(to);
      if (!target) return done(notFound);
    } else {
      if (revs.length <= 1) return done(cmd.kind === 'deployment' ? `error: no rollout history found for deployment "${cmd.name}"` : 'error: no last revision to roll back to');
      toRev = revs[revs.length - 2]!;
      target = h.get(toRev);
    }
    const stripHash = (t: any) => {
      const c = structuredClone(t ?? {});
      if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash'];
      return c;
    };
    const template = cmd.kind === 'deployment' ? stripHash(target.spec?.template) : (() => {
      const t = structuredClone(target.data?.spec?.template ?? {});
      delete t.$patch;
      return t;
    })();
    if (cmd.kind === 'deployment' && o.spec?.paused) return done(`error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${cmd.name}' and try again`);
    if (same(template, o.spec?.template)) {
      ctx.print(`${printedName(`${cmd.kind}s`, cmd.name)} skipped rollback (current template already matches revision ${to})`);
      return done();
    }
    const then = (r: ApiResponse) => {
      if (r.code >= 400) return done(`error: failed restoring revision ${to}: ${r.message}`);
      ctx.print(`${printedName(`${cmd.kind}s`, cmd.name)} rolled back`);
      done();
    };
    if (cmd.kind === 'deployment') {
      // getDeploymentPatch: a JSON patch replacing spec.template and metadata.annotations (the
      // Deployment's own bookkeeping annotations kept, the ReplicaSet's others copied).
      const SKIP = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision', 'deployment.kubernetes.io/revision-history', 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to'];
      const annotations: Record<string, string> = {};
      for (const k of SKIP) if (o.metadata.annotations?.[k] !== undefined) annotations[k] = o.metadata.annotations[k];
      for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!SKIP.includes(k)) annotations[k] = v as string;
      return void client.request({ verb: 'patch', patchType: 'json', resource, namespace: cmd.namespace, name: cmd.name, body: [{ op: 'replace', path: '/spec/template', value: template }, { op: 'replace', path: '/metadata/annotations', value: annotations }], label: `PATCH ${resource}/${cmd.name} (rollback to revision ${toRev})` }, then);
    }
    // StatefulSets and DaemonSets: the revision's data is a strategic merge patch replacing the template.
    client.request({ verb: 'patch', patchType: 'strategic', resource, namespace: cmd.namespace, name: cmd.name, body: target.data, label: `PATCH ${resource}/${cmd.name} (rollback to revision ${toRev})` }, then);
  });
}

function same(a: any, b: any): boolean {
  const norm = (v: any): any => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm(v[k])])) : Array.isArray(v) ? v.map(norm) : v);
  return JSON.stringify(norm(a ?? {})) === JSON.stringify(norm(b ?? {}));
}

/**
 * kubectl wait (cmd/wait): for each named object, until its condition C has status V (case
 * insensitive, as ConditionalWait compares them; a status written for an older generation does
 * not count) or it is gone; prints `pod/web-0 condition met` or `pod/web-0 deleted`, and on
 * timeout fails with `timed out waiting for the condition on pods/web-0`.
 */
export function execWait(cmd: Extract<KubectlCommand, { cmd: 'wait' }>, ctx: ExecContext, done: Done): void {
  const t = ctx.types ? ctx.types.byResource(cmd.resource) : byResource(cmd.resource);
  const ns = t?.namespaced ? cmd.namespace ?? 'default' : undefined;
  if (cmd.selector !== undefined && !cmd.names.length) {
    // -l / --all: the objects that match now; none is kubectl's "no matching resources found".
    return void ctx.client.request({ verb: 'list', resource: cmd.resource, namespace: ns, ...(cmd.selector ? { labelSelector: cmd.selector } : {}) }, (res) => {
      const names = (res.items ?? []).map((o) => o.metadata.name);
      if (res.code >= 400) return done(`Error from server: ${res.message}`);
      if (!names.length) return done('error: no matching resources found');
      execWait({ ...cmd, names, selector: undefined }, ctx, done);
    });
  }
  const next = (i: number) => {
    if (i >= cmd.names.length) return done();
    const name = cmd.names[i]!;
    ctx.client.request({ verb: 'get', resource: cmd.resource, namespace: ns, name }, (res) => {
      if (!res.object) {
        if (!cmd.condition && res.code === 404) return next(i + 1);
        return done(`Error from server (NotFound): ${res.message}`);
      }
      const uid = res.object.metadata.uid;
      const shown = `${t?.resource ?? cmd.resource}${t?.group ? '.' + t.group : ''}/${name}`;
      const printed = printedName(cmd.resource, name, ctx.types);
      let ended = false;
      pollUntil(ctx, cmd.timeoutMs, () => {
        const o: any = ctx.peek!(cmd.resource, ns, name);
        if (!cmd.condition) {
          if (o && o.metadata.uid === uid) return false;
          ctx.print(`${printed} deleted`);
        } else {
          if (!o || !conditionMet(o, cmd.condition.condition, cmd.condition.value)) return false;
          ctx.print(`${printed} condition met`);
        }
        ended = true;
        next(i + 1);
        return true;
      }, () => {
        if (!ended) done(`error: timed out waiting for the condition on ${shown}`);
      });
    });
  };
  next(0);
}

function conditionMet(o: any, type: string, value: string): boolean {
  const gen = o.metadata.generation;
  const observed = o.status?.observedGeneration;
  if (gen !== undefined && observed !== undefined && observed < gen) return false;
  return ((o.status?.conditions ?? []) as any[]).some((c) => String(c.type).toLowerCase() === type.toLowerCase() && String(c.status).toLowerCase() === value.toLowerCase());
}
