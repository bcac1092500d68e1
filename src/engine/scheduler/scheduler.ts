/**
 * kube-scheduler: watches pods and nodes through the apiserver, keeps its cache of NodeInfos,
 * takes one pod at a time from the scheduling queue and runs the framework's extension points
 * (PreFilter, Filter, PostFilter, PreScore, Score, NormalizeScore, Reserve, Permit, PreBind,
 * Bind), then binds through the apiserver (POST pods/NAME/binding).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Env } from '../env.js';
import type { KubeObject } from '../../trace/types.js';
import type { ApiServer } from '../apiserver/server.js';
import { ApiClient } from '../apiserver/client.js';
import {
  CycleState, isBind, isFilter, isPermit, isPostFilter, isPreBind, isPreFilter, isPreScore, isQueueSort, isReserve, isScore,
  isSuccess, MAX_NODE_SCORE, type FilterPlugin, type NodeScore, type Plugin, type ScorePlugin, type Status,
} from './framework/interface.js';
import { NodeInfo, podInfo, type PodInfo } from './framework/types.js';
import type { SchedulerProfile } from './framework/config.js';
import type { SchedulerHandle } from './framework/handle.js';
import { inTreeRegistry } from './plugins/index.js';
import { SchedulingQueue, type QueuedPod } from './queue.js';
import { fitErrorMessage, numFeasibleNodesToFind } from './messages.js';

export interface SchedulerOptions {
  /** Record every plugin's verdict on every node for `kscn explain` (costly on big clusters). */
  explain: boolean;
}

export class Scheduler implements SchedulerHandle {
  private readonly client: ApiClient;
  private readonly plugins: Plugin[] = [];
  private readonly weights = new Map<string, number>();
  private readonly queue: SchedulingQueue;
  private readonly nodeInfos = new Map<string, NodeInfo>();
  private nodeList: NodeInfo[] = [];
  /** Where each known assigned pod is (bound or assumed). */
  private readonly assigned = new Map<string, string>();
  private busy = false;
  private nextStartNodeIndex = 0;

  constructor(
    private readonly env: Env,
    server: ApiServer,
    readonly profile: SchedulerProfile,
    private readonly opts: SchedulerOptions,
  ) {
    this.client = new ApiClient(env, server, 'scheduler', 'system:kube-scheduler', profile.schedulerName);
    const registry = inTreeRegistry();
    for (const p of profile.plugins) {
      const factory = registry.get(p.name);
      if (!factory) continue; // Checked when the configuration is read; unknown names never reach here.
      const plugin = factory(profile.pluginArgs[p.name], this);
      this.plugins.push(plugin);
      if (isScore(plugin)) this.weights.set(plugin.name, p.weight ?? 1);
    }
    const sort = this.plugins.find(isQueueSort);
    this.queue = new SchedulingQueue(sort ? (a, b) => sort.less(a, b) : (a, b) => a.timestamp < b.timestamp);
  }

  get rng() {
    return this.env.rng;
  }

  nodes(): readonly NodeInfo[] {
    return this.nodeList;
  }

  node(name: string): NodeInfo | undefined {
    return this.nodeInfos.get(name);
  }

  /** Start the informers: nodes and pods. */
  start(): void {
    this.client.watch('nodes', (type, node) => this.onNode(type, node), { hidden: undefined });
    this.client.watch('pods', (type, pod, old) => this.onPod(type, pod, old));
  }

  private onNode(type: string, node: KubeObject): boolean {
    const name = node.metadata.name;
    if (type === 'DELETED') {
      this.nodeInfos.delete(name);
      this.nodeList = this.nodeList.filter((n) => n.name !== name);
      return false;
    }
    const info = this.nodeInfos.get(name);
    if (info) info.setNode(node);
    else {
      const ni = new NodeInfo(node);
      this.nodeInfos.set(name, ni);
      this.nodeList.push(ni);
    }
    return this.retryUnschedulable();
  }

  private onPod(type: string, pod: KubeObject, old: KubeObject | undefined): boolean {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const spec = (pod as any).spec ?? {};
    if (type === 'DELETED' || ['Succeeded', 'Failed'].includes((pod as any).status?.phase)) {
      this.queue.remove(key);
      const node = this.assigned.get(key);
      if (node) {
        this.nodeInfos.get(node)?.removePod(key);
        this.assigned.delete(key);
        return this.retryUnschedulable();
      }
      return false;
    }
    if (spec.nodeName) {
      // A bound pod: account for it on its node (it may have been assumed already).
      if (this.assigned.get(key) !== spec.nodeName) {
        const prev = this.assigned.get(key);
        if (prev) this.nodeInfos.get(prev)?.removePod(key);
        this.nodeInfos.get(spec.nodeName)?.addPod(podInfo(pod));
        this.assigned.set(key, spec.nodeName);
      }
      this.queue.remove(key);
      return false;
    }
    if (spec.schedulerName !== this.profile.schedulerName || pod.metadata.deletionTimestamp) return false;
    if (type === 'MODIFIED' && old && this.queue.has(key)) {
      this.queue.update(podInfo(pod));
      return false;
    }
    if (this.assigned.has(key)) return false; // assumed, binding in flight
    this.queue.add({ info: podInfo(pod, this.env.loop.now), attempts: 0 });
    this.kick();
    return true;
  }

