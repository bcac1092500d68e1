/**
 * The framework runtime (frameworkruntime.frameworkImpl): the profile's plugins sorted by
 * extension point, and the Run…Plugins helpers the scheduling cycle calls. It keeps the Skip
 * semantics (a PreFilter Skip skips that plugin's Filter, a PreScore Skip its Score) and clamps
 * normalized scores to 0..MaxNodeScore before weighting.
 */
import {
  isBind, isFilter, isPermit, isPostFilter, isPreBind, isPreFilter, isPreScore, isQueueSort, isReserve, isScore, isSuccess,
  MAX_NODE_SCORE, type BindPlugin, type CycleState, type ExtensionPoint, type FilterPlugin, type NodeScore, type PermitPlugin,
  type Plugin, type PostFilterPlugin, type PreBindPlugin, type PreFilterPlugin, type PreScorePlugin, type QueueSortPlugin,
  type ReservePlugin, type ScorePlugin, type Status,
} from './interface.js';
import type { NodeInfo, PodInfo } from './types.js';
import { enabledAt, type SchedulerProfile } from './config.js';
import type { Registry } from './registry.js';
import type { SchedulerHandle } from './handle.js';

/** One plugin's verdict on one node, for `kscn explain`. */
export interface FilterVerdict {
  plugin: string;
  code: string;
  reasons: string[];
}

/** One plugin's score of one node, for `kscn explain`. */
export interface ScoreEntry {
  plugin: string;
  raw: number;
  normalized: number;
  weight: number;
}

export class Framework {
  readonly queueSort?: QueueSortPlugin;
  readonly preFilter: PreFilterPlugin[] = [];
  readonly filter: FilterPlugin[] = [];
  readonly postFilter: PostFilterPlugin[] = [];
  readonly preScore: PreScorePlugin[] = [];
  readonly score: ScorePlugin[] = [];
  readonly reserve: ReservePlugin[] = [];
  readonly permit: PermitPlugin[] = [];
  readonly preBind: PreBindPlugin[] = [];
  readonly bind: BindPlugin[] = [];
  readonly weights = new Map<string, number>();
  private scoreBuffer: NodeScore[] = [];
  private totalsBuffer = new Float64Array(0);

  constructor(profile: SchedulerProfile, registry: Registry, handle: SchedulerHandle) {
    for (const setting of profile.plugins) {
      const factory = registry.get(setting.name);
      if (!factory) continue; // Checked when the configuration is read; unknown names never reach here.
      const p: Plugin = factory(profile.pluginArgs[setting.name], handle);
      const at = (point: ExtensionPoint) => enabledAt(setting, point);
      if (isQueueSort(p) && at('queueSort')) (this as { queueSort?: QueueSortPlugin }).queueSort ??= p;
      if (isPreFilter(p) && at('preFilter')) this.preFilter.push(p);
      if (isFilter(p) && at('filter')) this.filter.push(p);
      if (isPostFilter(p) && at('postFilter')) this.postFilter.push(p);
      if (isPreScore(p) && at('preScore')) this.preScore.push(p);
      if (isScore(p) && at('score')) {
        this.score.push(p);
        this.weights.set(p.name, setting.weight ?? 1);
      }
      if (isReserve(p) && at('reserve')) this.reserve.push(p);
      if (isPermit(p) && at('permit')) this.permit.push(p);
      if (isPreBind(p) && at('preBind')) this.preBind.push(p);
      if (isBind(p) && at('bind')) this.bind.push(p);
    }
  }

