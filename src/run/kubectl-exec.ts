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
import { execRollout, execWait } from './kubectl-rollout.js';
import { printObjects } from './kubectl-get.js';
import { apiVersionOf, byKind, byResource, restPath, type ResourceType, type ServedTypes } from '../engine/apiserver/resources.js';
// JSON with sorted keys, as Go encodes an unstructured object.
import { canonical } from '../engine/controllers/objects.js';
import { formatDuration as goDuration } from '../engine/kubelet/pod-worker.js';

export interface ExecContext {
  client: ApiClient;
  /** Read YAML objects of a file relative to the scenario (for -f). */
  readObjects(file: string): { objects: KubeObject[]; error?: string };
  /** The simulated clock, for `rollout restart`'s timestamp. */
  timestamp(): string;
  /** Run `fn` after `ms` of simulated time (kubectl's polls). */
  after(ms: number, fn: () => void): void;
  /** Told each error kubectl prints (`Error from server (Forbidden): …`): the command fails (exit 1). */
  fail?(message: string): void;
  /** Told each warning kubectl prints (the command still succeeds). */
  warn?(message: string): void;
  /**
   * A line kubectl prints: stdout by default (`pod/web created`), stderr for errors and warnings.
   * It goes in the trace, where `output "PATTERN"` finds it (LANGUAGE.md §12.2). Every command
   * prints through this one function.
   */
  print(line: string, stream?: 'stdout' | 'stderr'): void;
  /** The simulated time now (ms), for commands that wait: `rollout status`, `wait`. */
  now?(): number;
  /** The object as the apiserver's watch cache holds it: what a kubectl watch on it delivers. */
  peek?(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** What kubectl's discovery finds: the resource types the apiserver serves now (custom resources included). */
  types?: ServedTypes;
}

/** A resource type as kubectl's discovery knows it. */
function typeOf(ctx: ExecContext | undefined, resource: string): ResourceType | undefined {
  return ctx?.types ? ctx.types.byResource(resource) : byResource(resource);
}

/**
 * How kubectl names an object in what it prints (the name printer, cli-runtime
 * pkg/printers/name.go NamePrinter.PrintObj): `kind.group/name` with the kind in lower case and
 * no group for the core API, e.g. `pod/web`, `deployment.apps/web`, `node/worker-1`.
 */
export function printedName(kindOrResource: string, name: string, types?: ServedTypes): string {
  const t = types ? types.byKind(kindOrResource) ?? types.byResource(kindOrResource) : byKind(kindOrResource) ?? byResource(kindOrResource);
  if (!t) return `${kindOrResource.toLowerCase()}/${name}`;
  return `${t.kind.toLowerCase()}${t.group ? '.' + t.group : ''}/${name}`;
}

/** What kubectl prints after a successful change: `deployment.apps/web scaled` (name printer + operation). */
export function printDone(ctx: ExecContext, kindOrResource: string, name: string, operation: string): void {
  ctx.print(`${printedName(kindOrResource, name, ctx.types)} ${operation}`);
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
  // A Status without a reason (StatusReasonUnknown, e.g. an etcd error): `Error from server: …`.
  if (res.reason === '') return `Error from server: ${res.message ?? `code ${res.code}`}`;
  return `Error from server (${res.reason ?? REASONS[res.code] ?? 'InternalError'}): ${res.message ?? `code ${res.code}`}`;
}

/**
 * A list by label selector that the apiserver refuses (400, 404): kubectl's resource visitor says
 * what it was looking for (cli-runtime pkg/resource/selector.go: `Unable to find "/v1,
 * Resource=pods" that match label selector "a in (", field selector "": …`).
 */
function withSelector(req: ApiRequest, res: ApiResponse): ApiResponse {
  if (req.verb !== 'list' || req.labelSelector === undefined || (res.code !== 400 && res.code !== 404)) return res;
  const t = byResource(req.resource);
  const gvr = `${t?.group ? apiVersionOf(t) : `/${t ? apiVersionOf(t) : 'v1'}`}, Resource=${req.resource}`;
  return { ...res, message: `Unable to find ${JSON.stringify(gvr)} that match label selector ${JSON.stringify(req.labelSelector)}, field selector "": ${res.message ?? ''}` };
}

/** One request; an error answer is reported as kubectl prints it, unless the caller handles that code. */
function call(ctx: ExecContext, req: ApiRequest, then: (res: ApiResponse) => void, handles: number[] = []): void {
  ctx.client.request(req, (res) => {
    if (res.code >= 400 && !handles.includes(res.code)) {
      const text = kubectlError(withSelector(req, res));
      ctx.print(text, 'stderr');
      ctx.fail?.(text);
    }
    then(res);
  });
}

/** A request whose success kubectl reports with one printed line (`pod/web created`). */
function callPrinting(ctx: ExecContext, req: ApiRequest, operation: string, done: Done): void {
  call(ctx, req, (res) => {
    if (res.code < 400) printDone(ctx, req.resource, res.object?.metadata?.name ?? req.name ?? '', operation);
    done();
  });
}

/**
 * kubectl delete (kubectl pkg/cmd/delete/delete.go DeleteResult): each DELETE in turn, printing
 * `pod "web" deleted` (`force deleted` with a grace period of 0) as its answer comes; then, with
 * `--wait=true` (the default), it waits until every deleted object is gone (cmd/wait IsDeleted).
 */
function deleteAndWait(ctx: ExecContext, reqs: ApiRequest[], wait: boolean, done: Done): void {
  const deleted: { req: ApiRequest; uid?: string }[] = [];
  const next = (i: number) => {
    if (i >= reqs.length) {
      if (!wait) return done();
      const waitNext = (k: number): void => {
        if (k >= deleted.length) return done();
        const d = deleted[k]!;
        waitDeleted(ctx, d.req.resource, d.req.namespace, d.req.name!, d.uid, () => waitNext(k + 1));
      };
      return waitNext(0);
    }
    const req = reqs[i]!;
    call(ctx, req, (res) => {
      if (res.code < 400) {
        const t = typeOf(ctx, req.resource);
        const kind = t ? `${t.kind.toLowerCase()}${t.group ? '.' + t.group : ''}` : req.resource;
        ctx.print(`${kind} "${req.name}" ${req.gracePeriodSeconds === 0 ? 'force deleted' : 'deleted'}`);
        deleted.push({ req, uid: res.object?.metadata?.uid });
      }
      next(i + 1);
    });
  };
  next(0);
}

/**
 * Wait until an object is gone, as kubectl's `IsDeleted` condition does (kubectl
 * pkg/cmd/wait/delete.go IsDeleted): GET it — absent, or a new object with another UID, is done —
 * else LIST and WATCH it (field selector `metadata.name`) until the watch says DELETED.
 * `kubectl delete` (--wait=true) and `kubectl wait --for=delete` both use it.
 */
export function waitDeleted(ctx: ExecContext, resource: string, namespace: string | undefined, name: string, uid: string | undefined, then: () => void): void {
  const t = typeOf(ctx, resource);
  const ns = t?.namespaced ? namespace ?? 'default' : undefined;
  call(ctx, { verb: 'get', resource, namespace: ns, name, hidden: 'reply' }, (res) => {
    if (res.code === 404 || !res.object || (uid && res.object.metadata.uid !== uid)) return then();
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      cancel();
      then();
    };
    // The watch is open before the LIST is served (an informer's list-then-watch), so no deletion falls between them.
    const cancel = ctx.client.watch(
      resource,
      (type) => {
        if (type !== 'DELETED' || finished) return false;
        finish();
        return true;
      },
      { name, namespace: ns },
    );
    const path = t ? restPath(t, ns) : resource;
    call(ctx, { verb: 'list', resource, namespace: ns, hidden: 'reply', label: `GET ${path}?fieldSelector=metadata.name=${name}` }, (list) => {
      const live = (list.items ?? []).find((o) => o.metadata.name === name);
      if (list.code < 400 && (!live || (uid && live.metadata.uid !== uid))) finish();
    });
  }, [404]);
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

/** The JSON merge patch of kubectl apply for a custom resource: the new configuration, `null` for each field the last one had and it has not. */
export function mergeApplyPatch(lastApplied: unknown, modified: unknown): unknown {
  const isMap = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
  if (!isMap(modified)) return modified;
  const last = isMap(lastApplied) ? lastApplied : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(modified)) out[k] = mergeApplyPatch(last[k], v);
  for (const k of Object.keys(last)) if (!(k in modified)) out[k] = null;
  return out;
}

