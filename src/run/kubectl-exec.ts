/**
 * kubectl commands → API requests, in kubectl's own order (a command waits for each answer, as
 * kubectl does): `create deployment` builds the Deployment kubectl would (labels `app=NAME`),
 * `expose` reads the deployment's selector, `drain` cordons then evicts, `scale` patches
 * replicas, `set image` and `rollout restart` patch the pod template.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubectlCommand } from '../kubectl/types.js';
import type { ApiClient } from '../engine/apiserver/client.js';
import type { ApiRequest, ApiResponse } from '../engine/apiserver/types.js';
import type { KubeObject } from '../trace/types.js';
import { byKind } from '../engine/apiserver/resources.js';
// JSON with sorted keys, as Go encodes an unstructured object.
import { canonical } from '../engine/controllers/objects.js';

export interface ExecContext {
  client: ApiClient;
  /** Read YAML objects of a file relative to the scenario (for -f). */
  readObjects(file: string): { objects: KubeObject[]; error?: string };
  /** The simulated clock, for `rollout restart`'s timestamp. */
  timestamp(): string;
  /** Told each error answer, in kubectl's words (`Error from server (Forbidden): …`); optional. */
  warn?(message: string): void;
}

const REASONS: Record<number, string> = { 400: 'BadRequest', 403: 'Forbidden', 404: 'NotFound', 409: 'AlreadyExists', 422: 'Invalid', 429: 'TooManyRequests', 503: 'ServiceUnavailable' };

type Done = (error?: string) => void;

/**
 * An error answer as kubectl prints it (kubectl/pkg/cmd/util StandardErrorMessage): invalid
 * objects as `The Deployment "web" is invalid: …`, everything else as `Error from server (Reason): …`.
 */
export function kubectlError(res: ApiResponse): string {
  const m = res.reason === 'Invalid' && res.message ? /^([A-Za-z]+)(?:\.[\w.]+)? "([^"]*)" is invalid: ([\s\S]*)$/.exec(res.message) : null;
  if (m) return `The ${m[1]} "${m[2]}" is invalid: ${m[3]}`;
  return `Error from server (${res.reason ?? REASONS[res.code] ?? 'InternalError'}): ${res.message ?? `code ${res.code}`}`;
}

/** One request; an error answer is reported as kubectl prints it, unless the caller handles that code. */
function call(ctx: ExecContext, req: ApiRequest, then: (res: ApiResponse) => void, handles: number[] = []): void {
  ctx.client.request(req, (res) => {
    if (res.code >= 400 && !handles.includes(res.code)) ctx.warn?.(kubectlError(res));
    then(res);
  });
}

/** Run requests one after another, stopping at nothing (kubectl reports each error and goes on). */
function sequence(ctx: ExecContext, reqs: ApiRequest[], done: Done): void {
  const next = (i: number) => {
    if (i >= reqs.length) return done();
    call(ctx, reqs[i]!, () => next(i + 1));
  };
  next(0);
}

