/**
 * The two halves of preemption that need no apiserver (default_preemption.go SelectVictimsOnNode,
 * preemption.go pickOneNodeForPreemption): which pods on one node must go for the preemptor to
 * fit, and which candidate node is best.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { unresolvable, type CycleState, type Status } from '../framework/interface.js';
import type { SchedulerHandle } from '../framework/handle.js';
import type { NodeInfo, PodInfo } from '../framework/types.js';

export const ERR_NO_VICTIMS = 'No preemption victims found for incoming pod';

export interface Candidate {
  node: string;
  /** Victims, most important first. */
  victims: PodInfo[];
  /** PodDisruptionBudgets the victims would violate (always 0: the simulation has no PDBs). */
  numPDBViolations: number;
}

/** A pod's start time in ms (status.startTime; a pod not started yet counts as starting now). */
export function startTime(p: PodInfo): number {
  const t = (p.pod as any).status?.startTime;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? Infinity : ms;
}

/** MoreImportantPod: higher priority, then earlier start. */
export function moreImportant(a: PodInfo, b: PodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return startTime(a) < startTime(b);
}

/**
 * SelectVictimsOnNode: remove every lower-priority pod; if the pod then fits, put back as many
 * as possible, most important first. Returns the victims, or the status why the node cannot help.
 */
export function selectVictimsOnNode(handle: SchedulerHandle, state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): { victims: PodInfo[] } | { status: Status } {
  const potential: PodInfo[] = [];
  for (const p of nodeInfo.pods.values()) {
    if (p.priority < pod.priority) potential.push(p);
  }
  if (!potential.length) return { status: unresolvable(ERR_NO_VICTIMS) };
  for (const p of potential) {
    nodeInfo.removePod(p.key);
    handle.runPreFilterRemovePod(state, pod, p, nodeInfo);
  }
  const fits = handle.runFilterPlugins(state, pod, nodeInfo);
  if (fits) return { status: fits };
  potential.sort((a, b) => (moreImportant(a, b) ? -1 : moreImportant(b, a) ? 1 : 0));
  const victims: PodInfo[] = [];
  // No PDBs in the simulation: every potential victim is non-violating.
  for (const p of potential) {
    nodeInfo.addPod(p);
    handle.runPreFilterAddPod(state, pod, p, nodeInfo);
    if (handle.runFilterPlugins(state, pod, nodeInfo)) {
      nodeInfo.removePod(p.key);
      handle.runPreFilterRemovePod(state, pod, p, nodeInfo);
      victims.push(p);
    }
  }
  return { victims };
}

/** Earliest start among the highest-priority victims (GetEarliestPodStartTime). */
function earliestStartOfTop(victims: PodInfo[]): number {
  const top = Math.max(...victims.map((v) => v.priority));
  return Math.min(...victims.filter((v) => v.priority === top).map(startTime));
}

/**
 * pickOneNodeForPreemption: fewest PDB violations, then the lowest highest-priority victim, the
 * smallest sum of priorities, the fewest victims, the latest start of the top victims; then the
 * first candidate.
 */
export function pickOneNodeForPreemption(candidates: Candidate[]): Candidate | undefined {
  const criteria: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -(c.victims[0]?.priority ?? -Infinity),
    // Each priority is offset by 2^31 so that more victims always weigh more (MaxInt32 + 1).
    (c) => -c.victims.reduce((s, v) => s + v.priority + 2 ** 31, 0),
    (c) => -c.victims.length,
    (c) => earliestStartOfTop(c.victims),
  ];
  let best = candidates;
  for (const score of criteria) {
    if (best.length <= 1) break;
    const max = Math.max(...best.map(score));
    best = best.filter((c) => score(c) === max);
  }
  return best[0];
}