/**
 * Does `live` already hold every field of `want`? Maps field by field, named lists element by
 * element by name (their strategic-merge key), other lists element by element, scalars equal.
 * Fields `live` has beyond `want` (defaults, status) do not count: a patch would not touch them.
 */
export function contains(live: unknown, want: unknown): boolean {
  const isMap = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
  if (isMap(want)) return isMap(live) && Object.entries(want).every(([k, v]) => contains(live[k], v));
  if (Array.isArray(want)) {
    if (!Array.isArray(live) || live.length !== want.length) return false;
    const named = want.every((e) => isMap(e) && typeof e.name === 'string');
    return want.every((e, i) => contains(named ? live.find((l) => isMap(l) && l.name === (e as { name: string }).name) : live[i], e));
  }
  return live === want;
}

/**
 * kubectl's REST mapping of an object (cli-runtime pkg/resource/mapper.go infoForData): its
 * kind in its version as discovery lists them, or the error kubectl prints —
 * `resource mapping not found for name: "N" namespace: "NS" from "FILE": no matches for kind "K"
 * in version "G/V"` and `ensure CRDs are installed first` on the next line. No request is sent.
 */
export function mapObject(ctx: ExecContext, obj: KubeObject, source: string): { type?: ResourceType; error?: string } {
  const apiVersion = obj.apiVersion ?? '';
  const t = ctx.types ? ctx.types.byKind(obj.kind, apiVersion) : byKind(obj.kind);
  if (t) return { type: t };
  return { error: `resource mapping not found for name: "${obj.metadata?.name ?? ''}" namespace: "${obj.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${obj.kind}" in version "${apiVersion}"\nensure CRDs are installed first` };
}

