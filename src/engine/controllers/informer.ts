/**
 * Shared informers of kube-controller-manager: one watch per resource for all its controllers
 * (as client-go's SharedInformerFactory), a cache of current objects (the listers) with indexes,
 * and handlers per controller. A notification is shown in diagrams when any handler acted on it.
 */
import type { KubeObject } from '../../trace/types.js';
import type { ApiServer } from '../apiserver/server.js';
import type { ApiClient } from '../apiserver/client.js';
import type { WatchType } from '../apiserver/types.js';
import type { HiddenReason } from '../../trace/types.js';

/** A handler returns whether it acted on the notification (false: hidden as `idle`). */
export type Handler = (type: WatchType, obj: KubeObject, old: KubeObject | undefined) => boolean;

/** An index function: the values an object is filed under (none: not indexed). */
export type IndexFn = (obj: KubeObject) => string[];

/** `ns/name`, or `name` for cluster-scoped objects. */
export function objectKey(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

function rv(o: KubeObject | undefined): number {
  return Number(o?.metadata.resourceVersion ?? 0);
}

export class Informer {
  private readonly cache = new Map<string, KubeObject>();
  private readonly handlers: Handler[] = [];
  private readonly indexFns = new Map<string, IndexFn>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  constructor(client: ApiClient, server: ApiServer, readonly resource: string, hidden?: HiddenReason) {
    // The initial list: whatever already exists (usually nothing: controllers start first).
    for (const o of server.list(resource)) this.cache.set(objectKey(o), o);
    client.watch(resource, (type, obj, old) => this.deliver(type, obj, old), hidden ? { hidden } : {});
  }

  /** Register a controller's handler; every handler sees every notification. */
  on(handler: Handler): void {
    this.handlers.push(handler);
  }

  /** Add an index (idempotent by name). */
  addIndex(name: string, fn: IndexFn): void {
    if (this.indexFns.has(name)) return;
    this.indexFns.set(name, fn);
    const idx = new Map<string, Set<string>>();
    this.indexes.set(name, idx);
    for (const [k, o] of this.cache) for (const v of fn(o)) (idx.get(v) ?? idx.set(v, new Set()).get(v)!).add(k);
  }

  /** The cached objects filed under `value` in index `name`. */
  byIndex(name: string, value: string): KubeObject[] {
    const keys = this.indexes.get(name)?.get(value);
    if (!keys) return [];
    const out: KubeObject[] = [];
    for (const k of keys) out.push(this.cache.get(k)!);
    return out;
  }

  /** How many objects are filed under `value`. */
  countIndex(name: string, value: string): number {
    return this.indexes.get(name)?.get(value)?.size ?? 0;
  }

  get(key: string): KubeObject | undefined {
    return this.cache.get(key);
  }

  list(): KubeObject[] {
    return [...this.cache.values()];
  }

  /**
   * Write-through: a controller's own write, as the apiserver answered it, is visible to its next
   * sync at once. Simplification: real informers wait for the watch (controllers guard against
   * the stale read with resourceVersion conflicts and expectations).
   */
  observe(obj: KubeObject): void {
    const key = objectKey(obj);
    if (rv(this.cache.get(key)) >= rv(obj)) return;
    this.set(key, obj);
  }

  /** Forget an object the controller itself deleted (write-through). */
  forget(obj: KubeObject): void {
    const key = objectKey(obj);
    const cur = this.cache.get(key);
    if (cur && cur.metadata.uid === obj.metadata.uid) this.set(key, undefined);
  }

  private deliver(type: WatchType, obj: KubeObject, old: KubeObject | undefined): boolean {
    const key = objectKey(obj);
    if (type === 'DELETED') {
      const cur = this.cache.get(key);
      if (cur && cur.metadata.uid === obj.metadata.uid) this.set(key, undefined);
    } else if (rv(this.cache.get(key)) < rv(obj)) this.set(key, obj);
    let acted = false;
    for (const h of this.handlers) if (h(type, obj, old)) acted = true;
    return acted;
  }

  private set(key: string, obj: KubeObject | undefined): void {
    const prev = this.cache.get(key);
    for (const [name, fn] of this.indexFns) {
      const idx = this.indexes.get(name)!;
      if (prev) {
        for (const v of fn(prev)) {
          const s = idx.get(v);
          if (s) {
            s.delete(key);
            if (!s.size) idx.delete(v);
          }
        }
      }
      if (obj) for (const v of fn(obj)) (idx.get(v) ?? idx.set(v, new Set()).get(v)!).add(key);
    }
    if (obj) this.cache.set(key, obj);
    else this.cache.delete(key);
  }
}

const FACTORIES = new WeakMap<ApiServer, Map<string, Informer>>();

/**
 * The controller-manager's informer for `resource`, created (and its watch started) on first
 * use. `hidden` marks its notifications, e.g. `heartbeat` for Leases.
 */
export function sharedInformer(client: ApiClient, server: ApiServer, resource: string, hidden?: HiddenReason): Informer {
  let m = FACTORIES.get(server);
  if (!m) FACTORIES.set(server, (m = new Map()));
  let inf = m.get(resource);
  if (!inf) m.set(resource, (inf = new Informer(client, server, resource, hidden)));
  return inf;
}
