/**
 * State at any moment of a run, replayed from the trace's state changes (the etcd writes), so
 * state expectations read the trace, never live engine objects.
 */
import type { KubeObject, StateChange } from '../trace/types.js';
import { allResourceTypes, customType, customWords } from '../engine/apiserver/resources.js';

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
      return c;
    }
    // Another resource: a custom resource (/registry/GROUP/PLURAL/…).
    if (c.value) this.other.set(c.key, c.value);
    else this.other.delete(c.key);
    return c;
  }

  /** Apply every change while `pred` holds for it. */
  applyWhile(pred: (c: StateChange) => boolean): void {
    for (let c = this.peek(); c && pred(c); c = this.peek()) this.applyNext();
  }

  /** Objects of a served resource (`jobs`, `namespaces` …), in key order of insertion. */
  resourceObjects(resource: string): KubeObject[] {
    const builtIn = RESOURCE_PREFIX.get(resource);
    if (builtIn === undefined) return this.customObjects(resource);
    const m = this.byPrefix.get(builtIn);
    return m ? [...m.values()] : [];
  }

  /** Objects stored under no built-in resource's prefix (custom resources). */
  private readonly other = new Map<string, KubeObject>();

  /**
   * Objects of a custom resource named by one of kubectl's words for it (plural, singular, kind,
   * short name): the CustomResourceDefinitions stored at this moment say which (LANGUAGE.md §12.1).
   */
  private customObjects(word: string): KubeObject[] {
    const crds = this.byPrefix.get(RESOURCE_PREFIX.get('customresourcedefinitions') ?? '');
    for (const crd of crds?.values() ?? []) {
      const t = customType(crd as { spec?: unknown });
      if (!t || !customWords(t).includes(word.toLowerCase())) continue;
      const prefix = `/registry/${t.etcdPrefix}/`;
      return [...this.other].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
    }
    return [];
  }

  /** Objects of a kind (`pod`, `deployment` …), in key order of insertion. */
  objects(kind: string): KubeObject[] {
    const m = this.byPrefix.get(KIND_PREFIX[kind] ?? '');
    return m ? [...m.values()] : [];
  }
}
