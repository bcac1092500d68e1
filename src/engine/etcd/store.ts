/**
 * A multi-version key-value store in the manner of etcd: one global revision that every write
 * increments; per key its create revision, mod revision and version; compare-and-swap on the mod
 * revision; and an outage mode in which every call fails. Only the apiserver uses it.
 *
 * Watches start from a revision: the store keeps the most recent changes (its history, compacted
 * beyond `historyLimit` events), replays those at or after the revision asked for, then streams
 * new ones. Simplification: reads are of the latest revision only (no reads at an old revision).
 */
import type { KubeObject } from '../../trace/types.js';

export interface KeyValue {
  key: string;
  value: KubeObject;
  createRevision: number;
  modRevision: number;
  version: number;
}

export type EtcdResult =
  | { ok: true; rev: number; prev?: KeyValue; kv?: KeyValue }
  | { ok: false; error: 'unavailable' | 'compare-failed' | 'not-found'; rev: number; current?: KeyValue };

/** One change, as a watch delivers it. */
export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  key: string;
  rev: number;
  /** The value after the change (undefined for DELETE). */
  kv?: KeyValue;
  prev?: KeyValue;
}

export type WatchResult = { ok: true; cancel: () => void } | { ok: false; error: 'compacted' | 'unavailable'; compactRevision: number };

export class EtcdStore {
  /** How many recent changes are kept for watches that start in the past. */
  historyLimit = 10_000;
  /** Changes at or below this revision are gone from the history. */
  compactRevision = 0;
  private history: WatchEvent[] = [];
  private watchers = new Set<{ prefix: string; cb: (e: WatchEvent) => void }>();
  /** The cluster-wide revision: the mod revision of the last write. */
  revision = 1;
  /** When true, every call fails (an outage). */
  unavailable = false;
  private kv = new Map<string, KeyValue>();
  /** Keys by directory prefix (`/registry/pods/`, `/registry/pods/default/`), so a range reads only its own keys. */
  private dirs = new Map<string, Set<string>>();

  get(key: string): KeyValue | undefined {
    return this.kv.get(key);
  }

  /** All pairs whose key starts with `prefix`, in key order. */
  range(prefix: string): KeyValue[] {
    const out: KeyValue[] = [];
    const dir = this.dirs.get(prefix);
    if (dir) for (const k of dir) out.push(this.kv.get(k)!);
    else if (!isIndexed(prefix)) for (const [k, v] of this.kv) if (k.startsWith(prefix)) out.push(v);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private index(key: string, add: boolean): void {
    for (let i = key.indexOf('/', 1); i >= 0; i = key.indexOf('/', i + 1)) {
      const dir = key.slice(0, i + 1);
      if (!isIndexed(dir)) continue;
      let set = this.dirs.get(dir);
      if (add) {
        if (!set) this.dirs.set(dir, (set = new Set()));
        set.add(key);
      } else if (set) {
        set.delete(key);
        if (!set.size) this.dirs.delete(dir);
      }
    }
  }

  /**
   * Write `value` at `key`. With `expectModRevision` it is a transaction: 0 means "the key must
   * not exist" (create), N means "its mod revision must be N" (update).
   */
  put(key: string, value: KubeObject, expectModRevision?: number): EtcdResult {
    if (this.unavailable) return { ok: false, error: 'unavailable', rev: this.revision };
    const prev = this.kv.get(key);
    if (expectModRevision !== undefined && (prev?.modRevision ?? 0) !== expectModRevision) {
      return { ok: false, error: 'compare-failed', rev: this.revision, current: prev };
    }
    const rev = ++this.revision;
    const kv: KeyValue = { key, value, createRevision: prev?.createRevision ?? rev, modRevision: rev, version: (prev?.version ?? 0) + 1 };
    this.kv.set(key, kv);
    if (!prev) this.index(key, true);
    this.record({ type: 'PUT', key, rev, kv, prev });
    return { ok: true, rev, prev, kv };
  }

  /** How many keys the store holds. */
  get size(): number {
    return this.kv.size;
  }

  /** How many keys there are under `dir` (a directory of three or more levels, `/registry/events/`). */
  count(dir: string): number {
    return this.dirs.get(dir)?.size ?? 0;
  }

  delete(key: string, expectModRevision?: number): EtcdResult {
    if (this.unavailable) return { ok: false, error: 'unavailable', rev: this.revision };
    const prev = this.kv.get(key);
    if (!prev) return { ok: false, error: 'not-found', rev: this.revision };
    if (expectModRevision !== undefined && prev.modRevision !== expectModRevision) {
      return { ok: false, error: 'compare-failed', rev: this.revision, current: prev };
    }
    const rev = ++this.revision;
    this.kv.delete(key);
    this.index(key, false);
    this.record({ type: 'DELETE', key, rev, prev });
    return { ok: true, rev, prev };
  }

  /**
   * Watch keys under `prefix` from revision `fromRev` (inclusive): past changes still in the
   * history are delivered at once, in order, then every new one. A revision already compacted
   * away is refused with `compacted` (etcd: "mvcc: required revision has been compacted").
   */
  watch(prefix: string, fromRev: number, cb: (e: WatchEvent) => void): WatchResult {
    if (this.unavailable) return { ok: false, error: 'unavailable', compactRevision: this.compactRevision };
    if (fromRev > 0 && fromRev <= this.compactRevision) return { ok: false, error: 'compacted', compactRevision: this.compactRevision };
    if (fromRev > 0) for (const e of this.history) if (e.rev >= fromRev && e.key.startsWith(prefix)) cb(e);
    const w = { prefix, cb };
    this.watchers.add(w);
    return { ok: true, cancel: () => void this.watchers.delete(w) };
  }

  private record(e: WatchEvent): void {
    this.history.push(e);
    if (this.history.length > this.historyLimit * 1.5) {
      const drop = this.history.length - this.historyLimit;
      this.compactRevision = this.history[drop - 1]!.rev;
      this.history = this.history.slice(drop);
    }
    for (const w of this.watchers) if (e.key.startsWith(w.prefix)) w.cb(e);
  }
}

/** Directory prefixes below `/registry/<resource>/` are indexed (a range over a broader prefix scans). */
function isIndexed(dir: string): boolean {
  let slashes = 0;
  for (let i = 0; i < dir.length; i++) if (dir.charCodeAt(i) === 47) slashes++;
  return dir.endsWith('/') && slashes >= 3;
}
