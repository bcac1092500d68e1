/**
 * NodeResourcesFit: the pod's requests must fit the node's allocatable minus what is requested
 * (filter: `Too many pods`, `Insufficient cpu` …); the score follows the scoring strategy:
 * LeastAllocated (default), MostAllocated or RequestedToCapacityRatio, over weighted resources
 * (cpu and memory, weight 1 each, by default).
 */
import { MAX_NODE_SCORE, unschedulable, type FilterPlugin, type ScorePlugin } from '../framework/interface.js';
import type { NodeInfo, PodInfo } from '../framework/types.js';

export const NAME = 'NodeResourcesFit';
/** Filter reasons: `Too many pods`, `Insufficient <resource>` (one per resource short). */
export const ERR_REASON_TOO_MANY_PODS = 'Too many pods';

export interface ScoringStrategy {
  type: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
  resources: { name: string; weight: number }[];
  /** RequestedToCapacityRatio: points of (utilization 0..100, score 0..10). */
  shape?: { utilization: number; score: number }[];
}

export function defaultStrategy(): ScoringStrategy {
  return { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] };
}

const NONE: string[] = [];

/** Why the pod does not fit: one reason per insufficient resource. */
export function insufficient(pod: PodInfo, node: NodeInfo): string[] {
  const a = node.allocatable;
  const r = node.requested;
  const q = pod.requests;
  // The common case first, without allocating.
  if (r.pods + 1 <= a.pods && r.milliCpu + q.milliCpu <= a.milliCpu && r.memory + q.memory <= a.memory && r.ephemeralStorage + q.ephemeralStorage <= a.ephemeralStorage && !q.scalar.size) return NONE;
  const reasons: string[] = [];
  if (r.pods + 1 > a.pods) reasons.push(ERR_REASON_TOO_MANY_PODS);
  if (q.milliCpu > 0 && r.milliCpu + q.milliCpu > a.milliCpu) reasons.push('Insufficient cpu');
  if (q.memory > 0 && r.memory + q.memory > a.memory) reasons.push('Insufficient memory');
  if (q.ephemeralStorage > 0 && r.ephemeralStorage + q.ephemeralStorage > a.ephemeralStorage) reasons.push('Insufficient ephemeral-storage');
  for (const [k, v] of q.scalar) if (v > 0 && (r.scalar.get(k) ?? 0) + v > (a.scalar.get(k) ?? 0)) reasons.push(`Insufficient ${k}`);
  return reasons;
}

/** Requested (with the non-zero defaults for cpu/memory, as scoring uses) of one resource. */
function requestedOf(pod: PodInfo, node: NodeInfo, resource: string): number {
  switch (resource) {
    case 'cpu':
      return node.nonZeroCpu + pod.nonZeroCpu;
    case 'memory':
      return node.nonZeroMemory + pod.nonZeroMemory;
    case 'ephemeral-storage':
      return node.requested.ephemeralStorage + pod.requests.ephemeralStorage;
    default:
      return (node.requested.scalar.get(resource) ?? 0) + (pod.requests.scalar.get(resource) ?? 0);
  }
}

/** Allocatable of one resource. */
function allocatableOf(node: NodeInfo, resource: string): number {
  switch (resource) {
    case 'cpu':
      return node.allocatable.milliCpu;
    case 'memory':
      return node.allocatable.memory;
    case 'ephemeral-storage':
      return node.allocatable.ephemeralStorage;
    default:
      return node.allocatable.scalar.get(resource) ?? 0;
  }
}

/** Piecewise-linear shape (BuildBrokenLinearFunction, Go integer division), scores scaled from 0..10 to 0..100. */
export function shapeScore(shape: { utilization: number; score: number }[], utilization: number): number {
  const pts = shape.map((p) => ({ u: p.utilization, s: p.score * (MAX_NODE_SCORE / 10) }));
  for (let i = 0; i < pts.length; i++) {
    if (utilization <= pts[i]!.u) {
      if (i === 0) return pts[0]!.s;
      const p0 = pts[i - 1]!;
      const p1 = pts[i]!;
      return p0.s + Math.trunc(((p1.s - p0.s) * (utilization - p0.u)) / (p1.u - p0.u));
    }
  }
  return pts.length ? pts[pts.length - 1]!.s : 0;
}

/** The default RequestedToCapacityRatio shape: 0 % used → 10, 100 % used → 0. */
const DEFAULT_SHAPE = [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }];

/** The node's score under a strategy (resource_allocation.go with the least/most/ratio scorers). */
export function scoreWith(strategy: ScoringStrategy, pod: PodInfo, node: NodeInfo): number {
  let sum = 0;
  let weights = 0;
  const resources = strategy.resources;
  for (let i = 0; i < resources.length; i++) {
    const { name, weight } = resources[i]!;
    const cap = allocatableOf(node, name);
    if (cap === 0) continue;
    const req = requestedOf(pod, node, name);
    if (strategy.type === 'LeastAllocated') sum += (req > cap ? 0 : Math.floor(((cap - req) * MAX_NODE_SCORE) / cap)) * weight;
    else if (strategy.type === 'MostAllocated') sum += Math.floor((Math.min(req, cap) * MAX_NODE_SCORE) / cap) * weight;
    else {
      const s = shapeScore(strategy.shape ?? DEFAULT_SHAPE, req > cap ? 100 : Math.floor((req * 100) / cap));
      // RequestedToCapacityRatio counts only resources that score above zero, and rounds.
      if (s > 0) sum += s * weight;
      else continue;
    }
    weights += weight;
  }
  if (!weights) return 0;
  return strategy.type === 'RequestedToCapacityRatio' ? Math.round(sum / weights) : Math.floor(sum / weights);
}

export function create(args?: Record<string, unknown>): FilterPlugin & ScorePlugin {
  const given = (args?.scoringStrategy ?? {}) as Partial<ScoringStrategy> & { requestedToCapacityRatio?: { shape?: ScoringStrategy['shape'] } };
  const strategy: ScoringStrategy = {
    type: given.type ?? 'LeastAllocated',
    resources: given.resources?.length ? given.resources.map((r) => ({ name: r.name, weight: r.weight ?? 1 })) : defaultStrategy().resources,
    shape: given.shape ?? given.requestedToCapacityRatio?.shape,
  };
  return {
    name: NAME,
    filter(_state, pod, node) {
      const reasons = insufficient(pod, node);
      return reasons.length ? unschedulable(...reasons) : undefined;
    },
    score: (_state, pod, node) => scoreWith(strategy, pod, node),
    scoreNodes(_state, pod, nodes, scores) {
      for (let i = 0; i < nodes.length; i++) scores[i]!.score = scoreWith(strategy, pod, nodes[i]!);
    },
  } satisfies FilterPlugin & ScorePlugin;
}
