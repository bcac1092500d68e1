/** K8S-FACTS §3: etcd keys under /registry, one global revision, resourceVersion = mod revision; LANGUAGE.md §8 attributes. */
import { describe, expect, it } from 'vitest';
import { runFact } from './helpers.js';

const r = runFact(`
manifest pc """
  apiVersion: scheduling.k8s.io/v1
  kind: PriorityClass
  metadata: { name: high }
  value: 1000
"""
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "keys" {
  given cluster c
  when {
    kubectl create namespace team-a
    apply pc
    kubectl create deployment web --image=nginx:1.27 --replicas=1 --port=80
    kubectl expose deployment web --port=80
    wait until deployment web: 1 ready
    kubectl label nodes worker-1 disk=ssd
    wait 15s
  }
  then { deployment web: 1 ready }
}`);

const puts = r.trace.messages.filter((m) => m.from === 'apiserver' && m.to === 'etcd');
const keys = new Set(puts.map((m) => m.target));
const has = (re: RegExp) => [...keys].some((k) => re.test(k));

describe('K8S-FACTS §3 etcd layout', () => {
  it.each([
    ['namespaces (cluster-scoped)', /^\/registry\/namespaces\/team-a$/],
    ['priorityclasses (cluster-scoped)', /^\/registry\/priorityclasses\/high$/],
    ['deployments', /^\/registry\/deployments\/default\/web$/],
    ['replicasets', /^\/registry\/replicasets\/default\/web-[456789bcdf]{1,10}$/],
    ['pods', /^\/registry\/pods\/default\/web-[456789bcdf]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/],
    ['services → services/specs', /^\/registry\/services\/specs\/default\/web$/],
    ['endpoints → services/endpoints', /^\/registry\/services\/endpoints\/default\/web$/],
    ['endpointslices (named <service>-<5 chars>)', /^\/registry\/endpointslices\/default\/web-[bcdfghjklmnpqrstvwxz2456789]{5}$/],
    ['events', /^\/registry\/events\/default\/web\.[0-9a-f]+$/],
    ['nodes → minions', /^\/registry\/minions\/worker-1$/],
    ['node heartbeats: leases in kube-node-lease', /^\/registry\/leases\/kube-node-lease\/worker-1$/],
  ])('%s', (_, re) => {
    expect(has(re), [...keys].join('\n')).toBe(true);
  });

  it('one global revision: every successful write gets the next one, whatever the key', () => {
    const oks = r.trace.messages.filter((m) => m.from === 'etcd' && m.verb === 'ok').map((m) => Number(m.attrs.rev));
    expect(oks.length).toBeGreaterThan(10);
    for (let i = 1; i < oks.length; i++) expect(oks[i]).toBe(oks[i - 1]! + 1);
  });

  it('LANGUAGE.md §8: apiserver → etcd puts carry `rev`, the revision of their ok; watch notifications carry it as `rv` (resourceVersion = mod revision)', () => {
    for (const m of puts) {
      const reply = r.trace.messages.find((x) => x.inReplyTo === m.seq)!;
      expect(reply.verb).toBe('ok');
      expect(m.attrs.rev).toBe(reply.attrs.rev);
    }
    const podPut = puts.find((m) => m.target.startsWith('/registry/pods/'))!;
    const watch = r.trace.messages.find((m) => m.kind === 'watch' && m.target.startsWith('pod/') && m.seq > podPut.seq)!;
    expect(watch.attrs.rv).toBe(podPut.attrs.rev);
    const change = r.trace.changes.find((c) => c.key === podPut.target && c.rev === Number(podPut.attrs.rev))!;
    expect(change.value!.metadata.resourceVersion).toBe(podPut.attrs.rev);
  });
});

describe('LANGUAGE.md §8 apiserver ↔ etcd messages', () => {
  it('put → ok (rev) → event (the apiserver watch on etcd) → watch to watchers (rv), and delete → event type=DELETE', () => {
    const s = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "one pod" {
  given cluster c
  when { kubectl run busybox --image=busybox; wait until pod busybox: Running; kubectl delete pod busybox }
  then {
    sequence {
      kubectl -> apiserver: create pod/busybox
      apiserver -> etcd: put /registry/pods/default/busybox rev=*
      etcd -> apiserver: ok /registry/pods/default/busybox rev=*
      etcd -> apiserver: event /registry/pods/default/busybox type=PUT
      apiserver -> scheduler: watch pod/busybox type=ADDED
      kubelet -> apiserver: delete pod/busybox
      apiserver -> etcd: delete /registry/pods/default/busybox
      etcd -> apiserver: event /registry/pods/default/busybox type=DELETE
    }
    pod busybox: gone
  }
}`);
    expect(s.expectations.map((e) => [e.ok, e.message])).toEqual(s.expectations.map(() => [true, '']));
    const put = s.trace.messages.find((m) => m.verb === 'put' && m.target === '/registry/pods/default/busybox')!;
    const ev = s.trace.messages.find((m) => m.verb === 'event' && m.target === put.target)!;
    const watch = s.trace.messages.find((m) => m.kind === 'watch' && m.target === 'pod/busybox')!;
    expect([ev.attrs.rev, watch.attrs.rv]).toEqual([put.attrs.rev, put.attrs.rev]);
    expect(ev.hidden).toBe('reply');
  });
});
