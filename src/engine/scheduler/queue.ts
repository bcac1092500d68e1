/**
 * The scheduling queue (internal/queue/scheduling_queue.go): activeQ, a heap ordered by the
 * QueueSort plugin (then by arrival, so equal pods are FIFO); a back-off queue (1 s doubling to
 * 10 s per failed attempt; popped early when activeQ is empty); and the unschedulable pods, which move out when the cluster changes
 * in a way that may help the plugins that rejected them (a node added; a node's labels, taints,
 * cordon or allocatable changed; an assigned pod added, relabelled or deleted; the pod's own
 * labels or tolerations changed), or after 5 minutes there (flushUnschedulablePodsLeftover,
 * every 30 s).
 * Each plugin's interest is the cluster events it registers (EventsToRegister), refined by its
 * QueueingHint, which looks at the pod or node that changed (queueing-hints.ts).
 */
import type { PodInfo } from './framework/types.js';

export const POD_INITIAL_BACKOFF_MS = 1000;
export const POD_MAX_BACKOFF_MS = 10000;
export const POD_MAX_IN_UNSCHEDULABLE_MS = 5 * 60 * 1000;

/** The cluster events that move unschedulable pods (framework ClusterEvent, by resource and action). */
export type ClusterEvent =
  | 'NodeAdd' | 'NodeDelete' | 'NodeLabel' | 'NodeTaint' | 'NodeAllocatable'
  | 'AssignedPodAdd' | 'AssignedPodUpdate' | 'AssignedPodDelete'
  | 'UnscheduledPodLabel' | 'UnscheduledPodToleration';

/**
 * The events each in-tree plugin registers: a pod it rejected is moved only by these. A node's
 * `spec.unschedulable` change counts as a taint change (NodeSpecUnschedulableChange).
 */
const INTERESTS: Record<string, readonly ClusterEvent[]> = {
  NodeUnschedulable: ['NodeAdd', 'NodeTaint', 'UnscheduledPodToleration'],
  NodeName: ['NodeAdd'],
  TaintToleration: ['NodeAdd', 'NodeTaint', 'UnscheduledPodToleration'],
  NodeAffinity: ['NodeAdd', 'NodeLabel'],
  NodePorts: ['NodeAdd', 'AssignedPodDelete'],
  NodeResourcesFit: ['NodeAdd', 'NodeAllocatable', 'AssignedPodDelete'],
  PodTopologySpread: ['NodeAdd', 'NodeDelete', 'NodeLabel', 'NodeTaint', 'AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete', 'UnscheduledPodLabel', 'UnscheduledPodToleration'],
  InterPodAffinity: ['NodeAdd', 'NodeLabel', 'NodeTaint', 'AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete'],
};

/**
 * A plugin's QueueingHint for a pod event: may this change help this pod? (see queueing-hints.ts)
 * Without one, the event alone decides.
 */
export type PodHint = (plugin: string, target: PodInfo) => boolean;

/** May `event` make a pod rejected by `rejectors` schedulable? A pod no plugin rejected moves on any event. */
export function podMatchesEvent(rejectors: ReadonlySet<string> | undefined, event: ClusterEvent, target?: PodInfo, hint?: PodHint): boolean {
  if (!rejectors?.size) return true;
  for (const plugin of rejectors) {
    const interest = INTERESTS[plugin];
    if (!interest) return true;
    if (interest.includes(event) && (!hint || !target || hint(plugin, target))) return true;
  }
  return false;
}

export interface QueuedPod {
  info: PodInfo;
  attempts: number;
  /** When the pod was last found unschedulable (ms). */
  unschedulableSince?: number;
  /** The plugins that rejected it in its last attempt (UnschedulablePlugins). */
  rejectors?: ReadonlySet<string>;
  /** In backoffQ: when its back-off ends (ms). */
  backoffUntil?: number;
}

/** A heap entry: the pod and its arrival order in activeQ (ties of the QueueSort order are FIFO). */
interface Entry {
  q: QueuedPod;
  seq: number;
}

export class SchedulingQueue {
  private heap: Entry[] = [];
  /** The pods in activeQ; heap entries not found here were removed (lazy deletion). */
  private readonly active = new Map<string, Entry>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  private readonly backingOff = new Map<string, QueuedPod>();
  private seq = 0;

  constructor(private readonly lessFn: (a: PodInfo, b: PodInfo) => boolean) {}

  get activeCount(): number {
    return this.active.size;
  }

  /** Pods that pop() can return: activeQ, and backoffQ when activeQ is empty. */
  get pendingCount(): number {
    return this.active.size + this.backingOff.size;
  }

