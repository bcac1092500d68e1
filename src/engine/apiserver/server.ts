/**
 * The simulated kube-apiserver: the one hub. Every component talks to it; only it talks to etcd.
 * A request goes through authentication, RBAC, admission (defaulting, DefaultTolerationSeconds,
 * priority), validation, then storage: a put to etcd, whose reply leads to the response and to
 * the watch notifications of every watcher whose filter sees the change.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { EVENT_TTL_MS, LIMIT_ENV, LimitError, limitsFrom, tooManyObjects, type Limits } from '../limits.js';
import type { Env } from '../env.js';
import type { KubeObject } from '../../trace/types.js';
import { EtcdStore, type EtcdResult } from '../etcd/store.js';
import { apiVersionOf, byResource, customType, etcdKey, qualifiedKind, restPath, ServedTypes, targetOf, type ResourceType } from './resources.js';
import { Authorizer, forbiddenMessage, rbacVerb } from './rbac.js';
import type { ApiRequest, ApiResponse, Caller, WatchSpec, WatchType } from './types.js';
import { admit, priorityClassAdmission } from './admission.js';
import { normalizeDecoded } from '../../manifests/decode.js';
import { decodeError, validateObject, validateJobUpdate, validatePodUpdate, validateSelectorUpdate, validateStatefulSetUpdate, invalidMessage } from '../../manifests/validate.js';
import { DEFAULT_SA_RETRY_MS, waitForDefaultServiceAccount } from './admission-serviceaccount.js';
import { EVICTION_REFUSED, evictionDecision } from './disruption-budget.js';
import { mergePatch, strategicMergePatch } from './merge-patch.js';
import { JsonPatchError, jsonPatch } from './json-patch.js';
import { SERVICE_CIDR, ServiceAllocator } from './service-alloc.js';
import { Random } from '../sim/random.js';
import { cloneData } from './clone.js';
import { describeObject } from './labels.js';
import { matchRequirements, parseLabelSelector } from './selector.js';
import { randomSuffix } from '../sim/random.js';
import { generateJobSelector, shouldDeleteDuringUpdate } from './finalizers.js';
import { crdSchema, establishedStatus, namingStatus, validateCrd, validateCustom, type NamesVerdict } from './crd.js';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  409: 'Conflict', 422: 'Unprocessable Entity', 500: 'Internal Server Error', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** Kinds whose create drops the status the client sent (their strategies' PrepareForCreate). */
const STATUS_RESET_ON_CREATE = new Set(['Pod', 'Namespace', 'Deployment', 'ReplicaSet', 'Service', 'CustomResourceDefinition']);

const METHOD: Record<string, string> = { create: 'POST', get: 'GET', list: 'GET', update: 'PUT', patch: 'PATCH', delete: 'DELETE', bind: 'POST', status: 'PATCH' };

interface Watcher extends WatchSpec {
  id: number;
}

export class ApiServer {
  readonly etcd = new EtcdStore();
  readonly authz = new Authorizer();
  /** The resource types served: the built-in ones and those of the CustomResourceDefinitions stored. */
  readonly types = new ServedTypes();
  private watchers = new Map<string, Watcher[]>();
  private nodeWatchers = new Map<string, Watcher[]>();
  private nextWatcher = 1;
  private uidCounter = 0;
  /** ClusterIPs and NodePorts (their own random stream, so Services do not move other draws). */
  readonly serviceAlloc: ServiceAllocator;

  constructor(private readonly env: Env) {
    this.serviceAlloc = new ServiceAllocator(new Random((env.seed ^ 0x5e41ce) >>> 0));
  }

  // -------------------------------------------------------------------------------------------
  // Watches

  /** Register a watch. Notifications start with the next committed change. Returns a function that ends the watch. */
  watch(spec: WatchSpec): () => void {
    const w: Watcher = { ...spec, id: this.nextWatcher++ };
    const key = spec.nodeName !== undefined ? `${spec.resource}@${spec.nodeName}` : spec.resource;
    const map = spec.nodeName !== undefined ? this.nodeWatchers : this.watchers;
    (map.get(key) ?? map.set(key, []).get(key)!).push(w);
    return () => {
      const list = map.get(key);
      const i = list?.indexOf(w) ?? -1;
      if (list && i >= 0) list.splice(i, 1);
    };
  }

  /** Objects currently stored for a resource (the apiserver's watch cache, for informers' initial list). */
  list(resource: string, namespace?: string): KubeObject[] {
    const t = this.types.byResource(resource);
    if (!t) return [];
    const prefix = t.namespaced && namespace ? `/registry/${t.etcdPrefix}/${namespace}/` : `/registry/${t.etcdPrefix}/`;
    return this.etcd.range(prefix).map((kv) => kv.value);
  }

  /** One stored object (the watch cache), or undefined. */
  peek(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const t = this.types.byResource(resource);
    if (!t) return undefined;
    return this.etcd.get(etcdKey(t, namespace, name))?.value;
  }

