/**
 * Incremental counts of matching pods, per node and per topology domain. Kubernetes counts the
 * pods of every node in each cycle (countPodsMatchSelector); the simulation keeps the counts up
 * to date as pods are assumed, bound and removed, so a cycle's cost does not grow with the pods
 * already placed. The numbers are the same.
 */
import type { LabelSelector } from './handle.js';
import type { NodeInfo, PodInfo } from './types.js';
import { matchLabelSelector } from '../../apiserver/selector.js';

/**
 * Does an assigned pod count for a selector in `namespace` (countPodsMatchSelector: same
 * namespace, not terminating, labels match; an empty selector counts no pod)?
 */
export function podMatches(namespace: string, selector: LabelSelector, p: PodInfo): boolean {
  return p.pod.metadata.namespace === namespace && !p.pod.metadata.deletionTimestamp && !isEmptySelector(selector) && matchLabelSelector(selector, p.pod.metadata.labels ?? {});
}

function isEmptySelector(s: LabelSelector): boolean {
  return !Object.keys(s.matchLabels ?? {}).length && !(s.matchExpressions ?? []).length;
}

export class PodCounter {
  /** Counts by NodeInfo.id (a dense array: this is read for every node evaluated). */
  private readonly byNode: number[] = [];
  private readonly nodes = new Map<number, NodeInfo>();
  /** topologyKey → domain value → count, built on first use. */
  private readonly domains = new Map<string, Map<string, number>>();

  constructor(
    readonly namespace: string,
    readonly selector: LabelSelector,
  ) {}

  matches(p: PodInfo): boolean {
    return podMatches(this.namespace, this.selector, p);
  }

  /** Matching pods on one node. */
  count(node: NodeInfo): number {
    return this.byNode[node.id] ?? 0;
  }

  /** Matching pods on all nodes whose label `key` is `value`. */
  domainCount(key: string, value: string): number {
    return this.domain(key).get(value) ?? 0;
  }

  /** Every domain of `key` with a matching pod, and its count. */
  domain(key: string): ReadonlyMap<string, number> {
    let m = this.domains.get(key);
    if (!m) {
      m = new Map();
      for (const [id, node] of this.nodes) {
        const n = this.byNode[id] ?? 0;
        const v = node.labels[key];
        if (n && v !== undefined) m.set(v, (m.get(v) ?? 0) + n);
      }
      this.domains.set(key, m);
    }
    return m;
  }

  /** A matching pod was added to (+1) or removed from (−1) `node`. */
  add(node: NodeInfo, delta: number): void {
    const n = (this.byNode[node.id] ?? 0) + delta;
    this.byNode[node.id] = n;
    if (n > 0) this.nodes.set(node.id, node);
    else this.nodes.delete(node.id);
    if (!this.domains.size) return;
    const labels = node.labels;
    for (const [key, m] of this.domains) {
      const v = labels[key];
      if (v === undefined) continue;
      const d = (m.get(v) ?? 0) + delta;
      if (d > 0) m.set(v, d);
      else m.delete(v);
    }
  }

  /** Node labels changed: domain totals are rebuilt on next use. */
  invalidateDomains(): void {
    this.domains.clear();
  }
}