  has(key: string): boolean {
    return this.active.has(key) || this.unschedulable.has(key) || this.backingOff.has(key);
  }

  /** Add to activeQ (from anywhere else it waits). */
  add(q: QueuedPod): void {
    this.remove(q.info.key);
    const e = { q, seq: this.seq++ };
    this.active.set(q.info.key, e);
    this.heap.push(e);
    this.up(this.heap.length - 1);
  }

  /**
   * The first pod of activeQ, removed from the queue. When activeQ is empty, the pod of backoffQ
   * whose back-off ends first is taken without waiting for it (SchedulerPopFromBackoffQ, beta and
   * on by default since 1.33).
   */
  pop(): QueuedPod | undefined {
    while (this.heap.length) {
      const top = this.heap[0]!;
      const last = this.heap.pop()!;
      if (this.heap.length) {
        this.heap[0] = last;
        this.down(0);
      }
      if (this.active.get(top.q.info.key) === top) {
        this.active.delete(top.q.info.key);
        return top.q;
      }
    }
    let first: QueuedPod | undefined;
    for (const q of this.backingOff.values()) if (!first || (q.backoffUntil ?? 0) < (first.backoffUntil ?? 0)) first = q;
    if (first) this.backingOff.delete(first.info.key);
    return first;
  }

  /** Update a queued pod's object (e.g. its status changed) wherever it waits; its place is kept. */
  update(info: PodInfo): void {
    const q = this.active.get(info.key)?.q ?? this.unschedulable.get(info.key) ?? this.backingOff.get(info.key);
    if (q) q.info = { ...info, timestamp: q.info.timestamp };
  }

  remove(key: string): void {
    this.active.delete(key);
    this.unschedulable.delete(key);
    this.backingOff.delete(key);
  }

  /**
   * After a failed attempt. The pod's queue time is refreshed (AddUnschedulableIfNotPresent), so
   * among pods of equal priority it comes after those that arrived before it failed.
   */
  markUnschedulable(q: QueuedPod, now: number): void {
    q.unschedulableSince = now;
    q.info = { ...q.info, timestamp: now };
    this.unschedulable.set(q.info.key, q);
  }

  /** Back-off for a pod that failed `attempts` times. */
  static backoff(attempts: number): number {
    return Math.min(POD_MAX_BACKOFF_MS, POD_INITIAL_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  }

  /**
   * A cluster event may make unschedulable pods schedulable: move out those it may help (with no
   * event: all of them, or only those waiting longer than `minWaitMs`). Returns the pods to
   * re-add after their back-off, with the delay each still has to wait.
   */
  moveAllToActiveOrBackoff(now: number, minWaitMs = 0, event?: ClusterEvent, hint?: PodHint): { q: QueuedPod; delay: number }[] {
    const out: { q: QueuedPod; delay: number }[] = [];
    for (const key of [...this.unschedulable.keys()]) {
      const q = this.unschedulable.get(key)!;
      const waited = now - (q.unschedulableSince ?? now);
      if (minWaitMs > 0 && waited <= minWaitMs) continue;
      if (event && !podMatchesEvent(q.rejectors, event, q.info, hint)) continue;
      out.push(this.moveOut(key, q, waited, now));
    }
    return out;
  }

  /** The pod itself was updated (`events`): if it waits as unschedulable and they may help, move it out. */
  moveUpdated(key: string, now: number, events: readonly ClusterEvent[], hint?: PodHint): { q: QueuedPod; delay: number } | undefined {
    const q = this.unschedulable.get(key);
    if (!q || !events.some((e) => podMatchesEvent(q.rejectors, e, q.info, hint))) return undefined;
    return this.moveOut(key, q, now - (q.unschedulableSince ?? now), now);
  }

  private moveOut(key: string, q: QueuedPod, waited: number, now: number): { q: QueuedPod; delay: number } {
    this.backingOff.set(key, q);
    this.unschedulable.delete(key);
    const delay = Math.max(0, SchedulingQueue.backoff(q.attempts) - waited);
    q.backoffUntil = now + delay;
    return { q, delay };
  }

  /** After its back-off: if still waiting there, move to the active queue. */
  backoffDone(key: string): boolean {
    const q = this.backingOff.get(key);
    if (!q) return false;
    this.backingOff.delete(key);
    this.add(q);
    return true;
  }

  unschedulableCount(): number {
    return this.unschedulable.size;
  }

  private less(a: Entry, b: Entry): boolean {
    if (this.lessFn(a.q.info, b.q.info)) return true;
    if (this.lessFn(b.q.info, a.q.info)) return false;
    return a.seq < b.seq;
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