/**
 * kubectl apply: create, or when the object exists, patch it with what the manifest says.
 * As kubectl's builder does, every object is mapped before any is sent: the objects whose kind
 * is not served are left out and their errors printed after the others were applied
 * (apply.go Run: GetObjects' error joins the others). `source` is the file (`STDIN` for `-f -`).
 */
export function applyObjects(ctx: ExecContext, objects: KubeObject[], namespace: string | undefined, done: Done, createOnly = false, source = 'STDIN'): void {
  const mapped: [KubeObject, ResourceType][] = [];
  const unmapped: string[] = [];
  for (const obj of objects) {
    const m = mapObject(ctx, obj, source);
    if (m.type) mapped.push([obj, m.type]);
    else unmapped.push(m.error!);
  }
  const next = (i: number) => {
    if (i >= mapped.length) {
      // cmdutil.CheckErr: one error, or an aggregate printed one per line after `error: `.
      if (unmapped.length) {
        for (const line of `error: ${unmapped.join('\n')}`.split('\n')) {
          ctx.print(line, 'stderr');
          ctx.fail?.(line);
        }
      }
      return done();
    }
    const [obj, t] = mapped[i]!;
    const ns = t.namespaced ? obj.metadata?.namespace ?? namespace ?? 'default' : undefined;
    const body = createOnly ? obj : withLastApplied(obj);
    const create = () => callPrinting(ctx, { verb: 'create', resource: t.resource, namespace: ns, body }, 'created', () => next(i + 1));
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
      // kubectl apply (pkg/cmd/apply/patcher.go patchSimple): a three-way patch that comes out
      // empty (`{}`) is not sent; kubectl prints `… unchanged`. It is empty when the live object
      // already holds everything the new configuration (with its last-applied annotation) says.
      if (contains(res.object, rest)) {
        ctx.print(`${t.kind.toLowerCase()}${t.group ? '.' + t.group : ''}/${obj.metadata.name} unchanged`);
        return next(i + 1);
      }
      // A custom resource has no strategic-merge schema: kubectl sends a JSON merge patch
      // (patcher.go: CreateThreeWayJSONMergePatch for types outside its scheme), lists replaced whole.
      const patch = t.custom ? { patchType: 'merge' as const, body: mergeApplyPatch(lastRest, rest) } : { patchType: 'strategic' as const, body: applyPatch(lastRest, rest) };
      callPrinting(ctx, { verb: 'patch', ...patch, resource: t.resource, namespace: ns, name: obj.metadata.name }, 'configured', () => next(i + 1));
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
      return callPrinting(ctx, { verb: 'create', resource: 'pods', namespace: cmd.namespace, body: pod }, 'created', done);
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
      return callPrinting(ctx, { verb: 'create', resource: 'deployments', namespace: cmd.namespace, body: d }, 'created', done);
    }
    case 'create job':
      return createJob(cmd, ctx, done);
    case 'create cronjob': {
      // CreateCronJobOptions.createCronJob: the container named after the CronJob.
      const container: any = { name: cmd.name, image: cmd.image };
      if (cmd.command.length) container.command = cmd.command;
      const cj = {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: cmd.name },
        spec: { schedule: cmd.schedule, jobTemplate: { metadata: { name: cmd.name }, spec: { template: { spec: { containers: [container], restartPolicy: cmd.restart } } } } },
      };
      return callPrinting(ctx, { verb: 'create', resource: 'cronjobs', namespace: cmd.namespace, body: cj }, 'created', done);
    }
    case 'create configmap':
      return callPrinting(ctx, { verb: 'create', resource: 'configmaps', namespace: cmd.namespace, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: cmd.name }, data: cmd.data } }, 'created', done);
    case 'create secret generic': {
      // CreateSecretOptions.createSecret: the values base64 in data, the type only when given.
      const data = Object.fromEntries(Object.entries(cmd.data).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
      const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: cmd.name }, data, ...(cmd.type ? { type: cmd.type } : {}) };
      return callPrinting(ctx, { verb: 'create', resource: 'secrets', namespace: cmd.namespace, body: secret }, 'created', done);
    }
    case 'create serviceaccount':
      return callPrinting(ctx, { verb: 'create', resource: 'serviceaccounts', namespace: cmd.namespace, body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: cmd.name } } }, 'created', done);
    case 'create namespace':
      return callPrinting(ctx, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: cmd.name } } }, 'created', done);
    case 'create -f':
    case 'apply -f': {
      const { objects, error } = ctx.readObjects(cmd.file);
      if (error) return done(error);
      return applyObjects(ctx, objects, cmd.namespace, done, cmd.cmd === 'create -f', cmd.file === '-' ? 'STDIN' : cmd.file);
    }
    case 'delete': {
      const t = cmd.target;
      const grace = cmd.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: cmd.gracePeriodSeconds } : {};
      if (cmd.force) {
        const text = 'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.';
        ctx.print(text, 'stderr');
        ctx.warn?.(text);
      }
      const run = (reqs: ApiRequest[]) => deleteAndWait(ctx, reqs, cmd.wait !== false, done);
      if (t.by === 'file') {
        const { objects, error } = ctx.readObjects(t.file);
        if (error) return done(error);
        return run(objects.map((o) => ({ verb: 'delete', resource: (ctx.types?.byKind(o.kind, o.apiVersion) ?? byKind(o.kind))?.resource ?? o.kind.toLowerCase() + 's', namespace: o.metadata.namespace ?? cmd.namespace, name: o.metadata.name, ...grace })));
      }
      if (t.by === 'name') return run(t.names.map((name) => ({ verb: 'delete', resource: t.resource, namespace: cmd.namespace, name, ...grace })));
      return call(ctx, { verb: 'list', resource: t.resource, namespace: cmd.namespace, labelSelector: t.selector }, (res) => {
        if (res.code < 400 && !(res.items ?? []).length) {
          ctx.print('No resources found');
          return done();
        }
        run((res.items ?? []).map((o) => ({ verb: 'delete', resource: t.resource, namespace: o.metadata.namespace, name: o.metadata.name, ...grace })));
      });
    }
    case 'scale':
      return callPrinting(ctx, { verb: 'patch', subresource: 'scale', resource: `${cmd.kind}s`, namespace: cmd.namespace, name: cmd.name, body: { spec: { replicas: cmd.replicas } }, label: `PATCH ${cmd.kind}s/${cmd.name}/scale replicas=${cmd.replicas}` }, 'scaled', done);
    case 'set image':
      return call(ctx, { verb: 'get', resource: `${cmd.kind}s`, namespace: cmd.namespace, name: cmd.name, hidden: 'reply' }, (res) => {
        if (!res.object) return done();
        const containers = ((res.object as any).spec?.template?.spec?.containers ?? []) as any[];
        const patched = containers.map((c) => {
          const m = cmd.images.find((i) => i.container === c.name || i.container === '*');
          return m ? { ...c, image: m.image } : c;
        });
        const missing = cmd.images.filter((i) => i.container !== '*' && !containers.some((c) => c.name === i.container));
        if (missing.length) return done(`unable to find container named "${missing[0]!.container}"`);
        callPrinting(ctx, { verb: 'patch', resource: `${cmd.kind}s`, namespace: cmd.namespace, name: cmd.name, body: { spec: { template: { spec: { containers: patched } } } } }, 'image updated', done);
      });
    case 'rollout restart':
      return callPrinting(ctx, { verb: 'patch', resource: `${cmd.kind}s`, namespace: cmd.namespace, name: cmd.name, body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': ctx.timestamp() } } } } } }, 'restarted', done);
    case 'cordon':
    case 'uncordon':
      return cordon(ctx, cmd.node, cmd.cmd === 'cordon', () => done());
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
        // kubectl taint (pkg/cmd/taint/taint.go): "untainted" when taints were only removed, "modified" when one was overwritten, else "tainted".
        const op = cmd.taints.every((t) => t.remove) ? 'untainted' : 'tainted';
        callPrinting(ctx, { verb: 'patch', resource: 'nodes', name: cmd.node, body: { spec: { taints: taints.length ? taints : null } } }, op, done);
      });
    case 'label': {
      const labels: Record<string, string | null> = {};
      for (const l of cmd.labels) labels[l.key] = l.remove ? null : l.value!;
      // kubectl label (pkg/cmd/label/label.go): "labeled", or "unlabeled" when labels were only removed.
      return callPrinting(ctx, { verb: 'patch', resource: cmd.kind, namespace: cmd.kind === 'pods' ? cmd.namespace : undefined, name: cmd.name, body: { metadata: { labels } } }, cmd.labels.every((l) => l.remove) ? 'unlabeled' : 'labeled', done);
    }
    case 'expose':
      return call(ctx, { verb: 'get', resource: 'deployments', namespace: cmd.namespace, name: cmd.name }, (res) => {
        if (!res.object) return done();
        const selector = (res.object as any).spec?.selector?.matchLabels ?? {};
        const svc = {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: cmd.name, labels: (res.object as any).metadata.labels ?? {} },
          spec: { selector, ports: [{ port: cmd.port, targetPort: cmd.targetPort ?? cmd.port, protocol: 'TCP' }], ...(cmd.type ? { type: cmd.type } : {}) },
        };
        callPrinting(ctx, { verb: 'create', resource: 'services', namespace: cmd.namespace, body: svc }, 'exposed', done);
      });
    case 'patch':
      // kubectl patch (pkg/cmd/patch/patch.go): the builder reads the object, the PATCH follows;
      // `patched`, or `patched (no change)` when the answer is the object as it was (patch.go:
      // didPatch compares the objects; a patch that removed the last finalizer of an object being
      // deleted answers with the object as patched, so it is `patched`).
      return call(ctx, { verb: 'get', resource: cmd.resource, namespace: cmd.namespace, name: cmd.name, hidden: 'reply' }, (res) => {
        if (!res.object) return done();
        const before = res.object.metadata.resourceVersion;
        call(ctx, { verb: 'patch', patchType: cmd.patchType, resource: cmd.resource, namespace: cmd.namespace, name: cmd.name, body: cmd.patch }, (r) => {
          if (r.code < 400) printDone(ctx, cmd.resource, cmd.name, r.object && r.object.metadata.resourceVersion === before && JSON.stringify(r.object) === JSON.stringify(res.object) ? 'patched (no change)' : 'patched');
          done();
        });
      });
    case 'annotate':
      // kubectl annotate (pkg/cmd/annotate/annotate.go): read the object, refuse to change a
      // value without --overwrite, then a merge patch of metadata.annotations; `annotated`.
      return call(ctx, { verb: 'get', resource: cmd.resource, namespace: cmd.namespace, name: cmd.name, hidden: 'reply' }, (res) => {
        if (!res.object) return done();
        const current = res.object.metadata.annotations ?? {};
        if (!cmd.overwrite) {
          const taken = cmd.annotations.filter((a) => !a.remove && current[a.key] !== undefined && current[a.key] !== a.value);
          if (taken.length) return done(`--overwrite is false but found the following declared annotation(s): ${taken.map((a) => `'${a.key}' already has a value (${current[a.key]})`).join('; ')}`);
        }
        const annotations: Record<string, string | null> = {};
        for (const a of cmd.annotations) annotations[a.key] = a.remove ? null : a.value!;
        callPrinting(ctx, { verb: 'patch', resource: cmd.resource, namespace: cmd.namespace, name: cmd.name, body: { metadata: { annotations } } }, 'annotated', done);
      });
    case 'get':
      // cmd/get: the object(s) as the apiserver holds them, printed in the asked format.
      return call(ctx, { verb: cmd.name ? 'get' : 'list', resource: cmd.resource, namespace: cmd.namespace, name: cmd.name, ...(cmd.selector ? { labelSelector: cmd.selector } : {}) }, (res) => {
        if (res.code >= 400) return done();
        const items = res.object ? [res.object] : res.items ?? [];
        if (!items.length && !cmd.name) {
          const t = typeOf(ctx, cmd.resource);
          ctx.print(t?.namespaced ? `No resources found in ${cmd.namespace ?? 'default'} namespace.` : 'No resources found', 'stderr');
          return done();
        }
        const now = ctx.now?.() ?? 0;
        const r = printObjects(cmd.resource, items, !!cmd.name, cmd.output, now, (ts) => Date.parse(ts) - Date.UTC(2026, 0, 1));
        if (r.error) return done(r.error);
        for (const line of r.lines) ctx.print(line);
        done();
      });
    case 'rollout status':
    case 'rollout history':
    case 'rollout undo':
    case 'rollout pause':
    case 'rollout resume':
      return execRollout(cmd, ctx, done);
    case 'wait':
      return execWait(cmd, ctx, done);
  }
}

