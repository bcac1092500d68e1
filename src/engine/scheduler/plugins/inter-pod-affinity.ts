/**
 * InterPodAffinity (filtering.go, scoring.go): required pod affinity and anti-affinity of the
 * incoming pod, and the required anti-affinity of pods already placed, filter nodes by
 * topology domain; preferred terms (both ways) and existing pods' required affinity (hard pod
 * affinity weight 1) score them. Only nodes with pods that have affinity are read unless the
 * incoming pod has terms of its own.
 */
import { skip, unresolvable, unschedulable, type CycleState, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin, type StateData } from '../framework/interface.js';
import type { SchedulerHandle } from '../framework/handle.js';
import type { NodeInfo, PodInfo } from '../framework/types.js';
import type { KubeObject } from '../../../trace/types.js';
import { termMatches, termsOf, TopologyCounts, type AffinityTerm, type PodTerms, type WeightedTerm } from './affinity-terms.js';

export const NAME = 'InterPodAffinity';
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
const PRE_FILTER_KEY = 'PreFilter' + NAME;
const PRE_SCORE_KEY = 'PreScore' + NAME;

class FilterState implements StateData {
  constructor(readonly terms: PodTerms, readonly existingAnti: TopologyCounts, readonly affinity: TopologyCounts, readonly anti: TopologyCounts) {}
  clone(): FilterState {
    return new FilterState(this.terms, this.existingAnti.clone(), this.affinity.clone(), this.anti.clone());
  }
}

