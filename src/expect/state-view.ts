/**
 * State at any moment of a run, replayed from the trace's state changes (the etcd writes), so
 * state expectations read the trace, never live engine objects.
 */
import type { KubeObject, StateChange } from '../trace/types.js';

/** etcd key prefixes of the kinds state expectations name. */
export const KIND_PREFIX: Record<string, string> = {
  pod: '/registry/pods/',
  deployment: '/registry/deployments/',
  replicaset: '/registry/replicasets/',
  node: '/registry/minions/',
  service: '/registry/services/specs/',
  endpoints: '/registry/services/endpoints/',
  endpointslice: '/registry/endpointslices/',
};

export class StateView {
  private readonly byPrefix = new Map<string, Map<string, KubeObject>>();
  /** Index of the next change to apply. */
  next = 0;

  constructor(private readonly changes: readonly StateChange[]) {
    for (const p of Object.values(KIND_PREFIX)) this.byPrefix.set(p, new Map());
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

  /** Objects of a kind (`pod`, `deployment` …), in key order of insertion. */
  objects(kind: string): KubeObject[] {
    const m = this.byPrefix.get(KIND_PREFIX[kind] ?? '');
    return m ? [...m.values()] : [];
  }
}