  private fanOut(t: ResourceType, old: KubeObject | undefined, obj: KubeObject | undefined, rev: number, hidden: ApiRequest['hidden']): void {
    const lat = this.env.latency;
    // The apiserver's watch on etcd (the watch cache) hears of the change first: etcd → apiserver `event`.
    const changed = obj ?? old!;
    const key = etcdKey(t, changed.metadata.namespace, changed.metadata.name);
    const type = obj ? 'PUT' : 'DELETE';
    this.env.rec.message({ from: 'etcd', to: 'apiserver', kind: 'storage-reply', verb: 'event', target: key, attrs: { type, rev: String(rev) }, label: `WATCH ${type} ${key} (rev ${rev})`, hidden: hidden ?? 'reply' });
    // Every watcher told the same (type, object) gets the same target, attrs and label: built once.
    let lastType: WatchType | undefined;
    let lastObj: KubeObject | undefined;
    let target = '';
    let attrs: Record<string, string> = {};
    let label = '';
    const deliver = (w: Watcher, type: WatchType, o: KubeObject, prev: KubeObject | undefined) => {
      if (type !== lastType || o !== lastObj) {
        lastType = type;
        lastObj = o;
        const ns = o.metadata.namespace;
        const unbound = t.kind === 'Pod' && !(o as any).spec?.nodeName && type !== 'DELETED';
        target = targetOf(t.kind, o.metadata.name);
        attrs = { type, rv: String(rev) };
        label = `WATCH ${type} ${t.kind} ${ns ? ns + '/' : ''}${o.metadata.name}${unbound ? ' (no node)' : ''}`;
      }
      const seq = this.env.rec.message({
        from: 'apiserver',
        to: w.caller.participant,
        kind: 'watch',
        verb: 'watch',
        target,
        attrs,
        label,
        hidden: hidden ?? w.hidden,
      });
      this.env.loop.after(lat.watch, () => {
        const acted = w.handler(type, o, prev);
        if (!acted) this.env.rec.hide(seq, 'idle');
      });
    };
    for (const w of this.watchers.get(t.resource) ?? []) {
      if (w.name !== undefined && (changed.metadata.name !== w.name || changed.metadata.namespace !== w.namespace)) continue;
      if (obj) deliver(w, old ? 'MODIFIED' : 'ADDED', obj, old);
      else if (old) deliver(w, 'DELETED', old, old);
    }
    if (t.kind === 'Node') {
      // A kubelet's informer on its own Node (field selector metadata.name).
      const o = obj ?? old!;
      for (const w of this.nodeWatchers.get(`nodes@${o.metadata.name}`) ?? []) {
        if (obj) deliver(w, old ? 'MODIFIED' : 'ADDED', obj, old);
        else deliver(w, 'DELETED', old!, old);
      }
    }
    if (t.kind === 'Pod') {
      const oldNode = (old as any)?.spec?.nodeName as string | undefined;
      const newNode = (obj as any)?.spec?.nodeName as string | undefined;
      const nodes = new Set([oldNode, newNode].filter((n): n is string => !!n));
      for (const node of nodes) {
        for (const w of this.nodeWatchers.get(`pods@${node}`) ?? []) {
          const sawOld = oldNode === node;
          const seesNew = newNode === node && obj;
          if (seesNew) deliver(w, sawOld ? 'MODIFIED' : 'ADDED', obj, sawOld ? old : undefined);
          else if (sawOld && old) deliver(w, 'DELETED', old, old);
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Requests

  /**
   * Handle a request from `caller`. `seq` is the request's trace message; `reply` is called when
   * the response reaches the caller.
   */
  handle(req: ApiRequest, caller: Caller, seq: number, reply: (res: ApiResponse) => void): void {
    const lat = this.env.latency;
    const t = this.types.byResource(req.resource);
    const respond = (res: ApiResponse) => this.respond(req, caller, seq, res, reply);
    if (!t) return void this.env.loop.after(lat.apiserver, () => respond({ code: 404, reason: 'NotFound', message: `the server could not find the requested resource` }));
    const ns = t.namespaced && !(req.verb === 'list' && req.allNamespaces) ? req.namespace ?? (req.body as any)?.metadata?.namespace ?? 'default' : undefined;
    const name = req.name ?? (req.body as any)?.metadata?.name;

    // Authentication and authorization happen before anything is read or written.
    if (!this.authz.authenticate(caller.user)) {
      return void this.env.loop.after(lat.apiserver, () => respond({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' }));
    }
    const sub = req.verb === 'bind' ? 'binding' : req.verb === 'status' ? 'status' : req.subresource;
    const verb = rbacVerb(req.verb);
    if (!this.authz.allowed(caller.user, verb, sub ? `${t.resource}/${sub}` : t.resource, ns)) {
      const message = forbiddenMessage(caller.user, verb, t, sub, ns, req.verb === 'create' ? undefined : name);
      return void this.env.loop.after(lat.apiserver, () => respond({ code: 403, reason: 'Forbidden', message }));
    }

    const admitting = req.verb === 'create' || req.verb === 'update';
    this.env.loop.after(lat.apiserver + (admitting ? lat.admission : 0), () => {
      switch (req.verb) {
        case 'get':
        case 'list':
          return this.read(t, ns, name, req, respond);
        case 'create':
          if (req.subresource === 'eviction') return this.evict(t, ns, name!, req, caller, respond);
          return this.create(t, ns, req, caller, respond);
        case 'delete':
          return this.remove(t, ns, name!, req, respond);
        default:
          return this.modify(t, ns, name!, req, caller, respond);
      }
    });
  }

  private respond(req: ApiRequest, caller: Caller, seq: number, res: ApiResponse, reply: (res: ApiResponse) => void): void {
    const t = this.types.byResource(req.resource);
    const name = res.object?.metadata.name ?? req.name ?? (req.body as any)?.metadata?.name ?? '';
    // A list is about the resource (`pods`), not one object.
    const target = t ? (name ? targetOf(t.kind, name) : t.resource) : req.resource;
    const text = `${res.code} ${STATUS_TEXT[res.code] ?? ''}`.trim();
    let label = text;
    if (res.code >= 400 && res.message) label = `${text}: ${res.message}`;
    else if (res.object?.kind === 'Pod' && (req.verb === 'create' || req.verb === 'get')) label = `${text} — pod/${name} is ${(res.object as any).status?.phase ?? 'Pending'}`;
    else if (req.verb === 'list') label = `${text} (${res.items?.length ?? 0} ${req.resource})`;
    // Only a user's requests, and failures, have their responses drawn by default.
    const shown = caller.participant === 'kubectl' || res.code >= 400;
    this.env.rec.message({
      from: 'apiserver',
      to: caller.participant,
      kind: 'response',
      verb: 'response',
      target,
      attrs: { code: String(res.code) },
      label,
      hidden: req.hidden ?? (shown ? undefined : 'reply'),
      inReplyTo: seq,
    });
    reply(res);
  }

  /**
   * get and list are served from the apiserver's watch cache (ConsistentListFromCache), so they
   * send nothing to etcd. Simplification: a get with resourceVersion "" reads etcd in Kubernetes.
   */
  private read(t: ResourceType, ns: string | undefined, name: string | undefined, req: ApiRequest, respond: (r: ApiResponse) => void): void {
    if (this.etcd.unavailable) return respond(unavailable());
    if (req.verb === 'get' && name) {
      const obj = this.peek(t.resource, ns, name);
      if (!obj) return respond(notFound(t, name));
      return respond({ code: 200, object: obj });
    }
    let items = this.list(t.resource, ns);
    if (req.labelSelector) {
      // The list options are decoded before anything is read: a selector labels.Parse refuses is a 400.
      const selector = parseLabelSelector(req.labelSelector);
      if ('error' in selector) return respond({ code: 400, reason: 'BadRequest', message: selector.error });
      items = items.filter((o) => matchRequirements(selector.requirements, o.metadata.labels ?? {}));
    }
    respond({ code: 200, items });
  }

  private create(t: ResourceType, ns: string | undefined, req: ApiRequest, caller: Caller, respond: (r: ApiResponse) => void, attempt = 0): void {
    const obj = cloneData(req.body) as KubeObject;
    if (!obj || typeof obj !== 'object') return respond({ code: 400, reason: 'BadRequest', message: 'the request body is not an object' });
    obj.apiVersion ??= apiVersionOf(t);
    obj.kind ??= t.kind;
    obj.metadata ??= { name: '' };
    if (t.namespaced) obj.metadata.namespace = ns;
    if (t.namespaced && t.kind !== 'Event') {
      // NamespaceLifecycle admission.
      const namespace = this.peek('namespaces', undefined, ns!);
      if (!namespace) return respond({ code: 404, reason: 'NotFound', message: `namespaces "${ns}" not found` });
      if (namespace.metadata.deletionTimestamp) {
        const who = obj.metadata.name || obj.metadata.generateName;
        return respond({ code: 403, reason: 'Forbidden', cause: 'NamespaceTerminating', message: `${t.resource}${t.group ? '.' + t.group : ''}${who ? ` "${who}"` : ''} is forbidden: unable to create new content in namespace ${ns} because it is being terminated` });
      }
    }
    const undecodable = decodeError(obj);
    if (undecodable) return respond({ code: 400, reason: 'BadRequest', message: undecodable });
    const refused = t.custom ? this.customSchemaError(t, obj) : undefined;
    if (refused) return respond(refused);
    normalizeDecoded(obj);
    // The strategies' PrepareForCreate: the status a client sends is not stored — a Pod starts
    // Pending, a Namespace Active (both defaulted at admission), a Deployment, ReplicaSet or
    // Service with an empty status (pkg/registry/*/strategy.go). A Node keeps what its kubelet registers.
    if (STATUS_RESET_ON_CREATE.has(t.kind)) delete (obj as any).status;
    // The ServiceAccount plugin looks again for a `default` account its controller is about to create.
    if (t.kind === 'Pod' && waitForDefaultServiceAccount(obj, ns!, (n, name) => this.peek('serviceaccounts', n, name), attempt)) {
      this.env.loop.after(DEFAULT_SA_RETRY_MS, () => this.create(t, ns, req, caller, respond, attempt + 1));
      return;
    }
    // Admission sees the request's name, which for generateName is the prefix (`pods "web-7c9f-" is forbidden: …`).
    const denied = admit(obj, { server: this, env: this.env, caller, operation: 'create' });
    if (denied) return respond(denied);
    if (!obj.metadata.name && obj.metadata.generateName) {
      // SimpleNameGenerator (in BeforeCreate): base truncated to 58 characters, then 5 random characters.
      obj.metadata.name = obj.metadata.generateName.slice(0, 58) + randomSuffix(this.env.rng);
    }
    const name = obj.metadata.name;
    // Bounded memory (issue 18 §4): the objects a scenario may create are capped.
    this.checkLimits(obj);
    // The Job strategy generates the selector from the uid before validating (generateSelector).
    const uid = t.kind === 'Job' ? this.uid() : undefined;
    if (uid) generateJobSelector(obj, uid);
    const errors = t.kind === 'CustomResourceDefinition' ? [...validateObject(obj), ...validateCrd(obj)] : validateObject(obj);
    if (errors.length) return respond({ code: 422, reason: 'Invalid', message: invalidMessage(qualifiedKind(t), name ?? '', errors) });
    const allocated = t.kind === 'Service' ? this.allocateService(obj) : undefined;
    if (allocated && 'error' in allocated) return respond(allocated.error);
    obj.metadata.uid = uid ?? this.uid();
    obj.metadata.creationTimestamp = this.env.timestamp();
    if (t.kind === 'Pod' && ((obj as any).spec?.schedulingGates ?? []).length) {
      // podStrategy.PrepareForCreate (applySchedulingGatedCondition): a gated pod says why it waits.
      const status = ((obj as any).status ??= {});
      const conditions = ((status.conditions ??= []) as any[]).filter((c) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: this.env.timestamp(), reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' });
      status.conditions = conditions;
    }
    if (caller.participant === 'kubectl' && req.hidden === undefined) {
      this.env.rec.note(['apiserver'], `authenticated ${caller.user} · RBAC allowed · admitted · valid`, 'admission');
    }
    const storeObject = () =>
      this.store(t, obj, 0, req, (ok, current) => {
        if (ok) {
          if (t.kind === 'CustomResourceDefinition') this.crdCommitted(ok);
          return respond({ code: 201, object: ok });
        }
        if (allocated && 'ip' in allocated) this.releaseService(obj, false);
        if (current === 'unavailable') respond(unavailable());
        else respond({ code: 409, reason: 'AlreadyExists', message: `${t.resource}${t.group ? '.' + t.group : ''} "${name}" already exists` });
      });
    if (!allocated?.ip) return storeObject();
    // The ClusterIP's IPAddress object is written before the Service (ipallocator.go Allocate: createIPAddress).
    const ipT = byResource('ipaddresses')!;
    const ipObj: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IPAddress',
      metadata: { name: allocated.ip, labels: { 'ipaddress.kubernetes.io/ip-family': 'IPv4', 'ipaddress.kubernetes.io/managed-by': 'ipallocator.k8s.io' }, uid: this.uid(), creationTimestamp: this.env.timestamp() },
      spec: { parentRef: { group: '', resource: 'services', namespace: ns, name } },
    };
    this.store(ipT, ipObj, 0, { ...req, label: undefined }, (ok, why) => {
      if (ok) return storeObject();
      this.releaseService(obj, false);
      respond(why === 'unavailable' ? unavailable() : { code: 422, reason: 'Invalid', message: invalidMessage('Service', name ?? '', [{ field: 'spec.clusterIPs', type: 'Invalid value', value: [allocated.ip], detail: `failed to allocate IP ${allocated.ip}: provided IP is already allocated` }]) });
    });
  }

  /**
   * The Eviction subresource (pkg/registry/core/pod/storage/eviction.go): the pod's
   * PodDisruptionBudget decides (disruption-budget.ts); an allowed eviction first writes the
   * budget's status (one disruption fewer, the pod in disruptedPods), then deletes the pod
   * gracefully and answers 201. A refusal is the 429 kubectl drain retries after 5 s.
   */
  /** Budget decrements of evictions under way, per `ns/name` of the budget. */
  private readonly evicting = new Map<string, number>();

  private evict(t: ResourceType, ns: string | undefined, name: string, req: ApiRequest, caller: Caller, respond: (r: ApiResponse) => void): void {
    const pod = this.peek(t.resource, ns, name);
    if (!pod) return respond(notFound(t, name));
    const del = () => this.remove(t, ns, name, { ...req, verb: 'delete' }, (r) => respond(r.code === 200 ? { code: 201, object: r.object } : r));
    // The budget's status is updated with a resourceVersion precondition (GuaranteedUpdate): two
    // evictions at once are serialized. Here the decrements under way are counted in.
    const pdbs = this.list('poddisruptionbudgets', ns).map((b) => {
      const n = this.evicting.get(`${ns}/${b.metadata.name}`) ?? 0;
      return n ? ({ ...b, status: { ...(b as any).status, disruptionsAllowed: ((b as any).status?.disruptionsAllowed ?? 0) - n } } as KubeObject) : b;
    });
    const decision = evictionDecision(pod, pdbs, this.env.timestamp());
    if ('free' in decision) return del();
    if ('refuse' in decision) return respond(decision.refuse);
    const pdbT = byResource('poddisruptionbudgets')!;
    const pdbName = decision.pdb.metadata.name;
    const lock = `${ns}/${pdbName}`;
    this.evicting.set(lock, (this.evicting.get(lock) ?? 0) + 1);
    this.modify(pdbT, ns, pdbName, { verb: 'status', resource: 'poddisruptionbudgets', namespace: ns, name: pdbName, body: { status: decision.status }, label: `PUT poddisruptionbudgets/${pdbName}/status (eviction of ${name})` }, caller, (r) => {
      this.evicting.set(lock, (this.evicting.get(lock) ?? 1) - 1);
      // A conflict on the budget is a 429 too: the client tries again.
      if (r.code === 409) return respond({ code: 429, reason: 'TooManyRequests', message: EVICTION_REFUSED, cause: 'DisruptionBudget' });
      if (r.code >= 400) return respond(r);
      del();
    });
  }

  /**
   * The Service REST storage's allocation on create (pkg/registry/core/service/storage/alloc.go
   * allocateCreate): a ClusterIP for every type but ExternalName and headless (`clusterIP: None`),
   * random or the one asked for; a NodePort for each port of a NodePort or LoadBalancer Service
   * that has none; and the IP family fields. A taken or out-of-range address is a 422.
   */
  private allocateService(obj: KubeObject): { ip?: string } | { error: ApiResponse } {
    const spec = ((obj as any).spec ??= {});
    const name = obj.metadata.name ?? '';
    const invalid = (field: string, value: unknown, detail: string): { error: ApiResponse } => ({ error: { code: 422, reason: 'Invalid', message: invalidMessage('Service', name, [{ field, type: 'Invalid value', value, detail }]) } });
    let ip: string | undefined;
    if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None') {
      if (spec.clusterIP) {
        if (!this.serviceAlloc.inRange(spec.clusterIP)) return invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`);
        if (!this.serviceAlloc.allocateIP(spec.clusterIP)) return invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`);
        ip = spec.clusterIP;
      } else {
        ip = this.serviceAlloc.nextIP();
        if (!ip) return { error: { code: 500, reason: 'InternalError', message: `Internal error occurred: failed to allocate a serviceIP: range is full` } };
      }
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
    } else if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
    }
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      const taken: number[] = [];
      for (const p of (spec.ports ?? []) as any[]) {
        if (p.nodePort !== undefined) {
          if (!this.serviceAlloc.allocatePort(p.nodePort)) {
            for (const t of taken) this.serviceAlloc.releasePort(t);
            if (ip) this.serviceAlloc.releaseIP(ip);
            return invalid('spec.ports[0].nodePort', p.nodePort, `provided port is already allocated`);
          }
        } else {
          const port = this.serviceAlloc.nextPort();
          if (port === undefined) return { error: { code: 500, reason: 'InternalError', message: 'Internal error occurred: failed to allocate a nodePort: range is full' } };
          p.nodePort = port;
        }
        taken.push(p.nodePort);
      }
    }
    return { ip };
  }

  /** Free a Service's ClusterIP and NodePorts; with `ipObject`, delete its IPAddress object too. */
  private releaseService(svc: KubeObject, ipObject: boolean, req?: ApiRequest): void {
    const spec = (svc as any).spec ?? {};
    for (const p of (spec.ports ?? []) as any[]) if (p.nodePort !== undefined) this.serviceAlloc.releasePort(p.nodePort);
    const ip = spec.clusterIP;
    if (!ip || ip === 'None') return;
    this.serviceAlloc.releaseIP(ip);
    if (!ipObject) return;
    const ipT = byResource('ipaddresses')!;
    const key = etcdKey(ipT, undefined, ip);
    const cur = this.etcd.get(key);
    if (!cur) return;
    this.sendToEtcd('delete', key, { ...(req ?? { verb: 'delete', resource: 'ipaddresses' }), label: undefined }, () => this.etcd.delete(key), (r) => {
      if (!r.ok) return;
      this.env.rec.change(key, r.rev, null, this.env.rec.lastSeq);
      this.fanOut(ipT, cur.value, undefined, r.rev, req?.hidden);
    });
  }

  /** update / patch / bind / status: read the current object, change it, write it with compare-and-swap (retrying on a race, as GuaranteedUpdate does). */
  private modify(t: ResourceType, ns: string | undefined, name: string, req: ApiRequest, caller: Caller, respond: (r: ApiResponse) => void, attempt = 0): void {
    if (this.etcd.unavailable) return respond(unavailable());
    const key = etcdKey(t, ns, name);
    const cur = this.etcd.get(key);
    if (!cur) return respond(notFound(t, name));
    let next: KubeObject;
    const body = req.body as any;
    if (req.verb === 'update') {
      next = cloneData(body) as KubeObject;
      const rv = next.metadata?.resourceVersion;
      if (rv !== undefined && rv !== String(cur.modRevision)) {
        return respond(conflict(t, name));
      }
      next.metadata = { ...next.metadata, uid: cur.value.metadata.uid, creationTimestamp: cur.value.metadata.creationTimestamp, namespace: ns };
      if (cur.value.metadata.deletionTimestamp) next.metadata.deletionTimestamp = cur.value.metadata.deletionTimestamp;
      if (t.kind !== 'Pod') (next as any).status = (cur.value as any).status;
    } else if (req.verb === 'bind') {
      const pod = cur.value as any;
      if (pod.spec?.nodeName) {
        return respond({ code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"` });
      }
      next = cloneData(cur.value);
      (next as any).spec.nodeName = body.node;
      const conds = ((next as any).status.conditions ??= []) as any[];
      const i = conds.findIndex((c) => c.type === 'PodScheduled');
      const cond = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.env.timestamp() };
      if (i >= 0) conds[i] = cond;
      else conds.push(cond);
    } else {
      // patch and status: a JSON merge patch; status writes touch only .status (and annotations,
      // which the status strategies of Deployments and ReplicaSets keep, e.g. the revision).
      const statusPatch: any = { status: body?.status ?? body };
      if (req.verb === 'status' && body?.status && body?.metadata?.annotations) statusPatch.metadata = { annotations: body.metadata.annotations };
      if (req.patchType === 'json') {
        // applyJSPatch (endpoints/handlers/patch.go): an operation that cannot apply is a 422.
        try {
          next = jsonPatch(cur.value, body) as KubeObject;
        } catch (e) {
          if (!(e instanceof JsonPatchError)) throw e;
          return respond({ code: 422, reason: 'Invalid', message: `the server rejected our request due to an error in our request: ${e.message}` });
        }
      } else next = (req.patchType === 'strategic' ? strategicMergePatch : mergePatch)(cur.value, req.verb === 'status' ? statusPatch : body) as KubeObject;
      next.metadata = { ...next.metadata, name, namespace: ns, uid: cur.value.metadata.uid };
    }
    if (req.verb === 'update' || req.verb === 'patch') {
      // The new object decodes as a create's does (a patch that makes a list a map is refused the same way).
      const undecodable = decodeError(next);
      if (undecodable) return respond({ code: 400, reason: 'BadRequest', message: undecodable });
      normalizeDecoded(next);
      if (t.kind === 'PriorityClass') {
        const denied = priorityClassAdmission(next, this.list('priorityclasses'), 'update');
        if (denied) return respond(denied);
      }
      const specChanged = JSON.stringify((next as any).spec) !== JSON.stringify((cur.value as any).spec);
      if (specChanged && cur.value.metadata.generation !== undefined) next.metadata.generation = (cur.value.metadata.generation ?? 1) + 1;
      else next.metadata.generation = cur.value.metadata.generation;
      const refused = t.custom ? this.customSchemaError(t, next) : undefined;
      if (refused) return respond(refused);
      const errors = [...validateObject(next), ...(t.kind === 'CustomResourceDefinition' ? validateCrd(next) : []), ...(t.kind === 'Pod' ? validatePodUpdate(next, cur.value) : t.kind === 'StatefulSet' ? validateStatefulSetUpdate(next, cur.value) : t.kind === 'Job' ? validateJobUpdate(next, cur.value) : t.kind === 'Deployment' || t.kind === 'ReplicaSet' || t.kind === 'DaemonSet' ? validateSelectorUpdate(next, cur.value) : [])];
      if (errors.length) return respond({ code: 422, reason: 'Invalid', message: invalidMessage(qualifiedKind(t), name, errors) });
    }
    // GuaranteedUpdate writes nothing when the object would not change: no new revision, no watch event.
    if (req.verb !== 'bind' && sameObject(next, cur.value)) return respond({ code: 200, object: cur.value });
    // The last finalizer of an object whose deletion is due is gone: the update deletes it.
    // The answer is the object as the update left it (its last finalizer gone), as the registry's Update returns it.
    if (shouldDeleteDuringUpdate(next, cur.value)) return this.deleteNow(t, key, cur.value, req, respond, next);
    this.store(t, next, cur.modRevision, req, (ok, why) => {
      if (ok) {
        if (t.kind === 'CustomResourceDefinition' && req.verb !== 'status') this.crdCommitted(ok);
        return respond({ code: req.verb === 'bind' ? 201 : 200, object: ok });
      }
      if (why === 'unavailable') return respond(unavailable());
      if (attempt < 5) return this.modify(t, ns, name, req, caller, respond, attempt + 1);
      respond(conflict(t, name));
    });
  }

  private remove(t: ResourceType, ns: string | undefined, name: string, req: ApiRequest, respond: (r: ApiResponse) => void): void {
    if (this.etcd.unavailable) return respond(unavailable());
    const key = etcdKey(t, ns, name);
    const cur = this.etcd.get(key);
    if (!cur) return respond(notFound(t, name));
    const pod = cur.value as any;
    if (t.kind === 'CustomResourceDefinition') return this.removeCrd(t, key, cur.value, req, respond);
    // A Namespace is first marked Terminating; the namespace controller deletes its content, clears
    // spec.finalizers (PUT …/finalize) and deletes it again, which then removes it.
    if (t.kind === 'Namespace' && ['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(name)) {
      return respond({ code: 403, reason: 'Forbidden', message: `namespaces "${name}" is forbidden: this namespace may not be deleted` });
    }
    if (t.kind === 'Namespace' && (pod.spec?.finalizers ?? []).length) {
      if (pod.metadata.deletionTimestamp) return respond({ code: 200, object: pod });
      const next = cloneData(pod);
      next.metadata.deletionTimestamp = this.env.timestamp();
      next.status = { ...(next.status ?? {}), phase: 'Terminating' };
      return this.store(t, next, cur.modRevision, req, (ok, why) => {
        if (ok) respond({ code: 200, object: ok });
        else if (why === 'unavailable') respond(unavailable());
        else this.remove(t, ns, name, req, respond);
      });
    }
    // A bound pod is deleted gracefully: the apiserver sets deletionTimestamp and the kubelet,
    // once its containers have stopped, deletes it for good with a grace period of 0.
    if (t.kind === 'Pod' && pod.spec?.nodeName && req.gracePeriodSeconds !== 0 && !['Succeeded', 'Failed'].includes(pod.status?.phase)) {
      if (pod.metadata.deletionTimestamp) return respond({ code: 200, object: pod });
      const grace = req.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      const next = cloneData(pod);
      next.metadata.deletionTimestamp = this.env.timestamp(grace * 1000);
      next.metadata.deletionGracePeriodSeconds = grace;
      return this.store(t, next, cur.modRevision, req, (ok, why) => {
        if (ok) respond({ code: 200, object: ok });
        else if (why === 'unavailable') respond(unavailable());
        else this.remove(t, ns, name, req, respond);
      });
    }
    // Finalizers keep the object: the delete only marks it (deletionTimestamp, a grace period of 0);
    // the update that removes the last finalizer deletes it (registry Store.Delete, updateForGracefulDeletionAndFinalizers).
    if ((pod.metadata.finalizers ?? []).length) {
      if (pod.metadata.deletionTimestamp && pod.metadata.deletionGracePeriodSeconds === 0) return respond({ code: 200, object: pod });
      const next = cloneData(pod);
      next.metadata.deletionTimestamp ??= this.env.timestamp();
      next.metadata.deletionGracePeriodSeconds = 0;
      return this.store(t, next, cur.modRevision, req, (ok, why) => {
        if (ok) respond({ code: 200, object: ok });
        else if (why === 'unavailable') respond(unavailable());
        else this.remove(t, ns, name, req, respond);
      });
    }
    this.deleteNow(t, key, cur.value, req, respond);
  }

  // -------------------------------------------------------------------------------------------
  // CustomResourceDefinitions (crd.ts)

  /** The apiextensions controllers inside the apiserver, as they hear of a CRD's commit. */
  private readonly apiextensions: Caller = { participant: 'apiserver', user: 'system:apiserver' };

  /**
   * A CustomResourceDefinition was stored: its kind is served (simplification: from this commit
   * on — upstream serves it once Established, a few milliseconds later in a single apiserver),
   * then the naming controller writes NamesAccepted and the establishing controller Established.
   * A plural served already is a conflict: NamesAccepted False, nothing served.
   */
  private crdCommitted(crd: KubeObject): void {
    const name = crd.metadata.name;
    const ct = customType(crd as any);
    for (const old of this.types.customTypes()) if (old.custom!.crd === name && old.resource !== ct?.resource) this.types.unserve(old.resource);
    const served = !!ct && this.types.serve(ct);
    const verdict: NamesVerdict = served ? { accepted: true } : { accepted: false, reason: 'PluralConflict', message: `"${ct?.resource ?? ''}" is already in use` };
    if ((crd as any).status?.conditions?.some((c: any) => c.type === 'Established' && c.status === 'True') && served) return;
    const t = this.types.byResource('customresourcedefinitions')!;
    const write = (status: (cur: any) => any, then?: () => void) =>
      this.env.loop.after(this.env.latency.controller, () => {
        const cur = this.peek('customresourcedefinitions', undefined, name);
        if (!cur || cur.metadata.uid !== crd.metadata.uid) return;
        this.modify(t, undefined, name, { verb: 'status', resource: 'customresourcedefinitions', name, body: { status: status(cur) } }, this.apiextensions, (r) => {
          if (r.code < 400) then?.();
        });
      });
    write((cur) => namingStatus(cur, verdict, this.env.timestamp()), () => {
      if (served) write((cur) => establishedStatus((cur as any).status, this.env.timestamp()));
    });
  }

  /** A custom resource its CRD's schema refuses: strict decoding's 400, or the validator's 422 (crd.ts validateCustom). */
  private customSchemaError(t: ResourceType, obj: KubeObject): ApiResponse | undefined {
    const crd = this.peek('customresourcedefinitions', undefined, t.custom!.crd);
    const version = String(obj.apiVersion ?? '').split('/')[1] ?? t.version;
    const { unknown, errors } = validateCustom(obj, crdSchema(crd, version));
    if (unknown) return { code: 400, reason: 'BadRequest', message: `${t.kind} in version "${version}" cannot be handled as a ${t.kind}: strict decoding error: unknown field "${unknown}"` };
    if (errors.length) return { code: 422, reason: 'Invalid', message: invalidMessage(qualifiedKind(t), obj.metadata?.name ?? '', errors) };
    return undefined;
  }

  /**
   * DELETE of a CustomResourceDefinition: its kind stops being served, every custom resource of
   * it is deleted, then the CRD. Simplification: upstream marks the CRD Terminating with the
   * customresourcecleanup.apiextensions.k8s.io finalizer and its finalizing controller deletes
   * the instances (pkg/controller/finalizer/crd_finalizer.go); here they go in the same request.
   */
  private removeCrd(t: ResourceType, key: string, crd: KubeObject, req: ApiRequest, respond: (r: ApiResponse) => void): void {
    const ct = this.types.customTypes().find((c) => c.custom!.crd === crd.metadata.name);
    const instances = ct ? this.etcd.range(`/registry/${ct.etcdPrefix}/`).map((kv) => kv.value) : [];
    if (ct) this.types.unserve(ct.resource);
    const next = (i: number): void => {
      if (i >= instances.length) return this.deleteNow(t, key, crd, req, respond);
      const o = instances[i]!;
      this.deleteNow(ct!, etcdKey(ct!, o.metadata.namespace, o.metadata.name), o, { ...req, label: undefined }, () => next(i + 1));
    };
    next(0);
  }

  /** Remove an object from etcd for good. */
  private deleteNow(t: ResourceType, key: string, cur: KubeObject, req: ApiRequest, respond: (r: ApiResponse) => void, answer: KubeObject = cur): void {
    this.sendToEtcd('delete', key, req, () => this.etcd.delete(key), (r) => {
      if (!r.ok) return r.error === 'unavailable' ? respond(unavailable()) : respond(notFound(t, cur.metadata.name));
      this.env.rec.change(key, r.rev, null, this.env.rec.lastSeq);
      respond({ code: 200, object: answer });
      this.fanOut(t, cur, undefined, r.rev, req.hidden);
      // The Service REST Delete releases what it allocated (alloc.go releaseAllocatedResources).
      if (t.kind === 'Service') this.releaseService(cur, true, req);
    });
  }

  /**
   * The caps of `limits.ts`: objects stored, and a workload's replicas (a Deployment of a million
   * replicas would otherwise create pods until memory runs out). Throws a `LimitError`, which
   * stops the scenario.
   */
  private checkLimits(obj: KubeObject): void {
    const { maxObjects } = this.limits;
    const replicas = (obj as any).spec?.replicas;
    if (typeof replicas === 'number' && replicas > maxObjects && obj.kind !== 'Pod') {
      throw new LimitError(`${obj.kind} ${obj.metadata.name ?? ''} asks for ${replicas.toLocaleString('en-US')} replicas, more than the ${maxObjects.toLocaleString('en-US')} objects a scenario may hold; it was stopped there`, `a scenario this large is likely a mistake; if not, raise the cap with ${LIMIT_ENV.maxObjects}=N`);
    }
    // Events do not count: they expire (`--event-ttl`), and a pod writes about five of them.
    if (this.etcd.size - this.etcd.count('/registry/events/') >= maxObjects) throw tooManyObjects(maxObjects);
  }

  /** Events due to expire, in order: [key, expiry in simulated ms]. */
  private readonly eventTtl: [string, number][] = [];
  private eventTtlHead = 0;
  /** Each Event's latest expiry (a write renews it). */
  private readonly eventExpiry = new Map<string, number>();
  /** The caps (from KSCN_MAX_OBJECTS, KSCN_MAX_TRACE). */
  private readonly limits: Limits = limitsFrom();

  /**
   * Events live one hour after their last write (kube-apiserver `--event-ttl`, default 1h: the
   * Event is stored with an etcd lease that expires). Simplification: expired Events are removed
   * when the next Event is written, silently, as etcd's lease expiry is not an apiserver request.
   */
  private expireEvents(key: string): void {
    const now = this.env.loop.now;
    this.eventTtl.push([key, now + EVENT_TTL_MS]);
    this.eventExpiry.set(key, now + EVENT_TTL_MS);
    while (this.eventTtlHead < this.eventTtl.length && this.eventTtl[this.eventTtlHead]![1] <= now) {
      const [k, at] = this.eventTtl[this.eventTtlHead++]!;
      // Written again since (an Event's count went up): its lease was renewed.
      if (this.eventExpiry.get(k) !== at) continue;
      this.eventExpiry.delete(k);
      if (this.etcd.get(k)) this.etcd.delete(k);
    }
    if (this.eventTtlHead > 1024 && this.eventTtlHead * 2 > this.eventTtl.length) {
      this.eventTtl.splice(0, this.eventTtlHead);
      this.eventTtlHead = 0;
    }
  }

  /** Put `obj` with compare-and-swap on `expectRev` (0 = create); `done(obj)` on success. */
  private store(t: ResourceType, obj: KubeObject, expectRev: number, req: ApiRequest, done: (ok: KubeObject | undefined, why?: 'unavailable' | 'compare-failed') => void): void {
    const key = etcdKey(t, obj.metadata.namespace, obj.metadata.name);
    this.sendToEtcd(
      'put',
      key,
      req,
      () => this.etcd.put(key, obj, expectRev),
      (r) => {
        if (!r.ok) return done(undefined, r.error === 'unavailable' ? 'unavailable' : 'compare-failed');
        obj.metadata.resourceVersion = String(r.rev);
        // Bounded memory: parts equal to the previous version's are that version's (stored
        // objects are never changed in place), so a pod restarting 10,000 times keeps one spec.
        if (r.prev?.value) shareParts(r.prev.value, obj);
        Object.freeze(obj);
        if (t.kind === 'Event') this.expireEvents(key);
        this.env.rec.change(key, r.rev, obj, this.env.rec.lastSeq);
        done(obj);
        this.fanOut(t, r.prev?.value, obj, r.rev, req.hidden);
      },
      describeObject(obj, req),
    );
  }

  /**
   * apiserver → etcd, and etcd's reply after its latency: `exec` runs the operation at etcd, the
   * reply is recorded, then `then` continues in the apiserver (commit, watches, response).
   */
  private sendToEtcd(op: 'put' | 'delete', key: string, req: ApiRequest, exec: () => EtcdResult, then: (r: EtcdResult) => void, detail = ''): void {
    const hidden = req.hidden;
    const seq = this.env.rec.message({ from: 'apiserver', to: 'etcd', kind: 'storage', verb: op, target: key, label: `${op.toUpperCase()} ${key}${detail ? ` (${detail})` : ''}`, hidden });
    this.env.loop.after(this.env.latency.etcd, () => {
      const r = exec();
      // The request's `rev` (LANGUAGE.md §8): the revision the write landed at (etcd's current one if it failed).
      const sent = seq ? this.env.rec.bySeq(seq) : undefined;
      if (sent && sent.seq === seq) sent.attrs = { ...sent.attrs, rev: String(r.rev) };
      this.env.rec.message({
        from: 'etcd',
        to: 'apiserver',
        kind: 'storage-reply',
        verb: r.ok ? 'ok' : 'error',
        target: key,
        attrs: r.ok ? { rev: String(r.rev) } : { error: r.error, rev: String(r.rev) },
        label: r.ok ? `OK (rev ${r.rev})` : r.error === 'unavailable' ? 'error: etcdserver: request timed out' : r.error === 'compare-failed' ? 'error: compare failed (modified)' : 'error: key not found',
        hidden,
        inReplyTo: seq,
      });
      then(r);
    });
  }

  private uid(): string {
    // Deterministic UIDs in the RFC 4122 shape.
    const n = (++this.uidCounter).toString(16).padStart(12, '0');
    const r = (this.env.rng.nextU32() >>> 0).toString(16).padStart(8, '0');
    return `${r}-0000-4000-8000-${n}`;
  }

  /** The REST label of a request, e.g. `POST /api/v1/namespaces/default/pods`. */
  static requestLabel(req: ApiRequest, types?: ServedTypes): string {
    if (req.label) return req.label;
    const t = types ? types.byResource(req.resource) : byResource(req.resource);
    if (!t) return `${METHOD[req.verb]} ${req.resource}`;
    const ns = t.namespaced ? req.namespace ?? (req.body as any)?.metadata?.namespace ?? 'default' : undefined;
    const name = req.name ?? (req.body as any)?.metadata?.name;
    switch (req.verb) {
      case 'create':
        return `POST ${restPath(t, ns)}`;
      case 'list':
        return `GET ${restPath(t, ns)}${req.labelSelector ? `?labelSelector=${req.labelSelector}` : ''}`;
      case 'bind':
        return `POST ${t.resource}/${name}/binding → ${(req.body as any)?.node}`;
      case 'status':
        return `PATCH ${t.resource}/${name}/status`;
      default:
        return `${METHOD[req.verb]} ${restPath(t, ns, name)}`;
    }
  }
}

function notFound(t: ResourceType, name: string): ApiResponse {
  return { code: 404, reason: 'NotFound', message: `${t.resource}${t.group ? '.' + t.group : ''} "${name}" not found` };
}

/** Make `next`'s parts that equal `prev`'s the very same objects (recursively into objects that differ). */
function shareParts(prev: unknown, next: unknown, depth = 0): void {
  if (depth > 6 || typeof prev !== 'object' || typeof next !== 'object' || prev === null || next === null) return;
  const p = prev as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  for (const k of Object.keys(n)) {
    const a = p[k];
    const b = n[k];
    if (a === b || typeof b !== 'object' || b === null || typeof a !== 'object' || a === null) continue;
    if (deepEqual(a, b)) n[k] = a;
    else if (Array.isArray(a) === Array.isArray(b)) shareParts(a, b, depth + 1);
  }
}

/** Equal but for resourceVersion (what a no-op update leaves unchanged). */
function sameObject(a: KubeObject, b: KubeObject): boolean {
  return deepEqual(a, b, true);
}

/**
 * Structural equality of JSON values: key order does not count, nor does a key whose value is
 * undefined; `topLevel` skips metadata.resourceVersion. Stops at the first difference.
 */
function deepEqual(a: unknown, b: unknown, topLevel = false): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let nx = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    nx++;
    if (topLevel && k === 'metadata') {
      if (!sameMetadata(x[k], y[k])) return false;
    } else if (!deepEqual(x[k], y[k])) return false;
  }
  let ny = 0;
  for (const k in y) if (y[k] !== undefined) ny++;
  return nx === ny;
}

/** Object metadata equal but for resourceVersion. */
function sameMetadata(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return deepEqual(a, b);
  const { resourceVersion: _ra, ...x } = a as Record<string, unknown>;
  const { resourceVersion: _rb, ...y } = b as Record<string, unknown>;
  return deepEqual(x, y);
}

/** 409 of an optimistic-concurrency failure (a stale resourceVersion, or a write race lost too often). */
function conflict(t: ResourceType, name: string): ApiResponse {
  return { code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on ${t.resource}${t.group ? '.' + t.group : ''} "${name}": the object has been modified; please apply your changes to the latest version and try again` };
}

/**
 * An etcd failure as the apiserver answers it: the etcd client's error is no metav1.Status, so
 * ErrorToAPIStatus (apiserver endpoints/handlers/responsewriters/status.go) makes it a 500 with
 * reason "" (StatusReasonUnknown) and the error's text as message.
 */
function unavailable(): ApiResponse {
  return { code: 500, reason: '', message: 'etcdserver: request timed out' };
}
