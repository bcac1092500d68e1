/**
 * What one scheduling cycle leaves for `kscn explain` (LANGUAGE.md §11): per node the verdict of
 * every filter plugin, the per-plugin scores and the total. Only built when explanation is on.
 */
import type { SchedulingAttempt } from '../../trace/types.js';
import type { Status } from './framework/interface.js';
import type { FilterVerdict, ScoreEntry } from './framework/runtime.js';
import type { NodeInfo } from './framework/types.js';

/** How much `explain` records: nothing, scores of feasible nodes, or scores of every node. */
export type ExplainMode = false | 'feasible' | 'all';

/** Explanation data gathered during a cycle. */
export interface CycleExplanation {
  verdicts: Map<string, FilterVerdict[]>;
  scores: Map<string, { entries: ScoreEntry[]; total: number }>;
}

export function newExplanation(): CycleExplanation {
  return { verdicts: new Map(), scores: new Map() };
}

/** The attempt as the trace keeps it. `failed` covers nodes whose verdicts were not gathered. */
export function attemptOf(
  pod: string,
  selected: string | null,
  message: string | null,
  all: readonly NodeInfo[],
  feasible: ReadonlySet<string>,
  failed: ReadonlyMap<string, Status>,
  ex: CycleExplanation,
): Omit<SchedulingAttempt, 'timeMs'> {
  return {
    pod,
    selected,
    message,
    nodes: all.map((n) => {
      const st = failed.get(n.name);
      const filter = ex.verdicts.get(n.name) ?? (st ? [{ plugin: st.plugin ?? '', code: st.code, reasons: st.reasons }] : []);
      const s = ex.scores.get(n.name);
      return { node: n.name, feasible: feasible.has(n.name), filter, score: s?.entries ?? [], total: s?.total ?? 0 };
    }),
  };
}
