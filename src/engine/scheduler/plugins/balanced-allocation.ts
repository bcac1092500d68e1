/**
 * NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be used in similar
 * fractions: score = (1 − standard deviation of the fractions) × 100, over the requests as they
 * are (useRequested: true, no defaults for pods that request nothing). A best-effort pod (no cpu
 * or memory request) is not scored at all: PreScore returns Skip (since 1.33, kubernetes#129138).
 */
import { MAX_NODE_SCORE, skip, type PreScorePlugin, type ScorePlugin } from '../framework/interface.js';
import type { NodeInfo, PodInfo } from '../framework/types.js';

export const NAME = 'NodeResourcesBalancedAllocation';

/** Does the pod request neither cpu nor memory (isBestEffortPod over the scored resources)? */
export function isBestEffort(pod: PodInfo): boolean {
  return pod.requests.milliCpu === 0 && pod.requests.memory === 0;
}

export function create(): PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    preScore: (_state, pod) => (isBestEffort(pod) ? skip() : undefined),
    score: (_state, pod, node) => (isBestEffort(pod) ? 0 : balance(pod, node)),
    scoreNodes(_state, pod, nodes, scores) {
      for (let i = 0; i < nodes.length; i++) scores[i]!.score = balance(pod, nodes[i]!);
    },
  } satisfies PreScorePlugin & ScorePlugin;
}

function balance(pod: PodInfo, node: NodeInfo): number {
  const cpuCap = node.allocatable.milliCpu;
  const memCap = node.allocatable.memory;
  if (!cpuCap || !memCap) return MAX_NODE_SCORE;
  const cpu = Math.min(1, (node.requested.milliCpu + pod.requests.milliCpu) / cpuCap);
  const mem = Math.min(1, (node.requested.memory + pod.requests.memory) / memCap);
  // With two resources the standard deviation is half the difference.
  return Math.trunc((1 - Math.abs((cpu - mem) / 2)) * MAX_NODE_SCORE);
}