/** The container name kubectl derives from an image: the last path element without tag or digest. */
export function containerName(image: string): string {
  return image.split('/').pop()!.split('@')[0]!.split(':')[0]!;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The object kubectl apply sends (GetModifiedConfiguration): the manifest, with the
 * last-applied-configuration annotation holding the manifest itself as JSON.
 */
function withLastApplied(obj: KubeObject): KubeObject {
  const annotations = { ...(obj.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const bare = { ...obj, metadata: { ...obj.metadata } } as KubeObject;
  if (Object.keys(annotations).length) bare.metadata.annotations = annotations;
  else delete bare.metadata.annotations;
  return { ...bare, metadata: { ...bare.metadata, annotations: { ...annotations, [LAST_APPLIED]: canonical(bare) + '\n' } } };
}

/**
 * kubectl apply's three-way patch, for what the simulation needs: the new configuration, with
 * `null` for every field the last-applied configuration had and the new one has not, and
 * `{name, $patch: delete}` for every element of a named list (containers, schedulingGates, …)
 * that left it. Simplification: the patch is not trimmed to what differs from the live object.
 */
export function applyPatch(lastApplied: unknown, modified: unknown): unknown {
  const isMap = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
  const isNamed = (x: unknown): x is { name: string }[] => Array.isArray(x) && x.length > 0 && x.every((e) => isMap(e) && typeof e.name === 'string');
  if (isMap(modified)) {
    const out: Record<string, unknown> = {};
    const last = isMap(lastApplied) ? lastApplied : {};
    for (const [k, v] of Object.entries(modified)) out[k] = applyPatch(last[k], v);
    for (const k of Object.keys(last)) if (!(k in modified)) out[k] = null;
    return out;
  }
  if (isNamed(modified) || (Array.isArray(modified) && modified.length === 0 && isNamed(lastApplied))) {
    const last = isNamed(lastApplied) ? lastApplied : [];
    const mod = modified as { name: string }[];
    const out: unknown[] = mod.map((e) => applyPatch(last.find((l) => l.name === e.name), e));
    for (const l of last) if (!mod.some((e) => e.name === l.name)) out.push({ name: l.name, $patch: 'delete' });
    return out;
  }
  return modified;
}

/** kubectl apply: create, or when the object exists, patch it with what the manifest says. */
export function applyObjects(ctx: ExecContext, objects: KubeObject[], namespace: string | undefined, done: Done, createOnly = false): void {
  const next = (i: number) => {
    if (i >= objects.length) return done();
    const obj = objects[i]!;
    const t = byKind(obj.kind);
    if (!t) {
      // The apiserver answers 404 (in the trace); kubectl says what it could not map.
      ctx.client.request({ verb: 'create', resource: `${obj.kind.toLowerCase()}s`, body: obj }, () => {
        ctx.warn?.(`resource mapping not found for name: "${obj.metadata?.name ?? ''}": no matches for kind "${obj.kind}" in version "${obj.apiVersion ?? ''}"`);
        next(i + 1);
      });
      return;
    }
    const ns = t.namespaced ? obj.metadata?.namespace ?? namespace ?? 'default' : undefined;
    const body = createOnly ? obj : withLastApplied(obj);
    const create = () => call(ctx, { verb: 'create', resource: t.resource, namespace: ns, body }, () => next(i + 1));
    if (createOnly || !obj.metadata?.name) return create();
    // kubectl apply reads the live object first: absent, it creates it; present, it patches it.
    call(ctx, { verb: 'get', resource: t.resource, namespace: ns, name: obj.metadata.name }, (res) => {
      if (res.code === 404) return create();
      if (res.code >= 400) return next(i + 1);
      const { apiVersion: _a, kind: _k, ...rest } = body as any;
      // Without the annotation (an object kubectl apply did not create), nothing is removed.
      const recorded = (res.object as any)?.metadata?.annotations?.[LAST_APPLIED];
      let last: any = {};
      try {
        last = recorded ? JSON.parse(recorded) : {};
      } catch {
        last = {};
      }
      const { apiVersion: _la, kind: _lk, ...lastRest } = last ?? {};
      call(ctx, { verb: 'patch', patchType: 'strategic', resource: t.resource, namespace: ns, name: obj.metadata.name, body: applyPatch(lastRest, rest) }, () => next(i + 1));
    }, [404]);
  };
  next(0);
}

export function execKubectl(cmd: KubectlCommand, ctx: ExecContext, done: Done): void {
  switch (cmd.cmd) {
    case 'run': {
      const container: any = { name: cmd.name, image: cmd.image };
      if (cmd.port) container.ports = [{ containerPort: cmd.port }];
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: cmd.name, labels: cmd.labels }, spec: { containers: [container], restartPolicy: cmd.restart } };
      return call(ctx, { verb: 'create', resource: 'pods', namespace: cmd.namespace, body: pod }, () => done());
    }
    case 'create deployment': {
      const container: any = { name: containerName(cmd.image), image: cmd.image };
      if (cmd.port) container.ports = [{ containerPort: cmd.port }];
      const labels = { app: cmd.name };
      const d = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: cmd.name, labels },
        spec: { replicas: cmd.replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } },
      };
      return call(ctx, { verb: 'create', resource: 'deployments', namespace: cmd.namespace, body: d }, () => done());
    }
    case 'create namespace':
      return call(ctx, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: cmd.name } } }, () => done());
    case 'create -f':
    case 'apply -f': {
      const { objects, error } = ctx.readObjects(cmd.file);
      if (error) return done(error);
      return applyObjects(ctx, objects, cmd.namespace, done, cmd.cmd === 'create -f');
    }
    case 'delete': {
      const t = cmd.target;
      const grace = cmd.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: cmd.gracePeriodSeconds } : {};
      if (cmd.force) ctx.warn?.('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
      if (t.by === 'file') {
        const { objects, error } = ctx.readObjects(t.file);
        if (error) return done(error);
        return sequence(ctx, objects.map((o) => ({ verb: 'delete', resource: byKind(o.kind)?.resource ?? o.kind.toLowerCase() + 's', namespace: o.metadata.namespace ?? cmd.namespace, name: o.metadata.name, ...grace })), done);
      }
      if (t.by === 'name') return sequence(ctx, t.names.map((name) => ({ verb: 'delete', resource: t.resource, namespace: cmd.namespace, name, ...grace })), done);
      return call(ctx, { verb: 'list', resource: t.resource, namespace: cmd.namespace, labelSelector: t.selector }, (res) => {
        sequence(ctx, (res.items ?? []).map((o) => ({ verb: 'delete', resource: t.resource, namespace: o.metadata.namespace, name: o.metadata.name, ...grace })), done);
      });
    }
    case 'scale':
      return call(ctx, { verb: 'patch', subresource: 'scale', resource: `${cmd.kind}s`, namespace: cmd.namespace, name: cmd.name, body: { spec: { replicas: cmd.replicas } }, label: `PATCH ${cmd.kind}s/${cmd.name}/scale replicas=${cmd.replicas}` }, () => done());
    case 'set image':
      return call(ctx, { verb: 'get', resource: 'deployments', namespace: cmd.namespace, name: cmd.name, hidden: 'reply' }, (res) => {
        if (!res.object) return done();
        const containers = ((res.object as any).spec?.template?.spec?.containers ?? []) as any[];
        const patched = containers.map((c) => {
          const m = cmd.images.find((i) => i.container === c.name || i.container === '*');
          return m ? { ...c, image: m.image } : c;
        });
        const missing = cmd.images.filter((i) => i.container !== '*' && !containers.some((c) => c.name === i.container));
        if (missing.length) return done(`unable to find container named "${missing[0]!.container}"`);
        call(ctx, { verb: 'patch', resource: 'deployments', namespace: cmd.namespace, name: cmd.name, body: { spec: { template: { spec: { containers: patched } } } } }, () => done());
      });
    case 'rollout restart':
      return call(ctx, { verb: 'patch', resource: 'deployments', namespace: cmd.namespace, name: cmd.name, body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': ctx.timestamp() } } } } } }, () => done());
    case 'cordon':
    case 'uncordon':
      return call(ctx, { verb: 'patch', resource: 'nodes', name: cmd.node, body: { spec: { unschedulable: cmd.cmd === 'cordon' ? true : null } } }, () => done());
    case 'drain':
      return drain(cmd, ctx, done);
    case 'taint':
      return call(ctx, { verb: 'get', resource: 'nodes', name: cmd.node, hidden: 'reply' }, (res) => {
        if (!res.object) return done();
        let taints = [...(((res.object as any).spec?.taints ?? []) as any[])];
        for (const t of cmd.taints) {
          taints = taints.filter((x) => !(x.key === t.key && (!t.effect || x.effect === t.effect)));
          if (!t.remove) taints.push({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect });
        }
        call(ctx, { verb: 'patch', resource: 'nodes', name: cmd.node, body: { spec: { taints: taints.length ? taints : null } } }, () => done());
      });
    case 'label': {
      const labels: Record<string, string | null> = {};
      for (const l of cmd.labels) labels[l.key] = l.remove ? null : l.value!;
      return call(ctx, { verb: 'patch', resource: cmd.kind, namespace: cmd.kind === 'pods' ? cmd.namespace : undefined, name: cmd.name, body: { metadata: { labels } } }, () => done());
    }
    case 'expose':
      return call(ctx, { verb: 'get', resource: 'deployments', namespace: cmd.namespace, name: cmd.name }, (res) => {
        if (!res.object) return done();
        const selector = (res.object as any).spec?.selector?.matchLabels ?? {};
        const svc = {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: cmd.name, labels: (res.object as any).metadata.labels ?? {} },
          spec: { selector, ports: [{ port: cmd.port, targetPort: cmd.targetPort ?? cmd.port, protocol: 'TCP' }] },
        };
        call(ctx, { verb: 'create', resource: 'services', namespace: cmd.namespace, body: svc }, () => done());
      });
    case 'get':
      return call(ctx, { verb: cmd.name ? 'get' : 'list', resource: cmd.resource, namespace: cmd.namespace, name: cmd.name }, () => done());
  }
}

