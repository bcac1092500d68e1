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
import { CycleState, type Status } from './framework/interface.js';
import { podInfo, type NodeInfo, type PodInfo } from './framework/types.js';
import type { SchedulerProfile } from './framework/config.js';
import type { LabelSelector, SchedulerHandle } from './framework/handle.js';
import { Framework } from './framework/runtime.js';
import { inTreeRegistry } from './plugins/index.js';
import { SchedulingQueue, POD_MAX_IN_UNSCHEDULABLE_MS, type ClusterEvent, type PodHint, type QueuedPod } from './queue.js';
import { nodeEventHint, podEventHint, type NodeChange, type PodChange } from './queueing-hints.js';
import { SchedulerCache } from './cache.js';
import { runCycle, type CycleResult } from './cycle.js';
import { fitErrorMessage, NO_NODES_AVAILABLE, truncateMessage } from './messages.js';
import { attemptOf, type ExplainMode } from './attempt.js';
import { filterWithNominated, Nominator } from './nominator.js';

export interface SchedulerOptions {
  /**
   * Record every plugin's verdict on every node for `kscn explain` (costly on big clusters):
   * `true`/'feasible' scores feasible nodes, 'all' scores every node.
   */
  explain: boolean | 'feasible' | 'all';
}

/** How often leftover unschedulable pods are flushed (flushUnschedulablePodsLeftover). */
const FLUSH_PERIOD_MS = 30_000;

export class Scheduler implements SchedulerHandle {
  readonly client: ApiClient;
  readonly framework: Framework;
  readonly cache = new SchedulerCache();
  private readonly nominator = new Nominator();
  private readonly queue: SchedulingQueue;
  private busy = false;
  private nextStartNodeIndex = 0;
  private explain: ExplainMode;

  constructor(
    private readonly env: Env,
    private readonly server: ApiServer,
    readonly profile: SchedulerProfile,
    opts: SchedulerOptions,
  ) {
    this.client = new ApiClient(env, server, 'scheduler', 'system:kube-scheduler', profile.schedulerName);
    this.explain = opts.explain === true ? 'feasible' : opts.explain || false;
    this.framework = new Framework(profile, inTreeRegistry(), this);
    const sort = this.framework.queueSort;
    this.queue = new SchedulingQueue(sort ? (a, b) => sort.less(a, b) : (a, b) => a.timestamp < b.timestamp);
  }

  /** Change how much is recorded for `kscn explain` (before the pods of interest are scheduled). */
  setExplain(mode: ExplainMode): void {
    this.explain = mode;
  }

