/**
 * NodeResourcesFit: the pod's requests must fit the node's allocatable minus what is requested
 * (filter: `Too many pods`, `Insufficient cpu` …); the score follows the scoring strategy:
 * LeastAllocated (default), MostAllocated or RequestedToCapacityRatio, over weighted resources
 * (cpu and memory, weight 1 each, by default).
 */
import { MAX_NODE_SCORE, unresolvable, unschedulable, type FilterPlugin, type ScorePlugin } from '../framework/interface.js';
import type { NodeInfo, PodInfo } from '../framework/types.js';

export const NAME = 'NodeResourcesFit';
/**
 * Filter reasons: `Too many pods`, `Insufficient <resource>` (one per resource short). The
 * status is Unschedulable, or UnschedulableAndUnresolvable when a request exceeds the node's
 * whole allocatable (fit.go fitsRequest, InsufficientResource.Unresolvable).
 */
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
  return fitsRequest(pod, node)?.reasons ?? NONE;
}

/**
 * fitsRequest + Filter: undefined when the pod fits; otherwise one reason per insufficient
 * resource, and `unresolvable` when the pod asks for more of a resource than the node has in
 * all (then preemption cannot help: UnschedulableAndUnresolvable, since 1.34).
 */
export function fitsRequest(pod: PodInfo, node: NodeInfo): { reasons: string[]; unresolvable: boolean } | undefined {
  const a = node.allocatable;
  const r = node.requested;
  const q = pod.requests;
  // The common case first, without allocating.
  if (r.pods + 1 <= a.pods && r.milliCpu + q.milliCpu <= a.milliCpu && r.memory + q.memory <= a.memory && r.ephemeralStorage + q.ephemeralStorage <= a.ephemeralStorage && !q.scalar.size) return undefined;
  const reasons: string[] = [];
  let unresolvable = false;
  const short = (reason: string, want: number, used: number, total: number) => {
    if (want <= 0 || want <= total - used) return;
    reasons.push(reason);
    if (want > total) unresolvable = true;
  };
  if (r.pods + 1 > a.pods) reasons.push(ERR_REASON_TOO_MANY_PODS);
  short('Insufficient cpu', q.milliCpu, r.milliCpu, a.milliCpu);
  short('Insufficient memory', q.memory, r.memory, a.memory);
  short('Insufficient ephemeral-storage', q.ephemeralStorage, r.ephemeralStorage, a.ephemeralStorage);
  for (const [k, v] of q.scalar) short(`Insufficient ${k}`, v, r.scalar.get(k) ?? 0, a.scalar.get(k) ?? 0);
  return reasons.length ? { reasons, unresolvable } : undefined;
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
    // An extended resource the pod does not ask for is left out (calculateResourceAllocatableRequest).
    if (name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage' && !pod.requests.scalar.get(name)) continue;
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
      const r = fitsRequest(pod, node);
      if (!r) return undefined;
      return r.unresolvable ? unresolvable(...r.reasons) : unschedulable(...r.reasons);
    },
    score: (_state, pod, node) => scoreWith(strategy, pod, node),
    scoreNodes(_state, pod, nodes, scores) {
      for (let i = 0; i < nodes.length; i++) scores[i]!.score = scoreWith(strategy, pod, nodes[i]!);
    },
  } satisfies FilterPlugin & ScorePlugin;
}
