/**
 * Nominated pods (internal/queue nominator, framework RunFilterPluginsWithNominatedPods): a
 * preemptor waits for its victims to go with `status.nominatedNodeName` set; until it is bound,
 * pods of lower or equal priority must fit that node as if the preemptor were already on it, so
 * they do not take the room preemption made.
 */
import type { CycleState, Status } from './framework/interface.js';
import type { Framework, FilterVerdict } from './framework/runtime.js';
import type { NodeInfo, PodInfo } from './framework/types.js';

const NONE: PodInfo[] = [];

export class Nominator {
  private readonly byNode = new Map<string, Map<string, PodInfo>>();
  private readonly nodeOf = new Map<string, string>();

  /** Nominate `pod` to `node` ('' clears its nomination). */
  set(pod: PodInfo, node: string): void {
    this.remove(pod.key);
    if (!node) return;
    this.nodeOf.set(pod.key, node);
    let m = this.byNode.get(node);
    if (!m) this.byNode.set(node, (m = new Map()));
    m.set(pod.key, pod);
  }

  remove(key: string): void {
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const m = this.byNode.get(node);
    m?.delete(key);
    if (m && !m.size) this.byNode.delete(node);
  }

  /** The pods nominated to `node` that count for `pod`: other pods of at least its priority. */
  podsFor(pod: PodInfo, node: string): PodInfo[] {
    const m = this.byNode.get(node);
    if (!m) return NONE;
    const out: PodInfo[] = [];
    for (const p of m.values()) if (p.key !== pod.key && p.priority >= pod.priority) out.push(p);
    return out;
  }

  /** Every pod nominated to `node`. */
  podsOn(node: string): PodInfo[] {
    return [...(this.byNode.get(node)?.values() ?? [])];
  }

  get size(): number {
    return this.nodeOf.size;
  }
}

/**
 * RunFilterPluginsWithNominatedPods: with nominated pods on the node, the pod must fit both with
 * them (on a copy of the node and state) and without them; otherwise the plain filters.
 */
export function filterWithNominated(fw: Framework, nominator: Nominator, state: CycleState, pod: PodInfo, node: NodeInfo, verdicts?: FilterVerdict[]): Status | undefined {
  if (!nominator.size) return fw.runFilters(state, pod, node, verdicts);
  const nominated = nominator.podsFor(pod, node.name);
  if (!nominated.length) return fw.runFilters(state, pod, node, verdicts);
  const withThem = node.clone();
  const stateWith = state.clone();
  for (const p of nominated) {
    withThem.addPod(p);
    fw.runPreFilterAddPod(stateWith, pod, p, withThem);
  }
  const st = fw.runFilters(stateWith, pod, withThem, verdicts);
  if (st) return st;
  if (verdicts) verdicts.length = 0;
  return fw.runFilters(state, pod, node, verdicts);
}
