/**
 * Issue 11 (fidelity): each place an audit found kscn differing from upstream, with the upstream
 * file and function the simulation now follows.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';
import { eventsOf, runFact } from './helpers.js';
import { KUBELET_VERSION, KUBERNETES_VERSION, VERSION_FACTS } from '../../../src/engine/version.js';
import { main } from '../../../src/cli/main.js';

const ONE = 'cluster c { node worker-1 { cpu 4; memory 8Gi } }\n';

describe('fix 2: image Events name the image as the pod spec writes it (pkg/kubelet/images/image_manager.go EnsureImageExists)', () => {
  it('Pulling, Failed, BackOff and the waiting message say "nginx", the CRI PullImage and the runtime error "nginx:latest"', () => {
    const r = runFact(`${ONE}scenario "s" {
  given cluster c
  when { image nginx fails to pull; kubectl run web --image=nginx; wait 30s }
  then { pod web: Pending }
}`);
    expect(eventsOf(r, 'pod/web', 'Pulling')[0]!.message).toBe('Pulling image "nginx"');
    expect(eventsOf(r, 'pod/web', 'Failed')[0]!.message).toMatch(/^Failed to pull image "nginx": rpc error: .*"docker\.io\/library\/nginx:latest"/);
    expect(eventsOf(r, 'pod/web', 'BackOff')[0]!.message).toBe('Back-off pulling image "nginx"');
    expect(r.trace.messages.find((m) => m.verb === 'PullImage')!.target).toBe('nginx:latest');
  });
});

describe('fix 11: image-pull retries land on the pod worker\'s re-syncs (pkg/kubelet/pod_workers.go completeWork, image_manager.go IsInBackOffSince)', () => {
  it('after ErrImagePull, the PLEG sync a second later finds the back-off; later syncs come 10–15 s apart, each in back-off recording BackOff, each past it pulling again', () => {
    const r = runFact(`${ONE}scenario "s" {
  given cluster c
  when { image nginx fails to pull; kubectl run web --image=nginx; wait 2m }
  then { pod web: Pending and reason ImagePullBackOff|ErrImagePull }
}`);
    const ev = eventsOf(r, 'pod/web').filter((e) => e.reason === 'Pulling' || e.reason === 'BackOff');
    const t0 = ev[0]!.timeMs;
    const firstFail = eventsOf(r, 'pod/web', 'Failed')[0]!.timeMs;
    // The first BackOff is the PLEG relist's sync, one second after the failure.
    expect(ev[1]!.reason).toBe('BackOff');
    expect(ev[1]!.timeMs - firstFail).toBe(1000);
    // Every later sync is 10 s to 15 s after the one before it (wait.Jitter(10s, 0.5)).
    const syncs = ev.slice(1).map((e) => e.timeMs);
    for (let i = 1; i < syncs.length; i++) {
      const gap = syncs[i]! - syncs[i - 1]!;
      // A pull in between takes its own time (1.5 s) before the sync fails.
      expect(gap).toBeGreaterThanOrEqual(10_000);
      expect(gap).toBeLessThanOrEqual(15_000 + 2_000);
    }
    // Back-off grows: the second pull comes after the first back-off (10 s), the third after 20 s more.
    const pulls = ev.filter((e) => e.reason === 'Pulling').map((e) => e.timeMs - t0);
    expect(pulls.length).toBeGreaterThanOrEqual(3);
    expect(pulls[1]!).toBeGreaterThanOrEqual(10_000);
    expect(pulls[2]! - pulls[1]!).toBeGreaterThanOrEqual(20_000);
    // Between two pulls, at least one sync found the image in back-off.
    const reasons = ev.map((e) => e.reason).join(',');
    expect(reasons).not.toMatch(/Pulling,Pulling/);
  });

  it('is deterministic under the seed', () => {
    const text = `${ONE}scenario "s" {
  given cluster c
  when { image nginx fails to pull; kubectl run web --image=nginx; wait 2m }
  then { pod web: Pending }
}`;
    const times = () => eventsOf(runFact(text), 'pod/web').map((e) => `${e.timeMs} ${e.reason}`);
    expect(times()).toEqual(times());
  });
});

describe('fix 3: one Kubernetes version (src/engine/version.ts)', () => {
  it('is declared once, with its facts and their upstream sources', () => {
    expect(KUBERNETES_VERSION).toBe('1.36');
    expect(KUBELET_VERSION).toBe('v1.36.0');
    for (const f of VERSION_FACTS) expect(f.source.length, f.fact).toBeGreaterThan(10);
  });

  it('Created and Started read as 1.35+ does (kuberuntime_container.go startContainer, kubernetes#134043); the node reports the version', () => {
    const r = runFact(`${ONE}scenario "s" {
  given cluster c
  when { kubectl run web --image=nginx }
  then { pod web: Running }
}`);
    expect(eventsOf(r, 'pod/web', 'Created')[0]!.message).toBe('Container created');
    expect(eventsOf(r, 'pod/web', 'Started')[0]!.message).toBe('Container started');
    const node = r.trace.changes.filter((c) => c.key === '/registry/minions/worker-1').pop()!.value as any;
    expect(node.status.nodeInfo.kubeletVersion).toBe(KUBELET_VERSION);
  });

  it('kscn --version names it', async () => {
    let out = '';
    const code = await main(['--version'], { stdout: (s: string) => (out += s), stderr: () => {}, color: false, env: {}, cwd: process.cwd() });
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`simulates Kubernetes ${KUBERNETES_VERSION.replace('.', '\\.')}`));
  });
});

describe('fix 4: an etcd failure is a 500 (apiserver responsewriters/status.go ErrorToAPIStatus), printed as kubectl does (StandardErrorMessage)', () => {
  it('answers 500 with reason "" and kubectl prints "Error from server: etcdserver: request timed out"', () => {
    const r = runFact(`${ONE}scenario "s" {
  given cluster c
  when { etcd unavailable for 5s; expect failure "etcdserver" { kubectl run web --image=nginx } }
  then { output "Error from server: etcdserver: request timed out" }
}`);
    expect(r.status).toBe('passed');
    const res = r.trace.messages.find((m) => m.kind === 'response' && m.to === 'kubectl')!;
    expect(res.attrs.code).toBe('500');
    expect(res.label).toBe('500 Internal Server Error: etcdserver: request timed out');
  });
});

describe('fix 9: `started` is false while a container is not running (pkg/kubelet/prober/prober_manager.go UpdatePodStatus)', () => {
  it('a container in CrashLoopBackOff reports started: false, a running one true', () => {
    const r = runFact(`${ONE}scenario "s" {
  given cluster c
  when { pods web crash after 2s exit 1; kubectl run web --image=nginx; wait 20s }
  then { pod web: restarts >= 1 }
}`);
    const statuses = r.trace.changes.filter((c) => c.key === '/registry/pods/default/web' && c.value).map((c) => (c.value as any).status?.containerStatuses?.[0]).filter(Boolean);
    const waiting = statuses.filter((s: any) => s.state.waiting?.reason === 'CrashLoopBackOff');
    const terminated = statuses.filter((s: any) => s.state.terminated);
    const running = statuses.filter((s: any) => s.state.running);
    expect(waiting.length + terminated.length).toBeGreaterThan(0);
    for (const s of [...waiting, ...terminated]) expect(s.started).toBe(false);
    expect(running.length).toBeGreaterThan(0);
    for (const s of running) expect(s.started).toBe(true);
  });
});

describe('fix 10: NodeAffinity PreFilter ORs its terms (pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go PreFilter)', () => {
  const podWith = (terms: string) => `${ONE}manifest p """
  apiVersion: v1
  kind: Pod
  metadata: { name: p }
  spec:
    containers: [{ name: app, image: nginx }]
    affinity:
      nodeAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          nodeSelectorTerms:
${terms}
"""
scenario "s" {
  given cluster c
  when { apply p }
  then { pod p: Running }
}`;
  it('an impossible matchFields term beside a satisfiable matchExpressions term: every node is eligible, the pod runs', () => {
    const r = runFact(podWith(`          - matchFields: [{ key: metadata.name, operator: In, values: [nowhere] }, { key: metadata.name, operator: In, values: [elsewhere] }]
          - matchExpressions: [{ key: kubernetes.io/os, operator: In, values: [linux] }]`));
    expect(r.expectations.map((e) => e.message)).toEqual(['']);
    expect(r.trace.scheduling[0]!.message).toBeNull();
  });

  it('when every term names nodes and none is left, the pod is refused with "pod affinity terms conflict"', () => {
    const r = runFact(podWith(`          - matchFields: [{ key: metadata.name, operator: In, values: [a] }, { key: metadata.name, operator: In, values: [b] }]`));
    expect(r.trace.scheduling[0]!.message).toMatch(/^0\/1 nodes are available: pod affinity terms conflict\./);
  });
});

describe('fix 8: kube-proxy (pkg/proxy/topology.go CategorizeEndpoints; BoundedFrequencyRunner with minSyncPeriod 1 s)', () => {
  const slice = (...eps: [string, { ready?: boolean; serving?: boolean; terminating?: boolean }][]) => ({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's', namespace: 'default' },
    ports: [{ name: '', port: 8080 }], endpoints: eps.map(([a, conditions]) => ({ addresses: [a], conditions })),
  }) as any;
  it.each([
    { name: 'ready endpoints only, when there are some', eps: [['10.0.0.1', { ready: true, serving: true, terminating: false }], ['10.0.0.2', { ready: false, serving: true, terminating: true }]], want: ['10.0.0.1'] },
    { name: 'none ready: the serving-and-terminating ones', eps: [['10.0.0.2', { ready: false, serving: true, terminating: true }], ['10.0.0.3', { ready: false, serving: false, terminating: true }]], want: ['10.0.0.2'] },
    { name: 'none ready, none serving: nothing', eps: [['10.0.0.3', { ready: false, serving: false, terminating: true }], ['10.0.0.4', { ready: false, serving: false, terminating: false }]], want: [] },
    { name: 'not ready and not terminating is never used', eps: [['10.0.0.4', { ready: false, serving: true, terminating: false }]], want: [] },
  ] as const)('$name', async ({ eps, want }) => {
    const { usableAddresses } = await import('../../../src/engine/proxy/rules.js');
    expect(usableAddresses([slice(...(eps as any))], '')).toEqual(want);
  });

  it('two changes within a second of a sync wait for the second to pass', () => {
    const r = runFact(`cluster c { node worker-1 { cpu 4; memory 8Gi } }
manifest svc """
  apiVersion: v1
  kind: Service
  metadata: { name: web }
  spec: { selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
"""
scenario "s" {
  given cluster c
  when { apply svc; kubectl create deployment web --image=nginx --replicas=2; wait until deployment web: 2 ready; kubectl scale deployment web --replicas=3; wait 5s }
  then { service web: rules on 1 nodes }
}`);
    const syncs = r.trace.messages.filter((m) => m.from === 'kube-proxy@worker-1' && m.target === 'service/web').map((m) => m.timeMs);
    expect(syncs.length).toBeGreaterThan(1);
    for (let i = 1; i < syncs.length; i++) expect(syncs[i]! - syncs[i - 1]!).toBeGreaterThanOrEqual(1000);
  });
});

describe('fix 7: termination takes its time when it should (pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer)', () => {
  const run = (fault: string, grace = '') => runFact(`${ONE}manifest web """
  apiVersion: v1
  kind: Pod
  metadata: { name: web, labels: { app: web } }
  spec: { ${grace}containers: [{ name: web, image: nginx }] }
"""
scenario "s" {
  given cluster c
  given { apply web; wait until pod web: Running }
  when { ${fault} kubectl delete pod web }
  then { pod web: gone }
}`);
  const stopped = (r: ReturnType<typeof runFact>) => {
    const statuses = r.trace.changes.filter((c) => c.key === '/registry/pods/default/web' && c.value).map((c) => c.value as any);
    const final = statuses.filter((p) => p.status?.containerStatuses?.[0]?.state?.terminated).pop();
    return final?.status.containerStatuses[0].state.terminated;
  };
  const deleteTook = (r: ReturnType<typeof runFact>) => {
    const out = r.trace.output.filter((o) => o.step === 1);
    expect(out.map((o) => o.text)).toEqual(['pod "web" deleted']);
    const gone = r.trace.messages.find((m) => m.to === 'kubectl' && m.verb === 'watch' && m.attrs.type === 'DELETED')!;
    return gone.timeMs - r.trace.messages.find((m) => m.from === 'kubectl' && m.verb === 'delete')!.timeMs;
  };

  it('with `pods SELECTOR ignore SIGTERM`, the container is killed after terminationGracePeriodSeconds (30 s) with exit 137 and reason Error; kubectl delete waits that long', () => {
    const r = run('pods app=web ignore SIGTERM;');
    expect(r.status).toBe('passed');
    expect(stopped(r)).toMatchObject({ exitCode: 137, reason: 'Error' });
    const took = deleteTook(r);
    expect(took).toBeGreaterThanOrEqual(30_000);
    expect(took).toBeLessThan(31_000);
  });

  it('the pod\'s own terminationGracePeriodSeconds counts', () => {
    const r = run('pods app=web ignore SIGTERM;', 'terminationGracePeriodSeconds: 5, ');
    const took = deleteTook(r);
    expect(took).toBeGreaterThanOrEqual(5_000);
    expect(took).toBeLessThan(6_000);
  });

  it('without it, the container exits on SIGTERM at once, with 0 (Completed)', () => {
    const r = run('');
    expect(stopped(r)).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(deleteTook(r)).toBeLessThan(1_000);
  });

  it('exit 137 from a crash is Error, not OOMKilled (only the OOM killer makes OOMKilled)', () => {
    const r = runFact(`${ONE}scenario "s" {
  given cluster c
  when { pods web crash after 2s exit 137 times 1; kubectl run web --image=nginx; wait 5s }
  then { pod web: restarts >= 1 }
}`);
    const last = r.trace.changes.filter((c) => c.key === '/registry/pods/default/web' && c.value).pop()!.value as any;
    expect(last.status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('`pods SELECTOR ignore` takes SIGTERM only', async () => {
    const { checkSource } = await import('../../../src/lang/check.js');
    const r = checkSource(`${ONE}scenario "s" {\n  given cluster c\n  when { pods app=web ignore SIGKILL }\n  then { pod web: gone }\n}`, 'x.kscn');
    expect(r.diagnostics.map((d) => d.message)).toContain('pods can ignore SIGTERM only, not `SIGKILL`');
  });
});

describe('fix 6: Services get a ClusterIP and NodePorts (pkg/registry/core/service/storage/alloc.go allocateCreate; ipallocator.go AllocateNext; portallocator)', () => {
  const svcRun = (when: string, extra = '') => runFact(`${ONE}${extra}scenario "s" {
  given cluster c
  when { ${when} }
  then { node worker-1: Ready }
}`);
  const services = (r: ReturnType<typeof runFact>) => {
    const last = new Map<string, any>();
    for (const c of r.trace.changes) if (c.key.startsWith('/registry/services/specs/') || c.key.startsWith('/registry/ipaddresses/') || c.key.startsWith('/registry/servicecidrs/')) last.set(c.key, c.value);
    return last;
  };

  it('every cluster has the default ServiceCIDR, the `kubernetes` Service at 10.96.0.1 and kube-dns at 10.96.0.10 (the kubelet\'s cluster DNS)', () => {
    const s = services(svcRun('wait 1s'));
    expect(s.get('/registry/servicecidrs/kubernetes')?.spec.cidrs).toEqual(['10.96.0.0/12']);
    const k = s.get('/registry/services/specs/default/kubernetes');
    expect([k.spec.clusterIP, k.spec.ports[0]]).toEqual(['10.96.0.1', { name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]);
    expect(s.get('/registry/services/specs/kube-system/kube-dns').spec.clusterIP).toBe('10.96.0.10');
    expect(s.get('/registry/ipaddresses/10.96.0.1')?.spec.parentRef).toEqual({ group: '', resource: 'services', namespace: 'default', name: 'kubernetes' });
  });

  it('a new Service gets a random address of the upper band (above 10.96.1.0) with its IPAddress object written first; NodePort Services get ports in 30000–32767', () => {
    const r = svcRun('kubectl create deployment web --image=nginx; kubectl expose deployment web --port=80 --type=NodePort');
    const web = services(r).get('/registry/services/specs/default/web');
    const ip: string = web.spec.clusterIP;
    const n = ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
    expect(n).toBeGreaterThan((10 * 256 + 96) * 65536 + 256);
    expect(n).toBeLessThan((10 * 256 + 112) * 65536);
    expect([web.spec.clusterIPs, web.spec.ipFamilies, web.spec.ipFamilyPolicy, web.spec.internalTrafficPolicy, web.spec.externalTrafficPolicy]).toEqual([[ip], ['IPv4'], 'SingleStack', 'Cluster', 'Cluster']);
    const port = web.spec.ports[0].nodePort;
    expect(port).toBeGreaterThanOrEqual(30000 + 86);
    expect(port).toBeLessThanOrEqual(32767);
    const puts = r.trace.messages.filter((m) => m.from === 'apiserver' && m.to === 'etcd').map((m) => m.target);
    expect(puts.indexOf(`/registry/ipaddresses/${ip}`)).toBeLessThan(puts.indexOf('/registry/services/specs/default/web'));
    expect(puts.indexOf(`/registry/ipaddresses/${ip}`)).toBeGreaterThanOrEqual(0);
  });

  it('an address asked for that is taken is a 422; deleting a Service frees its address (the IPAddress is deleted)', () => {
    const svc = (name: string) => `manifest ${name} """
  apiVersion: v1
  kind: Service
  metadata: { name: ${name} }
  spec: { clusterIP: 10.96.0.10, ports: [{ port: 80 }] }
"""
`;
    const r = svcRun('expect failure "already allocated" { apply dns2 }; kubectl delete service kube-dns -n kube-system; apply dns3', svc('dns2') + svc('dns3'));
    const bad = r.trace.messages.find((m) => m.kind === 'response' && m.to === 'kubectl' && m.attrs.code === '422')!;
    expect(bad.label).toBe('422 Unprocessable Entity: Service "dns2" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.10"]: failed to allocate IP 10.96.0.10: provided IP is already allocated');
    expect(services(r).get('/registry/services/specs/default/dns3')?.spec.clusterIP).toBe('10.96.0.10');
    expect(r.trace.messages.some((m) => m.verb === 'delete' && m.target === '/registry/ipaddresses/10.96.0.10')).toBe(true);
  });

  it('the allocation is deterministic under the seed', () => {
    const ip = () => services(svcRun('kubectl create deployment web --image=nginx; kubectl expose deployment web --port=80')).get('/registry/services/specs/default/web').spec.clusterIP;
    expect(ip()).toBe(ip());
  });
});

describe('fix 8 with fix 7: a Service keeps routing to its only pod while that pod terminates (CategorizeEndpoints fallback)', () => {
  it('the rules stay during the 30 s grace period and go when the pod is gone', () => {
    const r = runFact(`${ONE}manifest svc """
  apiVersion: v1
  kind: Service
  metadata: { name: web }
  spec: { selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
"""
manifest web """
  apiVersion: v1
  kind: Pod
  metadata: { name: web, labels: { app: web } }
  spec: { containers: [{ name: web, image: nginx }] }
"""
scenario "s" {
  given cluster c
  when { apply svc; apply web; wait until pod web: Ready }
  then { service web: rules on 1 nodes }
  when { pods app=web ignore SIGTERM; kubectl delete pod web }
  then {
    pod web: Terminating within 5s
    never kube-proxy -> iptables: sync service/web rules=0 within 29s
    service web: rules on 0 nodes and 0 endpoints
  }
}`);
    expect(r.expectations.map((e) => [e.text, e.message])).toEqual(r.expectations.map((e) => [e.text, '']));
  });
});