  private retryUnschedulable(): boolean {
    const moved = this.queue.moveAllToActiveOrBackoff(this.env.loop.now);
    for (const { q, delay } of moved) {
      this.env.loop.after(delay, () => {
        if (this.queue.backoffDone(q.info.key)) this.kick();
      });
    }
    return moved.length > 0;
  }

  private kick(): void {
    if (this.busy || this.queue.activeCount === 0) return;
    this.busy = true;
    this.env.loop.after(this.env.latency.scheduler, () => {
      this.busy = false;
      const q = this.queue.pop();
      if (q) this.scheduleOne(q);
      this.kick();
    });
  }

  /** One scheduling cycle (schedule_one.go), then the binding cycle through the apiserver. */
  private scheduleOne(q: QueuedPod): void {
    const pod = q.info;
    const state = new CycleState();
    const all = this.nodeList;
    const explain = this.opts.explain;
    const filterPlugins = this.plugins.filter(isFilter);
    const scorePlugins = this.plugins.filter(isScore);

    // PreFilter.
    let candidates: readonly NodeInfo[] = all;
    let preFilterMsg: string | undefined;
    for (const p of this.plugins.filter(isPreFilter)) {
      const r = p.preFilter(state, pod, all);
      if (r?.status && !isSuccess(r.status) && r.status.code !== 'Skip') {
        preFilterMsg = r.status.reasons.join(', ');
        break;
      }
      if (r?.result?.nodeNames) candidates = candidates.filter((n) => r.result!.nodeNames!.has(n.name));
    }

    // Filter, starting where the last cycle stopped, until enough feasible nodes are found.
    const feasible: NodeInfo[] = [];
    const failed = new Map<string, Status>();
    const explained = new Map<string, { plugin: string; code: string; reasons: string[] }[]>();
    if (!preFilterMsg) {
      const want = numFeasibleNodesToFind(this.profile.percentageOfNodesToScore, candidates.length, scorePlugins.length > 0);
      const n = candidates.length;
      let processed = 0;
      for (let i = 0; i < n && feasible.length < want; i++) {
        const node = candidates[(this.nextStartNodeIndex + i) % n]!;
        processed++;
        const st = this.runFilters(filterPlugins, state, pod, node, explain ? explained : undefined);
        if (st) failed.set(node.name, st);
        else feasible.push(node);
      }
      this.nextStartNodeIndex = n ? (this.nextStartNodeIndex + processed) % n : 0;
    }

    if (!feasible.length) return this.unschedulable(q, state, all.length, failed, preFilterMsg, explained);

    // Score.
    const totals = new Map<string, number>(feasible.map((n) => [n.name, 0]));
    const perPlugin = new Map<string, { plugin: string; raw: number; normalized: number; weight: number }[]>();
    if (feasible.length > 1 || explain) {
      for (const p of this.plugins.filter(isPreScore)) p.preScore(state, pod, feasible);
      for (const p of scorePlugins) this.runScore(p, state, pod, feasible, totals, explain ? perPlugin : undefined);
    }
    const selected = this.selectHost(feasible, totals);

    if (explain) this.recordAttempt(pod, selected.name, null, all, failed, feasible, totals, perPlugin, explained);
    const top = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3);
    const scoreText = feasible.length > 1 ? ` · score ${top.map(([n, s]) => `${n} ${s}`).join(', ')}${totals.size > 3 ? ', …' : ''}` : '';
    this.env.rec.note(['scheduler'], `queue: ${pod.pod.metadata.name} (priority ${pod.priority}) · filter ${feasible.length}/${all.length} nodes fit${scoreText} → ${selected.name}`, 'decision');

