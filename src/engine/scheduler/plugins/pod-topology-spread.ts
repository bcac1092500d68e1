/**
 * PodTopologySpread (filtering.go, scoring.go): DoNotSchedule constraints filter nodes where
 * placing the pod would make `matching pods in the domain + self − global minimum` exceed
 * maxSkew; ScheduleAnyway constraints (and the system defaults: hostname maxSkew 3, zone
 * maxSkew 5) score nodes with fewer matching pods higher. Counts come from the cache's
 * incremental counters instead of a scan of every pod.
 */
import { MAX_NODE_SCORE, skip, unresolvable, unschedulable, type CycleState, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin, type StateData } from '../framework/interface.js';
import type { SchedulerHandle } from '../framework/handle.js';
import { labelKeyId, type NodeInfo, type PodInfo } from '../framework/types.js';
import { matchLabelSelector } from '../../apiserver/selector.js';
import { podMatches } from '../framework/pod-counter.js';
import { hasRequiredNodeAffinity } from './node-affinity.js';
import { constraintsOf, hasAllKeys, includesNode, LABEL_HOSTNAME, type Constraint, type SpreadArgs } from './topology-constraints.js';

export const NAME = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + ' (missing required label)';
const PRE_FILTER_KEY = 'PreFilter' + NAME;
const PRE_SCORE_KEY = 'PreScore' + NAME;

/** Filtering state: matching pods per `key\0value` and domains per key. */
class FilterState implements StateData {
  constructor(readonly constraints: Constraint[], readonly matchNum: Map<string, number>, readonly domains: Map<string, Set<string>>) {}
  clone(): FilterState {
    return new FilterState(this.constraints, new Map(this.matchNum), this.domains);
  }
  /** The global minimum for a key; 0 when there are fewer domains than minDomains. */
  minMatchNum(key: string, minDomains: number): number {
    const domains = this.domains.get(key);
    if (!domains || domains.size < minDomains) return 0;
    let min = Infinity;
    for (const v of domains) min = Math.min(min, this.matchNum.get(pair(key, v)) ?? 0);
    return min === Infinity ? 0 : min;
  }
}

interface ScoreState {
  constraints: Constraint[];
  ignored: Set<string>;
  domainCounts: Map<string, number>[];
  weights: number[];
  counters: { count(node: NodeInfo): number }[];
  hostname: boolean[];
  keyIds: number[];
}

/** Score of one node (scoring.go Score): matching pods in its domains, weighted, plus maxSkew − 1. */
function scoreNode(s: ScoreState, node: NodeInfo): number {
  if (s.ignored.size && s.ignored.has(node.name)) return 0;
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i]!;
    const v = node.labelAt(s.keyIds[i]!, c.topologyKey);
    if (v === undefined) continue;
    const cnt = s.hostname[i] ? s.counters[i]!.count(node) : s.domainCounts[i]!.get(v) ?? 0;
    score += cnt * s.weights[i]! + (c.maxSkew - 1);
  }
  return Math.round(score);
}

const pair = (key: string, value: string) => `${key}\u0000${value}`;

