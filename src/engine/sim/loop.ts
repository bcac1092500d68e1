/**
 * The discrete-event loop: one queue of timers ordered by simulated time, then by insertion
 * order, so equal times run in the order they were scheduled (determinism).
 *
 * A timer is either *work* (it keeps a step alive: a message in flight, a back-off, a pull) or
 * *periodic* (heartbeats, resyncs: they run while a step is alive but do not keep it alive).
 * The cluster has settled when no work timer is pending.
 */

export interface Timer {
  readonly at: number;
  readonly periodic: boolean;
  cancelled: boolean;
}

interface Entry extends Timer {
  order: number;
  fn: () => void;
}

export class EventLoop {
  /** Simulated time, in ms since the start of the simulation. */
  now = 0;
  /** How many timers have run (for the per-step event cap). */
  executed = 0;
  private heap: Entry[] = [];
  private order = 0;
  private work = 0;

  /** Run `fn` at absolute simulated time `at` (never earlier than now). */
  at(at: number, fn: () => void, opts: { periodic?: boolean } = {}): Timer {
    const e: Entry = { at: Math.max(at, this.now), order: this.order++, fn, periodic: !!opts.periodic, cancelled: false };
    if (!e.periodic) this.work++;
    this.push(e);
    return e;
  }

  /** Run `fn` after `delay` ms. */
  after(delay: number, fn: () => void, opts: { periodic?: boolean } = {}): Timer {
    return this.at(this.now + Math.max(0, delay), fn, opts);
  }

  /** Cancel a timer; a cancelled work timer no longer keeps the step alive. */
  cancel(t: Timer | undefined): void {
    if (!t || t.cancelled) return;
    t.cancelled = true;
    if (!t.periodic) this.work--;
  }

  /** Is any work (not periodic) pending? */
  get busy(): boolean {
    return this.work > 0;
  }

  /** The time of the next timer, or undefined when the queue is empty. */
  peekTime(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Run the next timer. Returns false when nothing is queued. */
  step(): boolean {
    this.dropCancelled();
    const e = this.pop();
    if (!e) return false;
    if (!e.periodic) this.work--;
    e.cancelled = true;
    this.now = e.at;
    this.executed++;
    e.fn();
    return true;
  }

  /**
   * Run timers until `done()` holds (checked before each timer), time would pass `deadline`, or
   * `maxEvents` timers have run. Returns why it stopped. Time is left at the deadline when it
   * was reached.
   */
  runUntil(done: () => boolean, deadline: number, maxEvents = Infinity): 'done' | 'deadline' | 'event-cap' | 'empty' {
    let n = 0;
    for (;;) {
      if (done()) return 'done';
      const next = this.peekTime();
      if (next === undefined) return 'empty';
      if (next > deadline) {
        this.now = Math.max(this.now, deadline);
        return 'deadline';
      }
      if (n++ >= maxEvents) return 'event-cap';
      this.step();
    }
  }

  private dropCancelled(): void {
    while (this.heap.length && this.heap[0]!.cancelled) this.pop();
  }

  private less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
