/**
 * The scheduling queue: activeQ ordered by the QueueSort plugin, a back-off queue (1 s doubling
 * to 10 s per failed attempt) and the unschedulable pods, which move back when the cluster
 * changes in a way that may help (a node added or changed, a pod deleted) or after 5 minutes.
 */
import type { PodInfo } from './framework/types.js';

export const POD_INITIAL_BACKOFF_MS = 1000;
export const POD_MAX_BACKOFF_MS = 10000;
export const POD_MAX_IN_UNSCHEDULABLE_MS = 5 * 60 * 1000;

export interface QueuedPod {
  info: PodInfo;
  attempts: number;
  /** When the pod was last found unschedulable (ms). */
  unschedulableSince?: number;
}

export class SchedulingQueue {
  private active: QueuedPod[] = [];
  private unschedulable = new Map<string, QueuedPod>();
  private backingOff = new Map<string, QueuedPod>();

  constructor(private readonly less: (a: PodInfo, b: PodInfo) => boolean) {}

  get activeCount(): number {
    return this.active.length;
  }

  has(key: string): boolean {
    return this.active.some((q) => q.info.key === key) || this.unschedulable.has(key) || this.backingOff.has(key);
  }

  add(q: QueuedPod): void {
    this.remove(q.info.key);
    // Insertion into a sorted array; the active queue stays short compared with the cycle cost.
    let lo = 0;
    let hi = this.active.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.less(q.info, this.active[mid]!.info)) hi = mid;
      else lo = mid + 1;
    }
    this.active.splice(lo, 0, q);
  }

  pop(): QueuedPod | undefined {
    return this.active.shift();
  }

  /** Update a queued pod's object (e.g. its labels changed) wherever it waits. */
  update(info: PodInfo): void {
    for (const q of this.active) if (q.info.key === info.key) q.info = { ...info, timestamp: q.info.timestamp };
    const u = this.unschedulable.get(info.key) ?? this.backingOff.get(info.key);
    if (u) u.info = { ...info, timestamp: u.info.timestamp };
  }

  remove(key: string): void {
    const i = this.active.findIndex((q) => q.info.key === key);
    if (i >= 0) this.active.splice(i, 1);
    this.unschedulable.delete(key);
    this.backingOff.delete(key);
  }

  markUnschedulable(q: QueuedPod, now: number): void {
    q.unschedulableSince = now;
    this.unschedulable.set(q.info.key, q);
  }

  /** Back-off for a pod that failed `attempts` times. */
  static backoff(attempts: number): number {
    return Math.min(POD_MAX_BACKOFF_MS, POD_INITIAL_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  }

  /**
   * A cluster event may make unschedulable pods schedulable: move them out. Returns the pods to
   * re-add after their back-off, with the delay each still has to wait.
   */
  moveAllToActiveOrBackoff(now: number): { q: QueuedPod; delay: number }[] {
    const out: { q: QueuedPod; delay: number }[] = [];
    for (const q of this.unschedulable.values()) {
      const waited = now - (q.unschedulableSince ?? now);
      out.push({ q, delay: Math.max(0, SchedulingQueue.backoff(q.attempts) - waited) });
      this.backingOff.set(q.info.key, q);
    }
    this.unschedulable.clear();
    return out;
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
}
