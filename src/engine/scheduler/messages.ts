/** The scheduler's numbers and messages (schedule_one.go, framework/types.go FitError). */
import type { Status } from './framework/interface.js';

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * How many feasible nodes to look for (numFeasibleNodesToFind): all nodes under 100; otherwise
 * the percentage (adaptive when 0: 50 − nodes/125, at least 5) of them, at least 100. With no
 * score plugins one is enough.
 */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number, hasScorePlugins: boolean): number {
  if (!hasScorePlugins) return 1;
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) {
    pct = 50 - Math.floor(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  if (pct >= 100) return numAllNodes;
  const n = Math.floor((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** The longest Event note (events.k8s.io validation.NoteLengthLimit). */
export const NOTE_LENGTH_LIMIT = 1024;

/** truncateMessage: a FailedScheduling note longer than the limit is cut and ends with ` ...`. */
export function truncateMessage(message: string): string {
  if (message.length <= NOTE_LENGTH_LIMIT) return message;
  const suffix = ' ...';
  return message.slice(0, NOTE_LENGTH_LIMIT - suffix.length) + suffix;
}

/** ErrNoNodesAvailable: the message when the cluster has no node at all (schedule_one.go). */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/**
 * FitError.Error(): `0/N nodes are available: ` + a histogram of reasons rendered `count reason`,
 * sorted as strings, joined with `, `, then `.`; a PreFilter rejection gives its message instead;
 * a PostFilter (preemption) message follows after a space.
 */
export function fitErrorMessage(numAllNodes: number, failed: ReadonlyMap<string, Status>, preFilterMsg?: string, postFilterMsg?: string): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else {
    const histogram = new Map<string, number>();
    for (const st of failed.values()) for (const r of st.reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
    const parts = [...histogram.entries()].map(([r, n]) => `${n} ${r}`).sort();
    if (parts.length) msg += ` ${parts.join(', ')}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}`;
  return msg;
}
