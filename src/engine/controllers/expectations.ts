/**
 * ControllerExpectations (pkg/controller/controller_utils.go): how many pod creations and which
 * pod deletions a controller still waits to observe through its informer. While any are
 * outstanding, the controller does not create or delete again, so it never over-creates from a
 * stale cache. Expectations expire after 5 minutes (ExpectationsTimeout).
 */

const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  add: number;
  del: Set<string>;
  at: number;
}

export class Expectations {
  private readonly m = new Map<string, Expectation>();

  constructor(private readonly clock: { now: number }) {}

  /** Are all expected creations and deletions observed (or expired)? */
  satisfied(key: string): boolean {
    const e = this.m.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del.size === 0) return true;
    return this.clock.now - e.at > EXPECTATIONS_TIMEOUT_MS;
  }

  expectCreations(key: string, n: number): void {
    this.m.set(key, { add: n, del: new Set(), at: this.clock.now });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.m.set(key, { add: 0, del: new Set(podKeys), at: this.clock.now });
  }

  /** A creation was observed (or will never be: a failed or skipped create). Returns whether one was expected. */
  creationObserved(key: string): boolean {
    const e = this.m.get(key);
    if (!e || e.add <= 0) return false;
    e.add--;
    return true;
  }

  /** A deletion of `podKey` was observed. Returns whether it was expected. */
  deletionObserved(key: string, podKey: string): boolean {
    return !!this.m.get(key)?.del.delete(podKey);
  }

  delete(key: string): void {
    this.m.delete(key);
  }
}