  /** RunPreFilterPlugins: the first rejection's message, and the nodes a PreFilter narrowed to. */
  runPreFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { rejected?: Status; nodeNames?: Set<string>; narrowedBy?: string[] } {
    state.activeFilters = undefined;
    let nodeNames: Set<string> | undefined;
    const narrowedBy: string[] = [];
    for (const p of this.preFilter) {
      const r = p.preFilter(state, pod, nodes);
      if (r?.status?.code === 'Skip') {
        state.skipFilter.add(p.name);
        continue;
      }
      if (r?.status && !isSuccess(r.status)) return { rejected: { ...r.status, plugin: p.name } };
      const names = r?.result?.nodeNames;
      if (names) {
        narrowedBy.push(p.name);
        nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => names.has(n))) : names;
        if (!nodeNames.size) {
          const msg = narrowedBy.length === 1 ? `node(s) didn't satisfy plugin ${narrowedBy[0]}` : `node(s) didn't satisfy plugin(s) [${narrowedBy.join(' ')}] simultaneously`;
          return { rejected: { code: 'UnschedulableAndUnresolvable', reasons: [msg], plugin: p.name } };
        }
      }
    }
    return nodeNames ? { nodeNames, narrowedBy: narrowedBy.sort() } : {};
  }

  /**
   * RunFilterPlugins: the first failure (the decision stops there), or undefined. With
   * `verdicts` every plugin is asked and its verdict recorded, for explanation.
   */
  runFilters(state: CycleState, pod: PodInfo, node: NodeInfo, verdicts?: FilterVerdict[]): Status | undefined {
    if (!verdicts) {
      // The decision: only the plugins PreFilter did not skip, stopping at the first failure.
      const active = (state.activeFilters ??= this.filter.filter((p) => !state.skipFilter.has(p.name)));
      for (let i = 0; i < active.length; i++) {
        const p = active[i]!;
        const st = p.filter(state, pod, node);
        if (st !== undefined && st.code !== 'Success') return { ...st, plugin: p.name };
      }
      return undefined;
    }
    let first: Status | undefined;
    for (const p of this.filter) {
      if (state.skipFilter.has(p.name)) {
        verdicts.push({ plugin: p.name, code: 'Success', reasons: [] });
        continue;
      }
      const st = p.filter(state, pod, node);
      const failed = st !== undefined && st.code !== 'Success';
      if (failed && !first) first = { ...st, plugin: p.name };
      verdicts.push({ plugin: p.name, code: st?.code ?? 'Success', reasons: st?.reasons ?? [] });
    }
    return first;
  }

  runPreFilterAddPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void {
    for (const p of this.preFilter) if (!state.skipFilter.has(p.name)) p.addPod?.(state, pod, added, node);
  }

  runPreFilterRemovePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): void {
    for (const p of this.preFilter) if (!state.skipFilter.has(p.name)) p.removePod?.(state, pod, removed, node);
  }

  /**
   * RunPostFilterPlugins: a plugin's success (or nomination) ends the run with no message; an
   * UnschedulableAndUnresolvable status ends it with that plugin's reasons only; otherwise every
   * plugin's reasons are gathered, in order, into one message (`no new claims to deallocate,
   * preemption: …`). `nominatedNode` '' clears a nomination.
   */
  runPostFilter(state: CycleState, pod: PodInfo, failed: ReadonlyMap<string, Status>): { message?: string; nominatedNode?: string } {
    let reasons: string[] = [];
    let nominatedNode: string | undefined;
    for (const p of this.postFilter) {
      const res = p.postFilter(state, pod, failed);
      if (res.nominatedNode !== undefined) nominatedNode = res.nominatedNode;
      if (res.status.code === 'Success' || res.nominatedNode) return { nominatedNode };
      if (res.status.code === 'UnschedulableAndUnresolvable') {
        reasons = [...res.status.reasons];
        break;
      }
      reasons.push(...res.status.reasons);
    }
    return { message: reasons.length ? reasons.join(', ') : undefined, nominatedNode };
  }

  runPreScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): void {
    for (const p of this.preScore) {
      const st = p.preScore(state, pod, nodes);
      if (st?.code === 'Skip') state.skipScore.add(p.name);
    }
  }

  /**
   * RunScorePlugins + NormalizeScore + weights: the weighted total per node (same order as
   * `nodes`). With `entries`, each node's per-plugin raw, normalized and weighted scores.
   */
  runScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], entries?: ScoreEntry[][]): Float64Array {
    // The decision's totals reuse one buffer (read before the next cycle); an explanation gets its own.
    let totals: Float64Array;
    if (entries) totals = new Float64Array(nodes.length);
    else {
      if (this.totalsBuffer.length !== nodes.length) this.totalsBuffer = new Float64Array(nodes.length);
      totals = this.totalsBuffer;
      totals.fill(0);
    }
    // One array of NodeScores reused across cycles of the same size (the usual case at scale).
    let scores = this.scoreBuffer;
    if (scores.length !== nodes.length) this.scoreBuffer = scores = nodes.map((n) => ({ name: n.name, score: 0 }));
    else for (let i = 0; i < nodes.length; i++) scores[i]!.name = nodes[i]!.name;
    for (const p of this.score) {
      const w = this.weights.get(p.name) ?? 1;
      const skipped = state.skipScore.has(p.name);
      if (skipped && !entries) continue; // Adds 0 to every total.
      if (skipped) for (let i = 0; i < nodes.length; i++) scores[i]!.score = 0;
      else if (p.scoreNodes) p.scoreNodes(state, pod, nodes, scores);
      else for (let i = 0; i < nodes.length; i++) scores[i]!.score = p.score(state, pod, nodes[i]!);
      const raw = entries ? scores.map((s) => s.score) : undefined;
      if (!skipped) p.normalizeScore?.(state, pod, scores);
      for (let i = 0; i < nodes.length; i++) {
        const v = Math.max(0, Math.min(MAX_NODE_SCORE, scores[i]!.score));
        totals[i]! += v * w;
        entries?.[i]!.push({ plugin: p.name, raw: raw![i]!, normalized: v, weight: w });
      }
    }
    return totals;
  }
}
