import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/engine/cluster.js';

function twoNodes(seed = 1) {
  const node = (name: string) => ({ name, allocatable: { cpu: '4', memory: '8Gi' }, labels: {}, taints: [], images: [], unschedulable: false, notReady: false });
  return new Cluster({ seed, nodes: [node('worker-1'), node('worker-2')], namespaces: [], priorityClasses: [], users: [] });
}

function runPod(c: Cluster) {
  c.start();
  c.settle(60_000);
  c.env.rec.beginStep(1, 'when');
  c.kubectl().request({ verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'busybox', labels: { run: 'busybox' } }, spec: { containers: [{ name: 'busybox', image: 'busybox' }] } } });
  const r = c.settle(c.env.loop.now + 300_000);
  c.env.rec.endStep(r);
  return c.env.rec.trace;
}

describe('the pod-creation chain (seed 000, TRACE-EXAMPLE.md)', () => {
  it('components react to each other through the apiserver in the order of the seeds', () => {
    const trace = runPod(twoNodes());
    const shown = trace.messages.filter((m) => !m.hidden).map((m) => `${m.from} -> ${m.to}: ${m.verb} ${m.target}`);
    const order = [
      'kubectl -> apiserver: create pod/busybox',
      'apiserver -> etcd: put /registry/pods/default/busybox',
      'etcd -> apiserver: ok /registry/pods/default/busybox',
      'apiserver -> kubectl: response pod/busybox',
      'apiserver -> scheduler: watch pod/busybox',
      'scheduler -> apiserver: bind pod/busybox',
    ];
    let at = -1;
    for (const line of order) {
      const i = shown.indexOf(line, at + 1);
      expect(i, `${line} after index ${at}\n${shown.join('\n')}`).toBeGreaterThan(at);
      at = i;
    }
    const kubeletWatch = shown.findIndex((s) => /^apiserver -> kubelet@worker-\d: watch pod\/busybox$/.test(s));
    expect(kubeletWatch).toBeGreaterThan(at);
    const rest = ['RunPodSandbox', 'ADD', 'PullImage', 'CreateContainer', 'StartContainer'].map((v) => shown.findIndex((s, i) => i > kubeletWatch && s.includes(`: ${v} `)));
    expect(rest.every((i, k) => i > (k ? rest[k - 1]! : kubeletWatch))).toBe(true);
    const status = trace.messages.find((m) => m.verb === 'status' && m.attrs.phase === 'Running');
    expect(status?.attrs.ready).toBe('true');
    expect(trace.events.map((e) => e.reason)).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
    expect(trace.events[0]!.message).toMatch(/^Successfully assigned default\/busybox to worker-[12]$/);
    expect(trace.events[2]!.message).toMatch(/^Successfully pulled image "busybox" in 1\.5s \(1\.5s including waiting\)\. Image size: \d+ bytes\.$/);
    expect(trace.events[3]!.message).toBe('Container created');
    expect(trace.events[4]!.message).toBe('Container started');
  });

  it('only the apiserver talks to etcd', () => {
    const trace = runPod(twoNodes());
    expect(trace.messages.filter((m) => m.to === 'etcd' && m.from !== 'apiserver')).toEqual([]);
  });

  it('is deterministic: the same seed gives the same trace', () => {
    expect(JSON.stringify(runPod(twoNodes(7)))).toBe(JSON.stringify(runPod(twoNodes(7))));
  });
});
