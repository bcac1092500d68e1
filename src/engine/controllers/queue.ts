/**
 * A controller's work queue (client-go workqueue): keys are deduplicated while waiting, a key is
 * never synced twice at once (a key added while it is being synced is synced again afterwards),
 * and failed syncs are retried with per-key exponential back-off (5 ms doubling to 1000 s).
 */
import type { Env } from '../env.js';
import type { Timer } from '../sim/loop.js';

/** A sync: do the work for `key`, then call `done(ok)`; `ok=false` requeues with back-off. */
export type SyncFn = (key: string, done: (ok?: boolean) => void) => void;

const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 1_000_000;

export class WorkQueue {
  private readonly waiting = new Map<string, Timer>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();

  constructor(private readonly env: Env, private readonly sync: SyncFn) {}

  /** Queue `key` for a sync after the controller's reaction latency (or `delayMs`). */
  add(key: string, delayMs = this.env.latency.controller): void {
    // A key added while it is being synced is synced again afterwards; one added for later
    // (AddAfter, e.g. a deadline) waits for its time first, as client-go's delaying queue does.
    if (this.processing.has(key) && delayMs <= this.env.latency.controller) {
      this.dirty.add(key);
      return;
    }
    const t = this.waiting.get(key);
    if (t) {
      if (t.at <= this.env.loop.now + delayMs) return;
      this.env.loop.cancel(t);
    }
    this.waiting.set(key, this.env.loop.after(delayMs, () => this.fire(key)));
  }

  private fire(key: string): void {
    this.waiting.delete(key);
    if (this.processing.has(key)) this.dirty.add(key);
    else this.run(key);
  }

  private run(key: string): void {
    this.waiting.delete(key);
    this.processing.add(key);
    let finished = false;
    this.sync(key, (ok = true) => {
      if (finished) return;
      finished = true;
      this.processing.delete(key);
      if (ok) this.failures.delete(key);
      else {
        const n = this.failures.get(key) ?? 0;
        this.failures.set(key, n + 1);
        this.dirty.delete(key);
        this.add(key, Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** n));
        return;
      }
      if (this.dirty.delete(key)) this.add(key);
    });
  }
}

/**
 * Counts outstanding requests of one sync: `wrap` a callback for each request sent, then `close()`
 * once all are sent; `then(ok)` runs when every wrapped callback has run (ok unless one failed).
 */
export class Pending {
  private left = 0;
  private closed = false;
  private ok = true;

  constructor(private readonly then: (ok: boolean) => void) {}

  wrap<A extends unknown[]>(cb?: (...args: A) => boolean | void): (...args: A) => void {
    this.left++;
    return (...args: A) => {
      if (cb?.(...args) === false) this.ok = false;
      this.left--;
      this.check();
    };
  }

  close(): void {
    this.closed = true;
    this.check();
  }

  private check(): void {
    if (this.closed && this.left === 0) {
      this.closed = false;
      this.then(this.ok);
    }
  }
}
