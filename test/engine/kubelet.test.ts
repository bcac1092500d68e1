/**
 * The kubelet beyond the first start: recovery after its node was down, CrashLoopBackOff timing,
 * node status heartbeats.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { runScenario } from '../../src/run/run.js';

function run(text: string) {
  const r = checkSource(text, 'kubelet.kscn', { cwd: __dirname });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return runScenario(r.file!, r.file!.scenarios[0]!);
}

describe('kubelet', () => {
  it('reports its pods Ready again after its node comes back (relist on reconnect)', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "restore" {
  given cluster one
  timeout 30s
  given { kubectl run web --image=nginx:1.27 }
  when { fail node worker-1; wait 90s }
  then {
    node worker-1: NotReady
    pod web: Running
    never pod web: Ready and Pending
  }
  when { restore node worker-1; wait 30s }
  then {
    node worker-1: Ready
    pod web: Ready within 30s
    sequence { kubelet -> apiserver: list pod* }
  }
}`);
    expect(res.expectations.map((e) => [e.text, e.ok, e.message])).toEqual(res.expectations.map((e) => [e.text, true, '']));
    const step1 = res.trace.changes.filter((c) => c.step === 1 && c.key === '/registry/pods/default/web').map((c) => (c.value as any)?.status?.conditions?.find((x: any) => x.type === 'Ready')?.status);
    expect(step1).toContain('False');
  });

  it('restarts a crashing container at once, then after 10 s, 20 s, 40 s (K8S-FACTS §5; kuberuntime doBackOff)', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "crash" {
  given cluster one
  timeout 3m
  when {
    pods run=web crash after 1s exit 2
    kubectl run web --image=nginx:1.27
  }
  then { pod web: restarts >= 3 and reason CrashLoopBackOff }
}`);
    expect(res.expectations.every((e) => e.ok)).toBe(true);
    const starts = res.trace.messages.filter((m) => m.verb === 'StartContainer').map((m) => m.timeMs);
    const exits = starts.map((t) => t + 110 + 1000);
    // From each exit to the next StartContainer: the first exit has no back-off entry yet, so the
    // next sync (PLEG, 1 s) restarts it; then the back-off since FinishedAt: 10 s, 20 s, 40 s, 80 s.
    const waits = starts.slice(1).map((t, i) => t - exits[i]!);
    expect(waits.slice(0, 5).map((w) => Math.round(w / 1000))).toEqual([1, 10, 20, 40, 80]);
    const backoffs = res.trace.events.filter((e) => e.reason === 'BackOff');
    // No BackOff for the first exit; one for every later one.
    expect(backoffs.length).toBe(starts.length - 1);
    expect(backoffs[0]!.message).toMatch(/^Back-off restarting failed container web in pod web_default\(.+\)$/);
    expect(backoffs[0]!.timeMs).toBeGreaterThan(starts[1]!);
    const waiting = res.trace.changes.filter((c) => c.key === '/registry/pods/default/web').map((c) => (c.value as any)?.status?.containerStatuses?.[0]?.state?.waiting?.message).filter(Boolean);
    expect(waiting[0]).toMatch(/^back-off 10s restarting failed container=web pod=web_default\(.+\)$/);
    expect(waiting).toContainEqual(expect.stringMatching(/^back-off 20s /));
    expect(waiting).toContainEqual(expect.stringMatching(/^back-off 40s /));
  });

  it('resets the back-off after a container ran for more than 10 minutes: restarts it at once again (client-go Backoff hasExpired)', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "long runs" {
  given cluster one
  timeout 40m
  when {
    pods run=web crash after 11m exit 1 times 3
    kubectl run web --image=nginx:1.27
    wait 36m
  }
  then { pod web: restarts >= 3 }
}`);
    expect(res.expectations.every((e) => e.ok)).toBe(true);
    expect(res.trace.events.filter((e) => e.reason === 'BackOff')).toEqual([]);
    const starts = res.trace.messages.filter((m) => m.verb === 'StartContainer').map((m) => m.timeMs);
    expect(starts.slice(1).map((t, i) => Math.round((t - starts[i]! - 11 * 60_000) / 1000))).toEqual([1, 1, 1]);
  });

  it('a container that exited while its kubelet was down is restarted when the kubelet is back, its exit reported once', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "crash while down" {
  timeout 3m
  given cluster one
  when { pods run=web crash after 10s exit 1 times 1; kubectl run web --image=nginx:1.27; wait 3s; fail node worker-1; wait 60s }
  then { never kubelet -> apiserver: status pod/web reason=Error }
  when { restore node worker-1; wait 5s }
  then {
    sequence {
      kubelet -> apiserver: status pod/web phase=Running reason=Error
      kubelet -> runtime: StartContainer pod/web
      kubelet -> apiserver: status pod/web phase=Running ready=true
    }
    pod web: Running and Ready and restarts >= 1
  }
}`);
    expect(res.expectations.map((e) => [e.text, e.ok, e.message])).toEqual(res.expectations.map((e) => [e.text, true, '']));
    const step2 = res.trace.messages.filter((m) => m.step === 2 && m.verb === 'status' && m.target === 'pod/web');
    expect(step2.map((m) => m.attrs.reason ?? (m.attrs.ready === 'true' ? 'Ready' : ''))).toEqual(['Error', 'Ready']);
  });

  it('posts node status every 5 minutes as a hidden heartbeat, besides the Lease every 10 s', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "quiet" {
  given cluster one
  when { wait 6m }
  then { node worker-1: Ready }
}`);
    const leases = res.trace.messages.filter((m) => m.from === 'kubelet@worker-1' && m.target === 'lease/worker-1');
    const status = res.trace.messages.filter((m) => m.from === 'kubelet@worker-1' && m.verb === 'status' && m.target === 'node/worker-1');
    expect(leases.length).toBeGreaterThanOrEqual(35);
    expect(leases.every((m) => m.hidden === 'heartbeat')).toBe(true);
    expect(status.length).toBe(1);
    expect(status[0]!.hidden).toBe('heartbeat');
  });
});

describe('kubelet during an etcd outage', () => {
  it('retries a status write that failed with 500 (the etcd error) until etcd is back', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "outage" {
  given cluster one
  when {
    kubectl run web --image=nginx:1.27
    wait 1s
    etcd unavailable for 25s
  }
  then {
    sequence {
      kubelet -> apiserver: status pod/web phase=Running
      apiserver -> kubelet: response pod/web code=500
      kubelet -> apiserver: status pod/web phase=Running
      apiserver -> kubelet: response pod/web code=200
    }
    pod web: Running and Ready
  }
}`);
    expect(res.expectations.map((e) => [e.ok, e.message])).toEqual(res.expectations.map(() => [true, '']));
  });
});

describe('node lifecycle when every node is down', () => {
  it('enters master disruption mode and evicts nothing', () => {
    const res = run(`
cluster two { node worker-[1..2] { cpu 4; memory 8Gi } }
scenario "all down" {
  given cluster two
  given { kubectl run solo --image=nginx:1.27 }
  when { fail node worker-1; fail node worker-2; wait 7m }
  then {
    node worker-1: NotReady
    node worker-2: NotReady
    no event pod/solo TaintManagerEviction
    pod solo: Running
  }
}`);
    expect(res.expectations.map((e) => [e.text, e.ok, e.message])).toEqual(res.expectations.map((e) => [e.text, true, '']));
    expect(res.trace.notes.map((n) => n.text)).toContainEqual(expect.stringContaining('entering master disruption mode'));
  });
});
