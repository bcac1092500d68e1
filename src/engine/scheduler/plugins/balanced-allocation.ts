/**
 * NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be used in similar
 * fractions: score = (1 − standard deviation of the fractions) × 100, over the requests as they
 * are (useRequested: true, no defaults for pods that request nothing).
 */
import { MAX_NODE_SCORE, type ScorePlugin } from '../framework/interface.js';
import type { NodeInfo, PodInfo } from '../framework/types.js';

export const NAME = 'NodeResourcesBalancedAllocation';

export function create(): ScorePlugin {
  return {
    name: NAME,
    score: (_state, pod, node) => balance(pod, node),
    scoreNodes(_state, pod, nodes, scores) {
      for (let i = 0; i < nodes.length; i++) scores[i]!.score = balance(pod, nodes[i]!);
    },
  } satisfies ScorePlugin;
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
