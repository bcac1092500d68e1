/**
 * Pod (anti-)affinity terms as the framework's PodInfo holds them (framework/types.go
 * AffinityTerm, WeightedAffinityTerm), parsed once per pod object, and the per-topology counts
 * InterPodAffinity keeps (topologyToMatchedTermCount).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../../trace/types.js';
import type { LabelSelector } from '../framework/handle.js';
import { matchLabelSelector } from '../../apiserver/selector.js';

export interface AffinityTerm {
  /** Namespaces named by the term (the pod's own when neither namespaces nor namespaceSelector is given). */
  namespaces: Set<string>;
  /** undefined = no namespace selector (matches nothing); `{}` matches every namespace. */
  namespaceSelector?: LabelSelector;
  /** undefined = no label selector (matches nothing). */
  selector?: LabelSelector;
  topologyKey: string;
}

export interface WeightedTerm extends AffinityTerm {
  weight: number;
}

export interface PodTerms {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: WeightedTerm[];
  preferredAntiAffinity: WeightedTerm[];
}

const parsed = new WeakMap<KubeObject, PodTerms>();
const NO_TERMS: PodTerms = Object.freeze({ requiredAffinity: [], requiredAntiAffinity: [], preferredAffinity: [], preferredAntiAffinity: [] }) as PodTerms;

function term(t: any, ns: string): AffinityTerm {
  const namespaces = new Set<string>((t?.namespaces ?? []) as string[]);
  if (!namespaces.size && !t?.namespaceSelector) namespaces.add(ns);
  return { namespaces, namespaceSelector: t?.namespaceSelector ?? undefined, selector: t?.labelSelector ?? undefined, topologyKey: t?.topologyKey ?? '' };
}

/** The pod's affinity terms (cached per pod object: stored objects are immutable). */
export function termsOf(pod: KubeObject): PodTerms {
  const affinity = (pod as any).spec?.affinity;
  if (!affinity?.podAffinity && !affinity?.podAntiAffinity) return NO_TERMS;
  let p = parsed.get(pod);
  if (p) return p;
  const ns = pod.metadata.namespace ?? 'default';
  const a = (pod as any).spec?.affinity ?? {};
  const req = (x: any) => ((x?.requiredDuringSchedulingIgnoredDuringExecution ?? []) as any[]).map((t) => term(t, ns));
  const pref = (x: any) => ((x?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as any[]).map((w) => ({ ...term(w.podAffinityTerm, ns), weight: w.weight ?? 0 }));
  p = { requiredAffinity: req(a.podAffinity), requiredAntiAffinity: req(a.podAntiAffinity), preferredAffinity: pref(a.podAffinity), preferredAntiAffinity: pref(a.podAntiAffinity) };
  parsed.set(pod, p);
  return p;
}

/** Does the term select `pod` (AffinityTerm.Matches)? `nsLabels` gives the labels of a namespace. */
export function termMatches(t: AffinityTerm, pod: KubeObject, nsLabels: (ns: string) => Record<string, string>): boolean {
  const ns = pod.metadata.namespace ?? 'default';
  const nsOk = t.namespaces.has(ns) || (t.namespaceSelector !== undefined && matchLabelSelector(t.namespaceSelector, nsLabels(ns)));
  return nsOk && t.selector !== undefined && matchLabelSelector(t.selector, pod.metadata.labels ?? {});
}

/** `topologyKey\0value` → count; entries that reach zero are removed. */
export class TopologyCounts {
  readonly m = new Map<string, number>();

  static key(k: string, v: string): string {
    return `${k}\u0000${v}`;
  }

  get size(): number {
    return this.m.size;
  }

  get(k: string, v: string): number {
    return this.m.get(TopologyCounts.key(k, v)) ?? 0;
  }

  /** Add `value` for the node's domain of `key`, if the node has that label. */
  update(labels: Record<string, string>, key: string, value: number): void {
    const v = labels[key];
    if (v === undefined) return;
    const k = TopologyCounts.key(key, v);
    const n = (this.m.get(k) ?? 0) + value;
    if (n === 0) this.m.delete(k);
    else this.m.set(k, n);
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, v] of this.m) c.m.set(k, v);
    return c;
  }
}
