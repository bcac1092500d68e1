import { describe, expect, it } from 'vitest';
import { EtcdStore, type WatchEvent } from '../../src/engine/etcd/store.js';

const obj = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name } });

describe('etcd store', () => {
  it('has one global revision; create, update and delete bump it; versions per key', () => {
    const s = new EtcdStore();
    const a = s.put('/registry/pods/default/a', obj('a'), 0);
    const b = s.put('/registry/pods/default/b', obj('b'), 0);
    expect(a.ok && b.ok && b.rev === a.rev + 1).toBe(true);
    const a2 = s.put('/registry/pods/default/a', obj('a'), a.rev);
    expect(a2.ok).toBe(true);
    expect(s.get('/registry/pods/default/a')).toMatchObject({ createRevision: a.rev, modRevision: a2.rev, version: 2 });
    expect(s.delete('/registry/pods/default/b').ok).toBe(true);
    expect(s.revision).toBe(a2.rev + 1);
  });

  it.each([
    { name: 'create of an existing key', expect: 0, want: 'compare-failed' },
    { name: 'update at a stale mod revision', expect: 1, want: 'compare-failed' },
  ])('compare-and-swap refuses $name', ({ expect: rev, want }) => {
    const s = new EtcdStore();
    s.put('/registry/pods/default/a', obj('a'), 0);
    s.put('/registry/pods/default/a', obj('a'));
    const r = s.put('/registry/pods/default/a', obj('a'), rev);
    expect(r.ok ? 'ok' : r.error).toBe(want);
  });

  it('ranges over a directory in key order', () => {
    const s = new EtcdStore();
    for (const n of ['c', 'a', 'b']) s.put(`/registry/pods/default/${n}`, obj(n));
    s.put('/registry/pods/other/z', obj('z'));
    expect(s.range('/registry/pods/default/').map((kv) => kv.key)).toEqual(['/registry/pods/default/a', '/registry/pods/default/b', '/registry/pods/default/c']);
  });

  it('fails every call during an outage', () => {
    const s = new EtcdStore();
    s.unavailable = true;
    expect(s.put('/registry/pods/default/a', obj('a'))).toMatchObject({ ok: false, error: 'unavailable' });
    expect(s.watch('/registry/', 0, () => {})).toMatchObject({ ok: false, error: 'unavailable' });
  });

  it('watches from a revision: replays the history at or after it, then streams', () => {
    const s = new EtcdStore();
    const r1 = s.put('/registry/pods/default/a', obj('a'));
    s.put('/registry/minions/n1', obj('n1'));
    const r3 = s.put('/registry/pods/default/a', obj('a'));
    const seen: WatchEvent[] = [];
    const w = s.watch('/registry/pods/', r1.rev + 1, (e) => seen.push(e));
    expect(w.ok).toBe(true);
    expect(seen.map((e) => [e.type, e.rev])).toEqual([['PUT', r3.rev]]);
    s.delete('/registry/pods/default/a');
    s.put('/registry/minions/n2', obj('n2'));
    expect(seen.map((e) => e.type)).toEqual(['PUT', 'DELETE']);
    expect(seen[1]!.prev?.value.metadata.name).toBe('a');
    if (w.ok) w.cancel();
    s.put('/registry/pods/default/b', obj('b'));
    expect(seen.length).toBe(2);
  });

  it('refuses a watch from a compacted revision', () => {
    const s = new EtcdStore();
    s.historyLimit = 10;
    for (let i = 0; i < 30; i++) s.put(`/registry/pods/default/p${i}`, obj(`p${i}`));
    expect(s.compactRevision).toBeGreaterThan(2);
    expect(s.watch('/registry/pods/', 2, () => {})).toMatchObject({ ok: false, error: 'compacted' });
    const seen: number[] = [];
    expect(s.watch('/registry/pods/', s.compactRevision + 1, (e) => seen.push(e.rev)).ok).toBe(true);
    expect(seen[0]).toBe(s.compactRevision + 1);
  });
});