export function create(rawArgs: Record<string, unknown> | undefined, handle: SchedulerHandle): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const hardPodAffinityWeight = (rawArgs?.hardPodAffinityWeight as number | undefined) ?? 1;
  const ignorePreferredTermsOfExistingPods = !!rawArgs?.ignorePreferredTermsOfExistingPods;
  const nsLabels = (ns: string) => handle.get('namespaces', undefined, ns)?.metadata.labels ?? {};
  const matches = (t: AffinityTerm, pod: KubeObject) => termMatches(t, pod, nsLabels);
  const matchesAll = (terms: AffinityTerm[], pod: KubeObject) => terms.length > 0 && terms.every((t) => matches(t, pod));

  /** Count one placed pod into the state (+1), or take it out (−1). */
  const updateWith = (s: FilterState, incoming: KubeObject, other: PodInfo, node: NodeInfo, value: number) => {
    const labels = node.labels;
    for (const t of termsOf(other.pod).requiredAntiAffinity) if (matches(t, incoming)) s.existingAnti.update(labels, t.topologyKey, value);
    if (matchesAll(s.terms.requiredAffinity, other.pod)) for (const t of s.terms.requiredAffinity) s.affinity.update(labels, t.topologyKey, value);
    for (const t of s.terms.requiredAntiAffinity) if (matches(t, other.pod)) s.anti.update(labels, t.topologyKey, value);
  };

  return {
    name: NAME,
    preFilter(state, pod, nodes) {
      const terms = termsOf(pod.pod);
      const s = new FilterState(terms, new TopologyCounts(), new TopologyCounts(), new TopologyCounts());
      for (const node of handle.nodesWithRequiredAntiAffinityPods()) {
        for (const existing of node.podsWithRequiredAntiAffinity.values()) {
          for (const t of termsOf(existing.pod).requiredAntiAffinity) if (matches(t, pod.pod)) s.existingAnti.update(node.labels, t.topologyKey, 1);
        }
      }
      if (terms.requiredAffinity.length || terms.requiredAntiAffinity.length) {
        for (const node of nodes) {
          for (const existing of node.pods.values()) {
            if (matchesAll(terms.requiredAffinity, existing.pod)) for (const t of terms.requiredAffinity) s.affinity.update(node.labels, t.topologyKey, 1);
            for (const t of terms.requiredAntiAffinity) if (matches(t, existing.pod)) s.anti.update(node.labels, t.topologyKey, 1);
          }
        }
      }
      if (!s.existingAnti.size && !terms.requiredAffinity.length && !terms.requiredAntiAffinity.length) return { status: skip() };
      state.write(PRE_FILTER_KEY, s);
      return undefined;
    },
    addPod(state, pod, added, node) {
      const s = state.read<FilterState>(PRE_FILTER_KEY);
      if (s) updateWith(s, pod.pod, added, node, 1);
    },
    removePod(state, pod, removed, node) {
      const s = state.read<FilterState>(PRE_FILTER_KEY);
      if (s) updateWith(s, pod.pod, removed, node, -1);
    },
    filter(state, pod, node) {
      const s = state.read<FilterState>(PRE_FILTER_KEY);
      if (!s) return undefined;
      const labels = node.labels;
      // Affinity: every term's domain must hold a matching pod, unless this is the first of a
      // series of pods with affinity to themselves (no matching pod anywhere, and it matches itself).
      let podsExist = true;
      for (const t of s.terms.requiredAffinity) {
        const v = labels[t.topologyKey];
        if (v === undefined) return unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
        if (s.affinity.get(t.topologyKey, v) <= 0) podsExist = false;
      }
      if (!podsExist && !(s.affinity.size === 0 && matchesAll(s.terms.requiredAffinity, pod.pod))) return unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
      for (const t of s.terms.requiredAntiAffinity) {
        const v = labels[t.topologyKey];
        if (v !== undefined && s.anti.get(t.topologyKey, v) > 0) return unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
      }
      if (s.existingAnti.size) {
        for (const [k, v] of Object.entries(labels)) if (s.existingAnti.get(k, v) > 0) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
      }
      return undefined;
    },

    preScore(state: CycleState, pod, filtered) {
      if (!filtered.length) return skip();
      const own = termsOf(pod.pod);
      const hasConstraints = own.preferredAffinity.length > 0 || own.preferredAntiAffinity.length > 0;
      if (ignorePreferredTermsOfExistingPods && !hasConstraints) return skip();
      const topo = new TopologyCounts();
      const process = (terms: WeightedTerm[], target: KubeObject, labels: Record<string, string>, sign: number) => {
        for (const t of terms) if (matches(t, target)) topo.update(labels, t.topologyKey, t.weight * sign);
      };
      const nodes = hasConstraints ? handle.nodes() : handle.nodesWithAffinityPods();
      for (const node of nodes) {
        const labels = node.labels;
        for (const existing of (hasConstraints ? node.pods : node.podsWithAffinity).values()) {
          const theirs = termsOf(existing.pod);
          process(own.preferredAffinity, existing.pod, labels, 1);
          process(own.preferredAntiAffinity, existing.pod, labels, -1);
          if (hardPodAffinityWeight > 0) process(theirs.requiredAffinity.map((t) => ({ ...t, weight: hardPodAffinityWeight })), pod.pod, labels, 1);
          process(theirs.preferredAffinity, pod.pod, labels, 1);
          process(theirs.preferredAntiAffinity, pod.pod, labels, -1);
        }
      }
      if (!topo.size) return skip();
      state.write(PRE_SCORE_KEY, topo);
      return undefined;
    },
    score(state, _pod, node) {
      const topo = state.read<TopologyCounts>(PRE_SCORE_KEY);
      if (!topo) return 0;
      let score = 0;
      for (const [k, v] of topo.m) {
        const [key, value] = k.split('\u0000') as [string, string];
        if (node.labels[key] === value) score += v;
      }
      return score;
    },
    normalizeScore(state, _pod, scores) {
      if (!state.read<TopologyCounts>(PRE_SCORE_KEY) || !scores.length) return;
      let min = Infinity;
      let max = -Infinity;
      for (const s of scores) {
        min = Math.min(min, s.score);
        max = Math.max(max, s.score);
      }
      const diff = max - min;
      // float64(MaxNodeScore) * (float64(score-min) / float64(diff)), truncated, as upstream computes it.
      for (const s of scores) s.score = diff > 0 ? Math.trunc(100 * ((s.score - min) / diff)) : 0;
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
}
