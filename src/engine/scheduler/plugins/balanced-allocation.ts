/**
 * NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be used in similar
 * fractions: score = (1 − standard deviation of the fractions) × 100, over the requests as they
 * are (useRequested: true, no defaults for pods that request nothing).
 */
import { MAX_NODE_SCORE, type ScorePlugin } from '../framework/interface.js';

export const NAME = 'NodeResourcesBalancedAllocation';

export function create(): ScorePlugin {
  return {
    name: NAME,
    score(_state, pod, node) {
      const fractions: number[] = [];
      const cpuCap = node.allocatable.milliCpu;
      const memCap = node.allocatable.memory;
      if (cpuCap) fractions.push(Math.min(1, (node.requested.milliCpu + pod.requests.milliCpu) / cpuCap));
      if (memCap) fractions.push(Math.min(1, (node.requested.memory + pod.requests.memory) / memCap));
      if (fractions.length < 2) return MAX_NODE_SCORE;
      const std = Math.abs((fractions[0]! - fractions[1]!) / 2);
      return Math.trunc((1 - std) * MAX_NODE_SCORE);
    },
  } satisfies ScorePlugin;
}
