/**
 * The scheduling framework's extension points (kube-scheduler framework/interface.go): a plugin
 * implements only the interfaces it needs and is found at each point through type guards. A
 * result of `undefined` means Success.
 */
import type { NodeInfo, PodInfo } from './types.js';

export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Wait' | 'Skip';

export interface Status {
  code: Code;
  /** The reasons that go into FailedScheduling (`Insufficient cpu`). */
  reasons: string[];
  /** The plugin that returned it (set by the framework). */
  plugin?: string;
}

export function unschedulable(...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons };
}
export function unresolvable(...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons };
}
export function skip(): Status {
  return { code: 'Skip', reasons: [] };
}
export function error(message: string): Status {
  return { code: 'Error', reasons: [message] };
}
export function isSuccess(s: Status | undefined): boolean {
  return !s || s.code === 'Success';
}

/** Scratch data a plugin keeps in the CycleState; `clone` is used when preemption tries nodes. */
export interface StateData {
  clone?(): StateData;
}

/**
 * Per-pod scratch data for one scheduling cycle, keyed by plugin. `skip` holds the plugins whose
 * PreFilter or PreScore returned Skip: their Filter or Score is not run for this pod.
 */
export class CycleState {
  private data = new Map<string, unknown>();
  readonly skipFilter = new Set<string>();
  readonly skipScore = new Set<string>();
  /** The Filter plugins left to run after PreFilter (set by the framework). */
  activeFilters?: FilterPlugin[];
  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  /** A copy for a what-if evaluation (preemption): values with `clone()` are deep-copied. */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, typeof (v as StateData)?.clone === 'function' ? (v as StateData).clone!() : v);
    for (const s of this.skipFilter) c.skipFilter.add(s);
    for (const s of this.skipScore) c.skipScore.add(s);
    return c;
  }
}

/** The extension points, as KubeSchedulerConfiguration names them. */
export const EXTENSION_POINTS = ['queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'permit', 'preBind', 'bind'] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

export interface Plugin {
  readonly name: string;
}

export interface QueueSortPlugin extends Plugin {
  less(a: PodInfo, b: PodInfo): boolean;
}

/** Result of PreFilter: optionally narrows the candidate nodes (e.g. NodeAffinity with a single hostname). */
export interface PreFilterResult {
  nodeNames?: Set<string>;
}

export interface PreFilterPlugin extends Plugin {
  /** A `Skip` status means this plugin's Filter passes every node for this pod. */
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { status?: Status; result?: PreFilterResult } | undefined;
  /**
   * PreFilterExtensions: keep the PreFilter state right when preemption removes (or puts back)
   * a pod on `node` in a what-if evaluation.
   */
  addPod?(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void;
  removePod?(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): void;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined;
}

export interface PostFilterPlugin extends Plugin {
  /**
   * Called when no node fits, with each node's failure. May nominate a node (preemption):
   * `nominatedNode` '' clears a previous nomination. Its message goes in `status.reasons`.
   */
  postFilter(state: CycleState, pod: PodInfo, filtered: ReadonlyMap<string, Status>): { status: Status; nominatedNode?: string; victims?: PodInfo[] };
}

export interface PreScorePlugin extends Plugin {
  /** A `Skip` status means this plugin's Score is not run for this pod. */
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | undefined;
}

export interface NodeScore {
  name: string;
  score: number;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /**
   * Optional: `score` of every node at once, into `scores[i].score` (the same numbers). Hot
   * plugins implement it so a cycle reads their per-cycle state once, not once per node.
   */
  scoreNodes?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: NodeScore[]): void;
  /** Scale the raw scores to 0..100 (in place). */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: NodeScore[]): void;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, node: string): Status | undefined;
  /** Must be idempotent. */
  unreserve(state: CycleState, pod: PodInfo, node: string): void;
}

export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: PodInfo, node: string): Status | undefined;
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, node: string): Status | undefined;
}

export interface BindPlugin extends Plugin {
  /** Returns a Skip status to let the next bind plugin bind. */
  bind(state: CycleState, pod: PodInfo, node: string): Status | undefined;
}

export const MAX_NODE_SCORE = 100;

const has = <K extends string>(k: K) => (p: Plugin): boolean => typeof (p as unknown as Record<string, unknown>)[k] === 'function';
export const isQueueSort = has('less') as (p: Plugin) => p is QueueSortPlugin;
export const isPreFilter = has('preFilter') as (p: Plugin) => p is PreFilterPlugin;
export const isFilter = has('filter') as (p: Plugin) => p is FilterPlugin;
export const isPostFilter = has('postFilter') as (p: Plugin) => p is PostFilterPlugin;
export const isPreScore = has('preScore') as (p: Plugin) => p is PreScorePlugin;
export const isScore = has('score') as (p: Plugin) => p is ScorePlugin;
export const isReserve = has('reserve') as (p: Plugin) => p is ReservePlugin;
export const isPermit = has('permit') as (p: Plugin) => p is PermitPlugin;
export const isPreBind = has('preBind') as (p: Plugin) => p is PreBindPlugin;
export const isBind = has('bind') as (p: Plugin) => p is BindPlugin;
