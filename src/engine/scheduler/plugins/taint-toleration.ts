/**
 * TaintToleration: a node's NoSchedule and NoExecute taints must be tolerated (filter); untolerated
 * PreferNoSchedule taints lower the score (fewer is better, normalised and reversed).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { MAX_NODE_SCORE, unresolvable, type FilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interface.js';

export const NAME = 'TaintToleration';
/** The current wording (1.35+, cherry-picked to 1.34): no key or value. */
export const ERR_REASON = 'node(s) had untolerated taint(s)';
const STATE_KEY = 'PreScore' + NAME;

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** Does one of the tolerations tolerate the taint (core/v1 Toleration.ToleratesTaint)? */
export function tolerates(tolerations: any[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.key && t.key !== taint.key) return false;
    if (!t.key && t.operator !== 'Exists') return false;
    if (t.operator === 'Exists') return true;
    return (t.value ?? '') === (taint.value ?? '');
  });
}

/** The tolerations that can tolerate a PreferNoSchedule taint. */
function preferTolerations(pod: any): any[] {
  return (pod.spec?.tolerations ?? []).filter((t: any) => !t.effect || t.effect === 'PreferNoSchedule');
}

/** How many PreferNoSchedule taints the tolerations do not tolerate. */
function untolerated(taints: Taint[], tols: any[]): number {
  let n = 0;
  for (const t of taints) if (t.effect === 'PreferNoSchedule' && !tolerates(tols, t)) n++;
  return n;
}

export function create(): FilterPlugin & PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      const taints = node.taints as Taint[];
      if (!taints.length) return undefined;
      const tols = (pod.pod as any).spec?.tolerations ?? [];
      for (const taint of taints) {
        if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
        if (!tolerates(tols, taint)) return unresolvable(ERR_REASON);
      }
      return undefined;
    },
    preScore(state, pod) {
      state.write(STATE_KEY, preferTolerations(pod.pod));
      return undefined;
    },
    score(state, pod, node) {
      const taints = node.taints as Taint[];
      if (!taints.length) return 0;
      return untolerated(taints, state.read<any[]>(STATE_KEY) ?? preferTolerations(pod.pod));
    },
    scoreNodes(state, pod, nodes, scores) {
      let tols: any[] | undefined;
      for (let i = 0; i < nodes.length; i++) {
        const taints = nodes[i]!.taints as Taint[];
        scores[i]!.score = taints.length ? untolerated(taints, (tols ??= state.read<any[]>(STATE_KEY) ?? preferTolerations(pod.pod))) : 0;
      }
    },
    normalizeScore(_state, _pod, scores) {
      // DefaultNormalizeScore with reverse = true.
      let max = 0;
      for (const s of scores) if (s.score > max) max = s.score;
      for (const s of scores) s.score = max === 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE - Math.floor((s.score * MAX_NODE_SCORE) / max);
    },
  } satisfies FilterPlugin & PreScorePlugin & ScorePlugin;
}
