/**
 * State at any moment of a run, replayed from the trace's state changes (the etcd writes), so
 * state expectations read the trace, never live engine objects.
 */
import type { KubeObject, StateChange } from '../trace/types.js';
import { allResourceTypes } from '../engine/apiserver/resources.js';

/** etcd key prefixes of the kinds state expectations name. */
export const KIND_PREFIX: Record<string, string> = {
  pod: '/registry/pods/',
  deployment: '/registry/deployments/',
  replicaset: '/registry/replicasets/',
  statefulset: '/registry/statefulsets/',
  daemonset: '/registry/daemonsets/',
  node: '/registry/minions/',
  service: '/registry/services/specs/',
  endpoints: '/registry/services/endpoints/',
  endpointslice: '/registry/endpointslices/',
};

/** etcd key prefixes of every served resource but Events (`jobs` → `/registry/jobs/`). */
const RESOURCE_PREFIX = new Map(allResourceTypes().filter((t) => t.kind !== 'Event').map((t) => [t.resource, `/registry/${t.etcdPrefix}/`]));

export class StateView {
  private readonly byPrefix = new Map<string, Map<string, KubeObject>>();
  /** Index of the next change to apply. */
  next = 0;

  constructor(private readonly changes: readonly StateChange[]) {
    for (const p of [...Object.values(KIND_PREFIX), ...RESOURCE_PREFIX.values()]) if (!this.byPrefix.has(p)) this.byPrefix.set(p, new Map());
  }

  /** The change that would be applied next, if any. */
  peek(): StateChange | undefined {
    return this.changes[this.next];
  }

  /** Apply the next change; returns it. */
  applyNext(): StateChange | undefined {
    const c = this.changes[this.next];
    if (!c) return undefined;
    this.next++;
    for (const [prefix, map] of this.byPrefix) {
      if (!c.key.startsWith(prefix)) continue;
      if (c.value) map.set(c.key, c.value);
      else map.delete(c.key);
      break;
    }
    return c;
  }

  /** Apply every change while `pred` holds for it. */
  applyWhile(pred: (c: StateChange) => boolean): void {
    for (let c = this.peek(); c && pred(c); c = this.peek()) this.applyNext();
  }

  /** Objects of a served resource (`jobs`, `namespaces` …), in key order of insertion. */
  resourceObjects(resource: string): KubeObject[] {
    const m = this.byPrefix.get(RESOURCE_PREFIX.get(resource) ?? '');
    return m ? [...m.values()] : [];
  }

  /** Objects of a kind (`pod`, `deployment` …), in key order of insertion. */
  objects(kind: string): KubeObject[] {
    const m = this.byPrefix.get(KIND_PREFIX[kind] ?? '');
    return m ? [...m.values()] : [];
  }
}