/**
 * kubectl cordon / uncordon (kubectl pkg/cmd/drain/drain.go RunCordonOrUncordon with
 * pkg/drain/cordon.go CordonHelper): read the node, and only when `spec.unschedulable` differs,
 * patch it; print `node/NAME cordoned` or `node/NAME already cordoned` (uncordoned alike).
 * `then(false)` when the node could not be read or patched (the error is printed).
 */
function cordon(ctx: ExecContext, node: string, desired: boolean, then: (ok: boolean) => void): void {
  const word = desired ? 'cordoned' : 'uncordoned';
  call(ctx, { verb: 'get', resource: 'nodes', name: node, hidden: 'reply' }, (res) => {
    if (!res.object) return then(false);
    if (!!(res.object as any).spec?.unschedulable === desired) {
      printDone(ctx, 'Node', node, `already ${word}`);
      return then(true);
    }
    call(ctx, { verb: 'patch', resource: 'nodes', name: node, body: { spec: { unschedulable: desired ? true : null } } }, (r) => {
      if (r.code >= 400) return then(false);
      printDone(ctx, 'Node', node, word);
      then(true);
    });
  });
}

/**
 * kubectl create job (cmd/create/create_job.go): from --image, a Job whose one container is named
 * after it, restartPolicy Never; from --from=cronjob/X, the CronJob's job template with the
 * `cronjob.kubernetes.io/instantiate: manual` annotation and the CronJob as controller.
 */
