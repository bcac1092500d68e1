/**
 * The scheduling algorithm of one cycle (schedule_one.go schedulePod): PreFilter; Filter from
 * `nextStartNodeIndex` round-robin until numFeasibleNodesToFind nodes fit; PreScore, Score and
 * NormalizeScore on the feasible nodes; the highest total wins, ties broken by the seeded source.
 * Simplified: nodes are filtered one after another, not in parallel, so the set of feasible nodes
 * found is the first N in round-robin order (Kubernetes' parallel search finds about the same).
 */
import type { CycleState, Status } from './framework/interface.js';
import type { Framework, FilterVerdict, ScoreEntry } from './framework/runtime.js';
import type { NodeInfo, PodInfo } from './framework/types.js';
import type { SchedulerHandle } from './framework/handle.js';
import { numFeasibleNodesToFind } from './messages.js';
import { newExplanation, type CycleExplanation, type ExplainMode } from './attempt.js';
import { filterWithNominated, type Nominator } from './nominator.js';

export interface CycleResult {
  /** The chosen node; undefined when none fits. */
  selected?: NodeInfo;
  feasible: NodeInfo[];
  /** Each filtered-out node's first failure. */
  failed: Map<string, Status>;
  /** A PreFilter rejection (then no node was filtered), and the plugin that rejected. */
  preFilterMsg?: string;
  preFilterPlugin?: string;
  /** The cluster has no nodes (ErrNoNodesAvailable: no FitError, no PostFilter). */
  noNodes?: boolean;
  /** The best three totals, highest first (name ascending among equals), for the decision note. */
  ranked: [string, number][];
  nextStartNodeIndex: number;
  explanation?: CycleExplanation;
}

/** The totals of a single feasible node, not scored. */
const ONE_ZERO = new Float64Array(1);

