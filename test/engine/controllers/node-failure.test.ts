/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';
import { cluster, create, deployment, pods, step } from './helpers.js';

describe('node failure', () => {
  it('marks the node Unknown after the grace period, taints it, and evicts its pods after 300 s', () => {
    const c = cluster(3);
    step(c, [create('deployments', deployment('web', 3))]);
    const node = pods(c)[0].spec.nodeName as string;
    const onNode = pods(c).filter((p) => p.spec.nodeName === node).map((p) => p.metadata.name);
    const t0 = c.env.rec.time;
    expect(step(c, () => c.failNode(node), 600_000)).toBe('settled');
    const ev = c.env.rec.trace.events.filter((e) => e.step === 2);
    const nodeEv = ev.find((e) => e.object === `node/${node}` && e.reason === 'NodeNotReady')!;
    expect(nodeEv).toMatchObject({ type: 'Normal', message: `Node ${node} status is now: NodeNotReady`, source: 'node-controller' });
    // 50 s grace after the last renewal (up to 10 s before the failure), seen at a 5 s monitor tick.
    expect(nodeEv.timeMs - t0).toBeGreaterThan(40_000);
    expect(nodeEv.timeMs - t0).toBeLessThanOrEqual(60_000);
    for (const name of onNode) {
      expect(ev.find((e) => e.object === `pod/${name}` && e.reason === 'NodeNotReady')).toMatchObject({ type: 'Warning', message: 'Node is not ready' });
      const evict = ev.find((e) => e.object === `pod/${name}` && e.reason === 'TaintManagerEviction')!;
      expect(evict).toMatchObject({ message: `Marking for deletion Pod default/${name}`, source: 'taint-eviction-controller' });
      expect(evict.timeMs - nodeEv.timeMs).toBeGreaterThanOrEqual(300_000);
      expect(evict.timeMs - nodeEv.timeMs).toBeLessThan(301_000);
    }
    const n = c.server.peek('nodes', undefined, node) as any;
    const readyCond = n.status.conditions.find((x: any) => x.type === 'Ready');
    expect(readyCond).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(n.spec.taints.map((t: any) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(n.spec.taints[1].timeAdded).toBeTruthy();
    // The dead node's pods stay Terminating; replacements run elsewhere.
    const now = pods(c);
    for (const name of onNode) expect(now.find((p) => p.metadata.name === name)?.metadata.deletionTimestamp).toBeTruthy();
    const running = now.filter((p) => !p.metadata.deletionTimestamp && p.status.phase === 'Running');
    expect(running).toHaveLength(3);
    expect(running.every((p) => p.spec.nodeName !== node)).toBe(true);
    // Only the failed node was touched.
    expect(ev.filter((e) => e.reason === 'NodeNotReady' && e.object.startsWith('node/'))).toHaveLength(1);
  });

  it('removes the taints and cancels pending evictions when the node comes back', () => {
    // Restore 2 minutes after the failure, well before the 300 s toleration runs out.
    const c2 = cluster(2);
    step(c2, [create('deployments', deployment('web', 2))]);
    const node2 = pods(c2)[0].spec.nodeName as string;
    step(c2, () => {
      c2.failNode(node2);
      c2.env.loop.after(120_000, () => c2.restoreNode(node2));
    }, 600_000);
    const ev = c2.env.rec.trace.events.filter((e) => e.step === 2);
    expect(ev.some((e) => e.reason === 'TaintManagerEviction' && e.message.startsWith('Cancelling deletion of Pod default/'))).toBe(true);
    expect(ev.some((e) => e.message.startsWith('Marking for deletion'))).toBe(false);
    const n = c2.server.peek('nodes', undefined, node2) as any;
    expect(n.spec.taints ?? []).toEqual([]);
  });

  it('evicts pods that do not tolerate a NoExecute taint at once', () => {
    const c = cluster(2);
    step(c, [create('deployments', deployment('web', 2))]);
    const node = pods(c)[0].spec.nodeName as string;
    const victim = pods(c).find((p) => p.spec.nodeName === node).metadata.name;
    step(c, [{ verb: 'patch', resource: 'nodes', name: node, body: { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] } } }]);
    const evict = c.env.rec.trace.events.find((e) => e.step === 2 && e.reason === 'TaintManagerEviction')!;
    expect(evict.message).toBe(`Marking for deletion Pod default/${victim}`);
    expect(evict.timeMs - c.env.rec.trace.steps[1]!.startMs).toBeLessThan(100);
    expect(pods(c).find((p) => p.metadata.name === victim)).toBeUndefined();
    expect(pods(c).filter((p) => p.status.phase === 'Running').every((p) => p.spec.nodeName !== node)).toBe(true);
  });
});