function createJob(cmd: Extract<KubectlCommand, { cmd: 'create job' }>, ctx: ExecContext, done: Done): void {
  const send = (job: any) => callPrinting(ctx, { verb: 'create', resource: 'jobs', namespace: cmd.namespace, body: job }, 'created', done);
  if (!cmd.from) {
    const container: any = { name: cmd.name, image: cmd.image };
    if (cmd.command.length) container.command = cmd.command;
    return send({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: cmd.name }, spec: { template: { spec: { containers: [container], restartPolicy: 'Never' } } } });
  }
  call(ctx, { verb: 'get', resource: 'cronjobs', namespace: cmd.namespace, name: cmd.from }, (res) => {
    const cj = res.object as any;
    if (!cj) return done(`cronjobs.batch "${cmd.from}" not found`);
    const t = cj.spec?.jobTemplate ?? {};
    const metadata: any = {
      name: cmd.name,
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', ...(t.metadata?.annotations ?? {}) },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid, controller: true }],
    };
    if (t.metadata?.labels) metadata.labels = { ...t.metadata.labels };
    send({ apiVersion: 'batch/v1', kind: 'Job', metadata, spec: structuredClone(t.spec ?? {}) });
  });
}

/** kubectl drain: cordon, list the node's pods, refuse unmanaged pods without --force, evict the rest. */
function drain(cmd: Extract<KubectlCommand, { cmd: 'drain' }>, ctx: ExecContext, done: Done): void {
  cordon(ctx, cmd.node, true, (ok) => {
    if (!ok) return done();
    call(ctx, { verb: 'list', resource: 'pods', allNamespaces: true, label: `GET /api/v1/pods?fieldSelector=spec.nodeName=${cmd.node}` }, (res) => {
      const onNode = (res.items ?? []).filter((p: any) => p.spec?.nodeName === cmd.node && !p.metadata.deletionTimestamp);
      // pkg/drain/filters.go: daemonSetFilter (DaemonSet-managed pods are never evicted: fatal
      // without --ignore-daemonsets, a warning with it), then unreplicatedFilter.
      const daemon = onNode.filter((p) => (p.metadata.ownerReferences ?? []).some((o) => o.controller && o.kind === 'DaemonSet'));
      const pods = onNode.filter((p) => !daemon.includes(p));
      const unmanaged = pods.filter((p) => !(p.metadata.ownerReferences ?? []).some((o) => o.controller));
      const list = (ps: KubeObject[]) => ps.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ');
      const fatal: string[] = [];
      if (daemon.length && !cmd.ignoreDaemonsets) fatal.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${list(daemon)}`);
      if (unmanaged.length && !cmd.force) fatal.push(`cannot delete Pods that declare no controller (use --force to override): ${list(unmanaged)}`);
      if (fatal.length) return done(fatal.length === 1 ? fatal[0] : `[${fatal.join(', ')}]`);
      if (daemon.length) ctx.print(`Warning: ignoring DaemonSet-managed Pods: ${list(daemon)}`, 'stderr');
      // kubectl pkg/drain/drain.go evictPods: every pod at once, each printing `evicting pod NS/NAME`,
      // POSTing its eviction (a graceful delete once its PodDisruptionBudget allows it; a 429 is
      // printed and tried again 5 s later, until --timeout if given), then polling GET every second
      // (waitForDelete, PollImmediate) until it is gone, printing `pod/NAME evicted`
      // (cmd/drain OnPodDeletedOrEvicted). Then `node/NAME drained`.
      const start = ctx.now?.() ?? 0;
      let pending = pods.length;
      const errors: string[] = [];
      const finished = (error?: string) => {
        if (error) errors.push(error);
        if (--pending > 0) return;
        if (errors.length) return done(`unable to drain node "${cmd.node}" due to error: ${errors.join(', ')}`);
        printDone(ctx, 'Node', cmd.node, 'drained');
        done();
      };
      if (!pods.length) {
        printDone(ctx, 'Node', cmd.node, 'drained');
        return done();
      }
      for (const p of pods) {
        const ns = p.metadata.namespace;
        const name = p.metadata.name;
        const evict = (): void => {
          ctx.print(`evicting pod ${ns}/${name}`);
          if (cmd.timeoutMs !== undefined && (ctx.now?.() ?? 0) - start >= cmd.timeoutMs) return finished(`error when evicting pods/"${name}" -n "${ns}": global timeout reached: ${goDuration(cmd.timeoutMs)}`);
          call(ctx, { verb: 'create', subresource: 'eviction', resource: 'pods', namespace: ns, name, attrs: { subresource: 'eviction' }, label: `POST pods/${name}/eviction` }, (res) => {
          if (res.code === 404) return finished(); // already gone: drain counts it as done
          if (res.code === 429) {
            ctx.print(`error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${res.message}`, 'stderr');
            return ctx.after(5000, evict);
          }
          if (res.code >= 400) return finished(`error when evicting pods/"${name}" -n "${ns}": ${res.message ?? res.code}`);
          const poll = () =>
            call(ctx, { verb: 'get', resource: 'pods', namespace: ns, name, hidden: 'reply' }, (g) => {
              if (g.code === 404 || (g.object && g.object.metadata.uid !== p.metadata.uid)) {
                printDone(ctx, 'Pod', name, 'evicted');
                return finished();
              }
              if (g.code >= 400) return finished(`error when waiting for pod "${name}" terminating: ${g.message ?? g.code}`);
              ctx.after(1000, poll);
            }, [404]);
          poll();
          }, [404, 429]);
        };
        evict();
      }
    });
  });
}
