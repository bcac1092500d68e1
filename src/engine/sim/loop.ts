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
  fn: () => void;
}

/** The timers due at one time, in the order they were scheduled; `head` is the next to run. */
interface Bucket {
  at: number;
  items: Entry[];
  head: number;
}

export class EventLoop {
  /** Simulated time, in ms since the start of the simulation. */
  now = 0;
  /** How many timers have run (for the per-step event cap). */
  executed = 0;
  /**
   * Timers are kept in buckets, one per distinct time (many timers share a time: every latency is
   * a few whole ms): a min-heap of the bucket times, and each bucket a FIFO. Scheduling at a time
   * that already has a bucket is an append; running the next timer is a read at the head.
   */
  private buckets = new Map<number, Bucket>();
  private times: number[] = [];
  private work = 0;

  /** Run `fn` at absolute simulated time `at` (never earlier than now). */
  at(at: number, fn: () => void, opts?: { periodic?: boolean }): Timer {
    const e: Entry = { at: at > this.now ? at : this.now, fn, periodic: !!opts?.periodic, cancelled: false };
    if (!e.periodic) this.work++;
    this.push(e);
    return e;
  }

  /** Run `fn` after `delay` ms. */
  after(delay: number, fn: () => void, opts?: { periodic?: boolean }): Timer {
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
    return this.first()?.at;
  }

  /** Run the next timer. Returns false when nothing is queued. */
  step(): boolean {
    const b = this.first();
    if (!b) return false;
    this.run(b);
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
      const b = this.first();
      if (!b) return 'empty';
      if (b.at > deadline) {
        this.now = Math.max(this.now, deadline);
        return 'deadline';
      }
      if (n++ >= maxEvents) return 'event-cap';
      this.run(b);
    }
  }

  /** Run the head timer of `b` (the first bucket, its head not cancelled). */
  private run(b: Bucket): void {
    const e = b.items[b.head]!;
    b.items[b.head++] = undefined as unknown as Entry;
    if (!e.periodic) this.work--;
    e.cancelled = true;
    this.now = e.at;
    this.executed++;
    e.fn();
  }

  /** The first bucket with a timer to run (cancelled timers and empty buckets dropped), or undefined. */
  private first(): Bucket | undefined {
    const times = this.times;
    while (times.length) {
      const b = this.buckets.get(times[0]!)!;
      const items = b.items;
      while (b.head < items.length && items[b.head]!.cancelled) items[b.head++] = undefined as unknown as Entry;
      if (b.head < items.length) return b;
      this.buckets.delete(b.at);
      this.popTime();
    }
    return undefined;
  }

  private push(e: Entry): void {
    const b = this.buckets.get(e.at);
    if (b) {
      b.items.push(e);
      return;
    }
    this.buckets.set(e.at, { at: e.at, items: [e], head: 0 });
    const h = this.times;
    let i = h.length;
    h.push(e.at);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]! <= e.at) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e.at;
  }

  private popTime(): void {
    const h = this.times;
    const last = h.pop()!;
    const n = h.length;
    if (!n) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && h[r]! < h[l]! ? r : l;
      if (h[m]! >= last) break;
      h[i] = h[m]!;
      i = m;
    }
    h[i] = last;
  }
}
