import { describe, expect, it } from 'vitest';
import { eventsOf, runFact } from './helpers.js';

describe('K8S-FACTS §1 node events', () => {
  it('§1 Kubelet: cordon / uncordon give NodeNotSchedulable / NodeSchedulable "Node %s status is now: %s" from the kubelet of that node', () => {
    const r = runFact(`
cluster c { node worker-[1..2] { cpu 4; memory 8Gi } }
scenario "cordon" {
  given cluster c
  when { kubectl cordon worker-2 }
  then { node worker-2: unschedulable }
  when { kubectl uncordon worker-2 }
  then { node worker-2: Ready }
}`);
    const ev = eventsOf(r, 'node/worker-2').filter((e) => e.reason.endsWith('Schedulable'));
    expect(ev.map((e) => [e.type, e.reason, e.message, e.source, e.host])).toEqual([
      ['Normal', 'NodeNotSchedulable', 'Node worker-2 status is now: NodeNotSchedulable', 'kubelet', 'worker-2'],
      ['Normal', 'NodeSchedulable', 'Node worker-2 status is now: NodeSchedulable', 'kubelet', 'worker-2'],
    ]);
    // Reported at the kubelet's next node status sync (every 10 s).
    expect(ev[0]!.timeMs - r.trace.steps[0]!.startMs).toBeLessThanOrEqual(10_000);
  });

  it('§1 Node lifecycle: NodeNotReady "Node %s status is now: NodeNotReady" on the node, "Node is not ready" on each pod (node-controller); TaintManagerEviction after 300 s', () => {
    const r = runFact(`
manifest web """
  apiVersion: v1
  kind: Pod
  metadata: { name: web }
  spec: { nodeName: worker-1, containers: [{ name: web, image: nginx:1.27 }] }
"""
cluster c { node worker-[1..2] { cpu 4; memory 8Gi } }
scenario "fail" {
  timeout 10m
  given cluster c
  given { apply web }
  when { fail node worker-1 }
  then { node worker-1: NotReady }
}`);
    const node = eventsOf(r, 'node/worker-1', 'NodeNotReady');
    const pods = r.trace.events.filter((e) => e.object.startsWith('pod/') && e.reason === 'NodeNotReady');
    const onFailed = r.trace.events.filter((e) => e.reason === 'TaintManagerEviction');
    expect(node.map((e) => [e.type, e.message, e.source])).toEqual([['Normal', 'Node worker-1 status is now: NodeNotReady', 'node-controller']]);
    expect(pods.length).toBe(1);
    expect(onFailed.length).toBe(1);
    {
      expect(pods.map((e) => [e.type, e.message, e.source])).toEqual(pods.map(() => ['Warning', 'Node is not ready', 'node-controller']));
      for (const e of onFailed) {
        expect([e.type, e.source]).toEqual(['Normal', 'taint-eviction-controller']);
        expect(e.message).toMatch(/^Marking for deletion Pod default\/web$/);
        // 300 s of DefaultTolerationSeconds after the node was marked.
        expect(Math.round((e.timeMs - node[0]!.timeMs) / 1000)).toBe(300);
      }
    }
  });
});
