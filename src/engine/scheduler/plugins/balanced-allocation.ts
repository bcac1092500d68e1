/**
 * NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be used in similar
 * fractions: score = (1 − standard deviation of the fractions) × 100.
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
      if (cpuCap) fractions.push(Math.min(1, (node.nonZeroCpu + pod.nonZeroCpu) / cpuCap));
      if (memCap) fractions.push(Math.min(1, (node.nonZeroMemory + pod.nonZeroMemory) / memCap));
      if (fractions.length < 2) return MAX_NODE_SCORE;
      const mean = (fractions[0]! + fractions[1]!) / 2;
      const std = Math.sqrt(((fractions[0]! - mean) ** 2 + (fractions[1]! - mean) ** 2) / 2);
      return Math.floor((1 - std) * MAX_NODE_SCORE);
    },
  } satisfies ScorePlugin;
}