/** One cycle for `pod`; `start` is where the last cycle's node search stopped. */
export function runCycle(fw: Framework, handle: SchedulerHandle, nominator: Nominator, state: CycleState, pod: PodInfo, percentage: number, start: number, explain: ExplainMode): CycleResult {
  const all = handle.nodes();
  const ex = explain ? newExplanation() : undefined;
  const failed = new Map<string, Status>();
  const feasible: NodeInfo[] = [];
  if (!all.length) return { feasible, failed, noNodes: true, ranked: [], nextStartNodeIndex: 0, explanation: ex };
  const pre = fw.runPreFilter(state, pod, all);
  if (pre.rejected) {
    // Every node gets the PreFilter's status (for preemption, and for explanation); the message
    // is the PreFilter's alone.
    for (const n of all) failed.set(n.name, pre.rejected);
    return { feasible, failed, preFilterMsg: pre.rejected.reasons.join(', '), preFilterPlugin: pre.rejected.plugin, ranked: [], nextStartNodeIndex: start, explanation: ex };
  }
  let candidates: readonly NodeInfo[] = all;
  if (pre.nodeNames) {
    // Nodes a PreFilter left out fail with the absent-nodes status (findNodesThatFitPod), so the
    // FitError counts them and preemption knows it cannot help there.
    const narrowed: NodeInfo[] = [];
    candidates = narrowed;
    const absent: Status = { code: 'UnschedulableAndUnresolvable', reasons: [`node(s) didn't satisfy plugin(s) [${pre.narrowedBy!.join(' ')}]`], plugin: pre.narrowedBy![0] };
    for (const n of all) {
      if (pre.nodeNames.has(n.name)) narrowed.push(n);
      else failed.set(n.name, absent);
    }
  }

  const want = numFeasibleNodesToFind(percentage, candidates.length, fw.score.length > 0);
  const n = candidates.length;
  let processed = 0;
  for (let i = 0; i < n && feasible.length < want; i++) {
    const node = candidates[(start + i) % n]!;
    processed++;
    let verdicts: FilterVerdict[] | undefined;
    if (ex) ex.verdicts.set(node.name, (verdicts = []));
    const st = filterWithNominated(fw, nominator, state, pod, node, verdicts);
    if (st) failed.set(node.name, st);
    else feasible.push(node);
  }
  // The search index advances over all nodes, also when PreFilter narrowed the candidates (schedule_one.go).
  const nextStartNodeIndex = all.length ? (start + processed) % all.length : 0;
  if (!feasible.length) {
    if (explain === 'all') scoreForExplanation(fw, state, pod, [...failed.keys()].map((k) => handle.node(k)!), ex!);
    return { feasible, failed, ranked: [], nextStartNodeIndex, explanation: ex };
  }

  // A single feasible node is chosen without scoring (unless it is to be explained).
  let totals: Float64Array = ONE_ZERO;
  if (feasible.length > 1 || ex) {
    fw.runPreScore(state, pod, feasible);
    const entries = ex ? feasible.map((): ScoreEntry[] => []) : undefined;
    totals = fw.runScore(state, pod, feasible, entries);
    if (ex) feasible.forEach((node, i) => ex.scores.set(node.name, { entries: entries![i]!, total: totals[i]! }));
  }
  // For explanation, the nodes the search did not reach (percentageOfNodesToScore) get their
  // verdicts too; they stay out of the decision (feasible: false).
  const unreached: NodeInfo[] = [];
  if (ex) {
    for (let i = processed; i < n; i++) {
      const node = candidates[(start + i) % n]!;
      const verdicts: FilterVerdict[] = [];
      ex.verdicts.set(node.name, verdicts);
      filterWithNominated(fw, nominator, state, pod, node, verdicts);
      unreached.push(node);
    }
  }
  if (explain === 'all' && (failed.size || unreached.length)) scoreForExplanation(fw, state.clone(), pod, [...feasible, ...[...failed.keys()].map((k) => handle.node(k)!), ...unreached], ex!, feasible.length);

  // The highest total wins; ties are broken uniformly at random (seeded).
  let max = -Infinity;
  let ties = 0;
  for (let i = 0; i < totals.length; i++) {
    if (totals[i]! > max) {
      max = totals[i]!;
      ties = 1;
    } else if (totals[i] === max) ties++;
  }
  let pick = ties > 1 ? handle.rng.int(ties) : 0;
  let selected = feasible[0]!;
  for (let i = 0; i < totals.length; i++) {
    if (totals[i] === max && pick-- === 0) {
      selected = feasible[i]!;
      break;
    }
  }
  return { selected, feasible, failed, ranked: top3(feasible, totals), nextStartNodeIndex, explanation: ex };
}

/**
 * `--all-nodes`: score infeasible nodes too, normalised together with the feasible ones. These
 * numbers are for reading only: the decision used the feasible nodes' scores. `skip` nodes at the
 * start of `nodes` keep their decision scores.
 */
function scoreForExplanation(fw: Framework, state: CycleState, pod: PodInfo, nodes: NodeInfo[], ex: CycleExplanation, skip = 0): void {
  state.skipScore.clear();
  fw.runPreScore(state, pod, nodes);
  const entries = nodes.map((): ScoreEntry[] => []);
  const totals = fw.runScore(state, pod, nodes, entries);
  for (let i = skip; i < nodes.length; i++) ex.scores.set(nodes[i]!.name, { entries: entries[i]!, total: totals[i]! });
}

function top3(nodes: NodeInfo[], totals: Float64Array): [string, number][] {
  const best: [string, number][] = [];
  for (let i = 0; i < nodes.length; i++) {
    const s = totals[i]!;
    if (best.length === 3 && (s < best[2]![1] || (s === best[2]![1] && nodes[i]!.name >= best[2]![0]))) continue;
    const name = nodes[i]!.name;
    let k = best.length;
    while (k > 0 && (s > best[k - 1]![1] || (s === best[k - 1]![1] && name < best[k - 1]![0]))) k--;
    if (k < 3) {
      best.splice(k, 0, [name, s]);
      if (best.length > 3) best.pop();
    }
  }
  return best;
}