export function create(rawArgs: Record<string, unknown> | undefined, handle: SchedulerHandle): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const args: SpreadArgs = { defaultingType: (rawArgs?.defaultingType as SpreadArgs['defaultingType']) ?? 'System', defaultConstraints: (rawArgs?.defaultConstraints as SpreadArgs['defaultConstraints']) ?? [] };

  const update = (state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo, delta: number) => {
    const s = state.read<FilterState>(PRE_FILTER_KEY);
    if (!s || other.pod.metadata.namespace !== pod.pod.metadata.namespace || !hasAllKeys(node, s.constraints)) return;
    for (const c of s.constraints) {
      if (!podMatches(pod.pod.metadata.namespace ?? 'default', c.selector, other) || !includesNode(c, pod, node)) continue;
      const k = pair(c.topologyKey, node.labels[c.topologyKey]!);
      s.matchNum.set(k, (s.matchNum.get(k) ?? 0) + delta);
    }
  };

  return {
    name: NAME,
    preFilter(state, pod, nodes) {
      const { constraints } = constraintsOf(pod, 'DoNotSchedule', args, handle);
      if (!constraints.length) return { status: skip() };
      const ns = pod.pod.metadata.namespace ?? 'default';
      const counters = constraints.map((c) => handle.podCounter(ns, c.selector));
      const matchNum = new Map<string, number>();
      const domains = new Map<string, Set<string>>(constraints.map((c) => [c.topologyKey, new Set<string>()]));
      for (const node of nodes) {
        if (!hasAllKeys(node, constraints)) continue;
        constraints.forEach((c, i) => {
          if (!includesNode(c, pod, node)) return;
          const v = node.labels[c.topologyKey]!;
          const k = pair(c.topologyKey, v);
          domains.get(c.topologyKey)!.add(v);
          matchNum.set(k, (matchNum.get(k) ?? 0) + counters[i]!.count(node));
        });
      }
      state.write(PRE_FILTER_KEY, new FilterState(constraints, matchNum, domains));
      return undefined;
    },
    addPod: (state, pod, added, node) => update(state, pod, added, node, 1),
    removePod: (state, pod, removed, node) => update(state, pod, removed, node, -1),
    filter(state, pod, node) {
      const s = state.read<FilterState>(PRE_FILTER_KEY);
      if (!s) return undefined;
      const labels = pod.pod.metadata.labels ?? {};
      for (const c of s.constraints) {
        const v = node.labels[c.topologyKey];
        if (v === undefined) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
        const self = matchLabelSelector(c.selector, labels) ? 1 : 0;
        const skew = (s.matchNum.get(pair(c.topologyKey, v)) ?? 0) + self - s.minMatchNum(c.topologyKey, c.minDomains);
        if (skew > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
      }
      return undefined;
    },

    preScore(state, pod, filtered) {
      const { constraints, defaulted } = constraintsOf(pod, 'ScheduleAnyway', args, handle);
      if (!constraints.length || !filtered.length) return skip();
      const requireAll = !defaulted;
      const ns = pod.pod.metadata.namespace ?? 'default';
      const counters = constraints.map((c) => handle.podCounter(ns, c.selector));
      const hostname = constraints.map((c) => c.topologyKey === LABEL_HOSTNAME);
      const keyIds = constraints.map((c) => labelKeyId(c.topologyKey));
      const ignored = new Set<string>();
      // Per constraint: domain value → matching pods (hostname counts are read in Score).
      const domainCounts = constraints.map(() => new Map<string, number>());
      for (const node of filtered) {
        if (requireAll && !hasAllKeys(node, constraints)) {
          ignored.add(node.name);
          continue;
        }
        for (let i = 0; i < constraints.length; i++) {
          if (hostname[i]) continue;
          // A node without the key adds the domain "" (node.Labels[key] in Go): it counts in the
          // number of domains, which weighs the constraint, though such nodes get no score from it.
          domainCounts[i]!.set(node.labelAt(keyIds[i]!, constraints[i]!.topologyKey) ?? '', 0);
        }
      }
      // Count the pods of each candidate domain over every node that the constraint includes.
      const everyNodeCounts = (constraints.length === 1 || !requireAll) && constraints.every((c) => c.nodeTaintsPolicy === 'Ignore' && (c.nodeAffinityPolicy === 'Ignore' || !hasRequiredNodeAffinity(pod.pod)));
      if (everyNodeCounts) {
        domainCounts.forEach((m, i) => {
          for (const v of m.keys()) m.set(v, counters[i]!.domainCount(constraints[i]!.topologyKey, v));
        });
      } else {
        for (const node of handle.nodes()) {
          if (requireAll && !hasAllKeys(node, constraints)) continue;
          constraints.forEach((c, i) => {
            const m = domainCounts[i]!;
            const v = node.labels[c.topologyKey];
            if (v === undefined || !m.has(v) || !includesNode(c, pod, node)) return;
            m.set(v, m.get(v)! + counters[i]!.count(node));
          });
        }
      }
      const weights = constraints.map((_, i) => Math.log((hostname[i] ? filtered.length - ignored.size : domainCounts[i]!.size) + 2));
      state.write(PRE_SCORE_KEY, { constraints, ignored, domainCounts, weights, counters, hostname, keyIds } satisfies ScoreState);
      return undefined;
    },
    score(state, _pod, node) {
      const s = state.read<ScoreState>(PRE_SCORE_KEY);
      return s ? scoreNode(s, node) : 0;
    },
    scoreNodes(state, _pod, nodes, scores) {
      const s = state.read<ScoreState>(PRE_SCORE_KEY);
      for (let j = 0; j < nodes.length; j++) scores[j]!.score = s ? scoreNode(s, nodes[j]!) : 0;
    },
    normalizeScore(state, _pod, scores) {
      const s = state.read<ScoreState>(PRE_SCORE_KEY);
      if (!s) return;
      let min = Infinity;
      let max = 0;
      const ignored = (name: string) => s.ignored.size > 0 && s.ignored.has(name);
      for (const x of scores) {
        if (ignored(x.name)) continue;
        if (x.score < min) min = x.score;
        if (x.score > max) max = x.score;
      }
      for (const x of scores) {
        if (ignored(x.name)) x.score = 0;
        else if (max === 0) x.score = MAX_NODE_SCORE;
        else x.score = Math.floor((MAX_NODE_SCORE * (max + min - x.score)) / max);
      }
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
}