/** kubectl drain: cordon, list the node's pods, refuse unmanaged pods without --force, evict the rest. */
function drain(cmd: Extract<KubectlCommand, { cmd: 'drain' }>, ctx: ExecContext, done: Done): void {
  call(ctx, { verb: 'patch', resource: 'nodes', name: cmd.node, body: { spec: { unschedulable: true } } }, () => {
    call(ctx, { verb: 'list', resource: 'pods', label: `GET /api/v1/pods?fieldSelector=spec.nodeName=${cmd.node}` }, (res) => {
      const pods = (res.items ?? []).filter((p: any) => p.spec?.nodeName === cmd.node && !p.metadata.deletionTimestamp);
      const unmanaged = pods.filter((p) => !(p.metadata.ownerReferences ?? []).some((o) => o.controller));
      if (unmanaged.length && !cmd.force) {
        return done(`cannot delete Pods that declare no controller (use --force to override): ${unmanaged.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')}`);
      }
      // Eviction (POST pods/NAME/eviction) deletes the pod gracefully; there are no PodDisruptionBudgets to honour.
      sequence(ctx, pods.map((p) => ({ verb: 'create', subresource: 'eviction', resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name, attrs: { subresource: 'eviction' }, label: `POST pods/${p.metadata.name}/eviction` })), done);
    });
  });
}