  // SchedulerHandle ------------------------------------------------------------------------------
  get rng() {
    return this.env.rng;
  }
  get schedulerName(): string {
    return this.profile.schedulerName;
  }
  timestamp(): string {
    return this.env.timestamp();
  }
  nodes(): readonly NodeInfo[] {
    return this.cache.nodes();
  }
  node(name: string): NodeInfo | undefined {
    return this.cache.node(name);
  }
  imageNodeCount(image: string): number {
    return this.cache.imageNodeCount(image);
  }
  podCounter(namespace: string, selector: LabelSelector) {
    return this.cache.podCounter(namespace, selector);
  }
  nodesWithAffinityPods() {
    return this.cache.nodesWithAffinityPods();
  }
  nodesWithRequiredAntiAffinityPods() {
    return this.cache.nodesWithRequiredAntiAffinityPods();
  }
  // The scheduler's informers read the apiserver's watch cache directly (no extra watch messages).
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.server.peek(resource, namespace, name);
  }
  list(resource: string, namespace?: string): KubeObject[] {
    return this.server.list(resource, namespace);
  }
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    return filterWithNominated(this.framework, this.nominator, state, pod, node);
  }
  runPreFilterAddPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void {
    this.framework.runPreFilterAddPod(state, pod, added, node);
  }
  runPreFilterRemovePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): void {
    this.framework.runPreFilterRemovePod(state, pod, removed, node);
  }
  nominatedPodsForNode(node: string): PodInfo[] {
    return this.nominator.podsOn(node);
  }

  // Informers ------------------------------------------------------------------------------------
  /** Start the informers (nodes and pods) and the periodic flush of long-unschedulable pods. */
  start(): void {
    this.client.watch('nodes', (type, node, old) => this.onNode(type, node, old));
    this.client.watch('pods', (type, pod, old) => this.onPod(type, pod, old));
    const flush = () => {
      this.moveUnschedulable(POD_MAX_IN_UNSCHEDULABLE_MS);
      this.env.loop.after(FLUSH_PERIOD_MS, flush, { periodic: true });
    };
    this.env.loop.after(FLUSH_PERIOD_MS, flush, { periodic: true });
  }

  private onNode(type: string, node: KubeObject, old: KubeObject | undefined): boolean {
    if (type === 'DELETED') {
      this.cache.removeNode(node.metadata.name);
      return this.moveUnschedulable(0, 'NodeDelete', this.nodeHint({ old: node }));
    }
    this.cache.upsertNode(node);
    if (type === 'ADDED' || !old) return this.moveUnschedulable(0, 'NodeAdd', this.nodeHint({ new: node }));
    // Only changes that matter for scheduling move pods (nodeSchedulingPropertiesChange): a
    // heartbeat does not.
    let moved = false;
    for (const event of nodeChanges(old, node)) moved = this.moveUnschedulable(0, event, this.nodeHint({ old, new: node })) || moved;
    return moved;
  }

  private onPod(type: string, pod: KubeObject, old: KubeObject | undefined): boolean {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const spec = (pod as any).spec ?? {};
    if (type === 'DELETED' || ['Succeeded', 'Failed'].includes((pod as any).status?.phase)) {
      this.queue.remove(key);
      this.nominator.remove(key);
      if (this.cache.nodeOf(key) === undefined) return false;
      this.cache.removePod(key);
      return this.moveUnschedulable(0, 'AssignedPodDelete', this.podHint({ old: pod }));
    }
    if (spec.nodeName) {
      // A bound pod: account for it on its node (it may have been assumed already).
      this.cache.observeBound(spec.nodeName, pod);
      this.queue.remove(key);
      this.nominator.remove(key);
      // Pods waiting for pod (anti-)affinity or spreading may fit now (AssignedPodAdd, even for
      // the scheduler's own binding; AssignedPodUpdate when its labels changed).
      if (type === 'ADDED' || !(old as any)?.spec?.nodeName) return this.moveUnschedulable(0, 'AssignedPodAdd', this.podHint({ new: pod }));
      if (!sameJson(old!.metadata.labels, pod.metadata.labels)) return this.moveUnschedulable(0, 'AssignedPodUpdate', this.podHint({ old, new: pod }));
      return false;
    }
    if (spec.schedulerName !== this.profile.schedulerName || pod.metadata.deletionTimestamp) return false;
    // PreEnqueue (SchedulingGates): a gated pod is not tried; it is queued once its last gate is removed.
    if ((spec.schedulingGates ?? []).length) {
      this.queue.remove(key);
      return false;
    }
    if (type === 'MODIFIED' && old && this.queue.has(key)) {
      this.queue.update(podInfo(pod));
      // A nomination taken away through the API ends the in-memory one (UpdateNominatedPod).
      if ((old as any).status?.nominatedNodeName && !(pod as any).status?.nominatedNodeName) this.nominator.remove(key);
      // The pod itself changed in a way its rejectors care about (PodSchedulingPropertiesChange):
      // try it again. The scheduler's own status writes change neither.
      const events: ClusterEvent[] = [];
      if (!sameJson(old.metadata.labels, pod.metadata.labels)) events.push('UnscheduledPodLabel');
      if (!sameJson((old as any).spec?.tolerations, spec.tolerations)) events.push('UnscheduledPodToleration');
      const moved = events.length ? this.queue.moveUpdated(key, this.env.loop.now, events, this.podHint({ old, new: pod })) : undefined;
      if (moved) this.afterBackoff(moved.q, moved.delay);
      return !!moved;
    }
    if (this.cache.nodeOf(key) !== undefined) return false; // assumed, binding in flight
    this.queue.add({ info: podInfo(pod, this.env.loop.now), attempts: 0 });
    this.kick();
    return true;
  }

  /**
   * Move unschedulable pods that `event` may help (without one: those waiting longer than
   * `minWaitMs`) to back-off, then to activeQ.
   */
  private moveUnschedulable(minWaitMs: number, event?: ClusterEvent, hint?: PodHint): boolean {
    const moved = this.queue.moveAllToActiveOrBackoff(this.env.loop.now, minWaitMs, event, hint);
    for (const { q, delay } of moved) this.afterBackoff(q, delay);
    return moved.length > 0;
  }

  /** A pod entered backoffQ: it waits there, but is popped at once if activeQ is empty. */
  private afterBackoff(q: QueuedPod, delay: number): void {
    this.env.loop.after(delay, () => {
      if (this.queue.backoffDone(q.info.key)) this.kick();
    });
    this.kick();
  }

  private podHint(change: PodChange): PodHint {
    return (plugin, target) => podEventHint(plugin, target, change, this);
  }

  private nodeHint(change: NodeChange): PodHint {
    return (plugin, target) => nodeEventHint(plugin, target, change, this, this.profile.pluginArgs);
  }

  private kick(): void {
    if (this.busy || this.queue.pendingCount === 0) return;
    this.busy = true;
    this.env.loop.after(this.env.latency.scheduler, () => {
      this.busy = false;
      const q = this.queue.pop();
      if (q) this.scheduleOne(q);
      this.kick();
    });
  }

  // The scheduling cycle -------------------------------------------------------------------------
  /** One scheduling cycle (schedule_one.go), then the binding cycle through the apiserver. */
  private scheduleOne(q: QueuedPod): void {
    const pod = q.info;
    const state = new CycleState();
    const r = runCycle(this.framework, this, this.nominator, state, pod, this.profile.percentageOfNodesToScore, this.nextStartNodeIndex, this.explain);
    this.nextStartNodeIndex = r.nextStartNodeIndex;
    if (!r.selected) return this.unschedulable(q, state, r);
    const selected = r.selected;
    if (r.explanation) this.env.rec.scheduling(attemptOf(pod.key, selected.name, null, this.nodes(), new Set(r.feasible.map((n) => n.name)), r.failed, r.explanation));
    const top = r.ranked.slice(0, 3);
    const scoreText = r.feasible.length > 1 ? ` · score ${top.map(([n, s]) => `${n} ${s}`).join(', ')}${r.feasible.length > 3 ? ', …' : ''}` : '';
    if (this.env.rec.recording) this.env.rec.note(['scheduler'], `queue: ${pod.pod.metadata.name} (priority ${pod.priority}) · filter ${r.feasible.length}/${this.nodes().length} nodes fit${scoreText} → ${selected.name}`, 'decision');

    // Reserve, Permit, PreBind; the pod is assumed on the node so the next cycle sees it.
    const fw = this.framework;
    for (const p of fw.reserve) p.reserve(state, pod, selected.name);
    for (const p of fw.permit) p.permit(state, pod, selected.name);
    for (const p of fw.preBind) p.preBind(state, pod, selected.name);
    this.cache.addPod(selected.name, pod);
    for (const p of fw.bind) if (p.bind(state, pod, selected.name)?.code !== 'Skip') break;
    this.bind(q, selected.name);
  }

  private unschedulable(q: QueuedPod, state: CycleState, r: CycleResult): void {
    const pod = q.info;
    let postFilterMsg: string | undefined;
    let nominated: string | undefined;
    // With no node at all there is no FitError and no PostFilter; the nomination is cleared.
    if (r.noNodes) nominated = '';
    else ({ message: postFilterMsg, nominatedNode: nominated } = this.framework.runPostFilter(state, pod, r.failed));
    if (nominated !== undefined) this.nominator.set(pod, nominated);
    const message = r.noNodes ? NO_NODES_AVAILABLE : fitErrorMessage(this.nodes().length, r.failed, r.preFilterMsg, postFilterMsg);
    if (r.explanation) this.env.rec.scheduling(attemptOf(pod.key, null, message, this.nodes(), new Set(), r.failed, r.explanation));
    if (this.env.rec.recording) this.env.rec.note(['scheduler'], `queue: ${pod.pod.metadata.name} (priority ${pod.priority}) · ${message}${nominated ? ` · nominated ${nominated}` : ''}`, 'decision');
    q.attempts++;
    q.rejectors = rejectorsOf(r);
    // The Event's note is truncated; the PodScheduled condition keeps the whole message.
    this.client.event({ involved: pod.pod, type: 'Warning', reason: 'FailedScheduling', message: truncateMessage(message), action: 'Scheduling' });
    // updatePod: UpdatePodCondition keeps lastTransitionTime while the status stays False, and
    // nothing is written when neither the condition nor the nomination changed.
    const conditions = ((pod.pod as any).status?.conditions ?? []) as any[];
    const prev = conditions.find((c) => c.type === 'PodScheduled');
    const lastTransitionTime = prev?.status === 'False' ? prev.lastTransitionTime : this.env.timestamp();
    const condition = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime, reason: 'Unschedulable', message };
    const conditionChanged = !prev || prev.status !== 'False' || prev.reason !== 'Unschedulable' || prev.message !== message || prev.lastTransitionTime !== lastTransitionTime;
    const hadNomination = (pod.pod as any).status?.nominatedNodeName ?? '';
    const nominationChanged = nominated !== undefined && nominated !== hadNomination;
    if (!conditionChanged && !nominationChanged) {
      this.queue.markUnschedulable(q, this.env.loop.now);
      return;
    }
    const status: Record<string, unknown> = { conditions: prev ? conditions.map((c) => (c === prev ? condition : c)) : [...conditions, condition] };
    if (nominationChanged) status.nominatedNodeName = nominated || null;
    const attrs: Record<string, string> = { reason: 'Unschedulable', ...(nominated ? { nominatedNodeName: nominated } : {}) };
    const label = `PATCH pods/${pod.pod.metadata.name}/status PodScheduled=False (Unschedulable)${nominated ? ` nominatedNodeName=${nominated}` : ''}`;
    this.client.request({ verb: 'status', resource: 'pods', namespace: pod.pod.metadata.namespace, name: pod.pod.metadata.name, body: { status }, attrs, label });
    this.queue.markUnschedulable(q, this.env.loop.now);
  }

  private bind(q: QueuedPod, node: string): void {
    const pod = q.info.pod;
    this.client.request({ verb: 'bind', resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name, body: { node } }, (res) => {
      if (res.code < 300) {
        this.client.event({ involved: pod, type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`, action: 'Binding' });
        return;
      }
      // Binding failed: forget the assumed pod and try again after a back-off (unless it is gone).
      this.cache.removePod(q.info.key);
      if (res.code === 404) return;
      q.attempts++;
      this.env.loop.after(SchedulingQueue.backoff(q.attempts), () => {
        if (this.cache.nodeOf(q.info.key) === undefined) {
          this.queue.add(q);
          this.kick();
        }
      });
    });
  }
}

/** The plugins that rejected the pod in a cycle (Diagnosis.UnschedulablePlugins). */
function rejectorsOf(r: CycleResult): Set<string> {
  const out = new Set<string>();
  if (r.preFilterPlugin) out.add(r.preFilterPlugin);
  for (const st of r.failed.values()) if (st.plugin) out.add(st.plugin);
  return out;
}

/** The scheduling-relevant changes of a node update, as cluster events (nodeSchedulingPropertiesChange). */
function nodeChanges(old: KubeObject, node: KubeObject): ClusterEvent[] {
  const a = old as any;
  const b = node as any;
  const events: ClusterEvent[] = [];
  if (!sameJson(a.spec?.taints ?? [], b.spec?.taints ?? []) || !!a.spec?.unschedulable !== !!b.spec?.unschedulable) events.push('NodeTaint');
  if (!sameJson(a.metadata?.labels, b.metadata?.labels)) events.push('NodeLabel');
  if (!sameJson(a.status?.allocatable, b.status?.allocatable)) events.push('NodeAllocatable');
  return events;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
}
