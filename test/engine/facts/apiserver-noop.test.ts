/** K8S-FACTS §3: a write that changes nothing stores nothing — no new revision, no watch event (GuaranteedUpdate). */
import { describe, expect, it } from 'vitest';
import { runFact } from './helpers.js';

describe('no-op updates', () => {
  it('labelling a node with the label it has answers 200 without an etcd write or a watch notification', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "twice" {
  given cluster c
  given { kubectl label nodes worker-1 disk=ssd }
  when { kubectl label nodes worker-1 disk=ssd }
  then {
    sequence { apiserver -> kubectl: response node/worker-1 code=200 }
    never apiserver -> etcd: put /registry/minions/worker-1
  }
}`);
    expect(r.expectations.map((e) => [e.ok, e.message])).toEqual(r.expectations.map(() => [true, '']));
    expect(r.trace.messages.filter((m) => m.kind === 'watch' && m.target === 'node/worker-1' && m.step === 1 && m.timeMs < 1000)).toEqual([]);
  });
});