    // Reserve, Permit, PreBind; the pod is assumed on the node so the next cycle sees it.
    for (const p of this.plugins.filter(isReserve)) p.reserve(state, pod, selected.name);
    for (const p of this.plugins.filter(isPermit)) p.permit(state, pod, selected.name);
    for (const p of this.plugins.filter(isPreBind)) p.preBind(state, pod, selected.name);
    selected.addPod(pod);
    this.assigned.set(pod.key, selected.name);
    for (const p of this.plugins.filter(isBind)) {
      const st = p.bind(state, pod, selected.name);
      if (st?.code === 'Skip') continue;
      break;
    }
    this.bind(q, state, selected.name);
  }

  private runFilters(plugins: FilterPlugin[], state: CycleState, pod: PodInfo, node: NodeInfo, explained?: Map<string, { plugin: string; code: string; reasons: string[] }[]>): Status | undefined {
    let first: Status | undefined;
    const verdicts: { plugin: string; code: string; reasons: string[] }[] = [];
    for (const p of plugins) {
      // The decision stops at the first failure; for explanation every plugin is asked.
      if (first && !explained) break;
      const st = p.filter(state, pod, node);
      if (st && !isSuccess(st)) {
        st.plugin = p.name;
        first ??= st;
      }
      verdicts.push({ plugin: p.name, code: st?.code ?? 'Success', reasons: st?.reasons ?? [] });
    }
    explained?.set(node.name, verdicts);
    return first;
  }

  private runScore(p: ScorePlugin, state: CycleState, pod: PodInfo, nodes: NodeInfo[], totals: Map<string, number>, perPlugin?: Map<string, { plugin: string; raw: number; normalized: number; weight: number }[]>): void {
    const scores: NodeScore[] = nodes.map((n) => ({ name: n.name, score: p.score(state, pod, n) }));
    const raw = scores.map((s) => s.score);
    p.normalizeScore?.(state, pod, scores);
    const w = this.weights.get(p.name) ?? 1;
    scores.forEach((s, i) => {
      const v = Math.max(0, Math.min(MAX_NODE_SCORE, s.score));
      totals.set(s.name, (totals.get(s.name) ?? 0) + v * w);
      if (perPlugin) {
        const list = perPlugin.get(s.name) ?? perPlugin.set(s.name, []).get(s.name)!;
        list.push({ plugin: p.name, raw: raw[i]!, normalized: v, weight: w });
      }
    });
  }

  /** The highest total wins; ties are broken uniformly at random (seeded). */
  private selectHost(feasible: NodeInfo[], totals: Map<string, number>): NodeInfo {
    let best: NodeInfo[] = [];
    let max = -Infinity;
    for (const n of feasible) {
      const s = totals.get(n.name) ?? 0;
      if (s > max) {
        max = s;
        best = [n];
      } else if (s === max) best.push(n);
    }
    return best.length === 1 ? best[0]! : best[this.env.rng.int(best.length)]!;
  }

  private unschedulable(q: QueuedPod, state: CycleState, numAll: number, failed: Map<string, Status>, preFilterMsg: string | undefined, explained: Map<string, { plugin: string; code: string; reasons: string[] }[]>): void {
    const pod = q.info;
    let postFilterMsg: string | undefined;
    for (const p of this.plugins.filter(isPostFilter)) {
      const r = p.postFilter(state, pod, failed);
      if (r.status.reasons.length) postFilterMsg = r.status.reasons.join(', ');
      if (r.nominatedNode) break;
    }
    const message = fitErrorMessage(numAll, failed, preFilterMsg, postFilterMsg);
    if (this.opts.explain) this.recordAttempt(pod, null, message, this.nodeList, failed, [], new Map(), new Map(), explained);
    this.env.rec.note(['scheduler'], `queue: ${pod.pod.metadata.name} (priority ${pod.priority}) · ${message}`, 'decision');
    q.attempts++;
    this.client.event({ involved: pod.pod, type: 'Warning', reason: 'FailedScheduling', message });
    const condition = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: this.env.timestamp(), reason: 'Unschedulable', message };
    const conditions = [...(((pod.pod as any).status?.conditions ?? []) as any[]).filter((c) => c.type !== 'PodScheduled'), condition];
    this.client.request({ verb: 'status', resource: 'pods', namespace: pod.pod.metadata.namespace, name: pod.pod.metadata.name, body: { status: { conditions } }, attrs: { reason: 'Unschedulable' }, label: `PATCH pods/${pod.pod.metadata.name}/status PodScheduled=False (Unschedulable)` });
    this.queue.markUnschedulable(q, this.env.loop.now);
  }

  private bind(q: QueuedPod, _state: CycleState, node: string): void {
    const pod = q.info.pod;
    this.client.request({ verb: 'bind', resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name, body: { node } }, (res) => {
      if (res.code < 300) {
        this.client.event({ involved: pod, type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}` });
        return;
      }
      // Binding failed: forget the assumed pod and try again after a back-off (unless it is gone).
      this.nodeInfos.get(node)?.removePod(q.info.key);
      this.assigned.delete(q.info.key);
      if (res.code === 404) return;
      q.attempts++;
      this.env.loop.after(SchedulingQueue.backoff(q.attempts), () => {
        if (!this.assigned.has(q.info.key)) {
          this.queue.add(q);
          this.kick();
        }
      });
    });
  }

  private recordAttempt(pod: PodInfo, selected: string | null, message: string | null, all: readonly NodeInfo[], failed: Map<string, Status>, feasible: NodeInfo[], totals: Map<string, number>, perPlugin: Map<string, { plugin: string; raw: number; normalized: number; weight: number }[]>, explained: Map<string, { plugin: string; code: string; reasons: string[] }[]>): void {
    const feasibleSet = new Set(feasible.map((n) => n.name));
    this.env.rec.scheduling({
      pod: pod.key,
      selected,
      message,
      nodes: all.map((n) => ({
        node: n.name,
        feasible: feasibleSet.has(n.name),
        filter: explained.get(n.name) ?? (failed.has(n.name) ? [{ plugin: failed.get(n.name)!.plugin ?? '', code: failed.get(n.name)!.code, reasons: failed.get(n.name)!.reasons }] : []),
        score: perPlugin.get(n.name) ?? [],
        total: totals.get(n.name) ?? 0,
      })),
    });
  }
}
