/**
 * Probes and memory limits (issue 13 §2, §3): the probe workers (pkg/kubelet/prober/worker.go —
 * cases after worker_test.go TestFailureThreshold, TestSuccessThreshold, TestInitialDelay and
 * TestStartupProbeDisabledByStarted), the kubelet's kill on a liveness failure
 * (kuberuntime_manager.go computePodActions), OOMKilled, and the language of the faults.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { runScenario } from '../../src/run/run.js';
import { ContainerProbes, probeOutput, type ProbeHost, type ProbeType } from '../../src/engine/kubelet/prober.js';

function run(text: string) {
  const r = checkSource(text, 'probes.kscn', { cwd: __dirname });
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return runScenario(r.file!, r.file!.scenarios[0]!);
}

function ok(res: ReturnType<typeof run>) {
  expect(res.expectations.map((e) => [e.text, e.ok, e.message])).toEqual(res.expectations.map((e) => [e.text, true, '']));
}

/** A fake kubelet: a clock, a timer queue, a failing window per probe type. */
function harness(probes: Partial<Record<ProbeType, any>>, failing: (type: ProbeType, t: number) => boolean, startup = true) {
  let now = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const log: string[] = [];
  let started = startup;
  const host: ProbeHost = {
    now: () => now,
    at: (at, fn) => void timers.push({ at, fn }),
    failing: (type) => failing(type, now),
    output: () => 'HTTP probe failed with statuscode: 500',
    unhealthy: (m) => log.push(`${now} ${m}`),
    result: (type, r) => {
      log.push(`${now} ${type}=${r}`);
      if (type === 'startup' && r) started = true;
    },
    startupPassed: () => started,
    current: () => true,
  };
  const w = new ContainerProbes(host, probes, 0, 0);
  w.start();
  const until = (end: number) => {
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const t = timers[0];
      if (!t || t.at > end) break;
      timers.shift();
      now = t.at;
      t.fn();
    }
  };
  return { until, log };
}

describe('probe workers (prober/worker.go)', () => {
  it('TestFailureThreshold: a liveness result turns Failure only after failureThreshold failures in a row, then holds', () => {
    const h = harness({ liveness: { periodSeconds: 1, failureThreshold: 3 } }, () => true);
    h.until(10_000);
    expect(h.log).toEqual(['1000 Liveness probe failed: HTTP probe failed with statuscode: 500', '2000 Liveness probe failed: HTTP probe failed with statuscode: 500', '3000 Liveness probe failed: HTTP probe failed with statuscode: 500', '3000 liveness=false']);
  });

  it('TestSuccessThreshold: readiness needs successThreshold successes in a row, and a failure resets the count', () => {
    const h = harness({ readiness: { periodSeconds: 1, successThreshold: 3, failureThreshold: 1 } }, (_, t) => t >= 2_500 && t < 3_500);
    h.until(10_000);
    // Ready at the third success (the probe at the start, then two ticks); not ready at the failure; ready three successes later.
    expect(h.log.filter((l) => !l.includes('probe failed'))).toEqual(['2000 readiness=true', '3000 readiness=false', '6000 readiness=true']);
  });

  it('TestInitialDelay: no probe reports within initialDelaySeconds of the start', () => {
    const h = harness({ liveness: { periodSeconds: 1, initialDelaySeconds: 5, failureThreshold: 1 } }, () => true);
    h.until(7_000);
    expect(h.log[0]).toBe('5000 Liveness probe failed: HTTP probe failed with statuscode: 500');
  });

  it('liveness and readiness wait for the startup probe; it stops once passed', () => {
    const h = harness({ startup: { periodSeconds: 2 }, liveness: { periodSeconds: 1, failureThreshold: 1 } }, (type, t) => type === 'startup' ? t < 5_000 : t > 8_000, false);
    h.until(10_000);
    expect(h.log).toEqual([
      '2000 Startup probe failed: HTTP probe failed with statuscode: 500',
      '4000 Startup probe failed: HTTP probe failed with statuscode: 500',
      '6000 startup=true',
      '9000 Liveness probe failed: HTTP probe failed with statuscode: 500',
      '9000 liveness=false',
    ]);
  });

  it('says what each handler says when it fails', () => {
    const c = { ports: [{ name: 'http', containerPort: 8080 }] };
    expect(probeOutput({ httpGet: { port: 80 } }, c, '10.244.1.2')).toBe('HTTP probe failed with statuscode: 500');
    expect(probeOutput({ tcpSocket: { port: 'http' } }, c, '10.244.1.2')).toBe('dial tcp 10.244.1.2:8080: connect: connection refused');
    expect(probeOutput({ grpc: { port: 9000 } }, c, '10.244.1.2')).toBe('service unhealthy (responded with "NOT_SERVING")');
    expect(probeOutput({ exec: { command: ['false'] } }, c, '10.244.1.2')).toBe('');
  });
});

describe('in a cluster', () => {
  it('a liveness failure kills the container after failureThreshold probes and restarts it; without the fault nothing happens', () => {
    const text = (fault: string) => `
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "live" {
  given cluster one
  given {
    apply """
      apiVersion: v1
      kind: Pod
      metadata: { name: web, labels: { app: web } }
      spec:
        containers: [{ name: web, image: nginx:1.27, livenessProbe: { httpGet: { path: /, port: 80 }, periodSeconds: 10, failureThreshold: 2 } }]
    """
  }
  when { ${fault}; wait 40s }
  then { pod web: Running }
}`;
    const res = run(text('probe liveness of pods app=web fails for 25s'));
    ok(res);
    const ev = res.trace.events.filter((e) => e.step === 1);
    const unhealthy = ev.filter((e) => e.reason === 'Unhealthy');
    const killing = ev.find((e) => e.reason === 'Killing')!;
    expect(killing.message).toBe('Container web failed liveness probe, will be restarted');
    // The second failure in a row kills it, at that probe.
    expect(killing.timeMs).toBe(unhealthy[1]!.timeMs);
    expect(unhealthy[1]!.timeMs - unhealthy[0]!.timeMs).toBe(10_000);
    const quiet = run(text('wait 1s'));
    expect(quiet.trace.events.filter((e) => e.reason === 'Unhealthy' || e.reason === 'Killing')).toEqual([]);
  });

  it('restartPolicy Never: the kill does not say it will be restarted, and the container stays terminated', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "never" {
  given cluster one
  when {
    apply """
      apiVersion: v1
      kind: Pod
      metadata: { name: once, labels: { app: once } }
      spec:
        restartPolicy: Never
        containers: [{ name: main, image: nginx:1.27, livenessProbe: { exec: { command: [cat, /tmp/ok] }, periodSeconds: 5, failureThreshold: 1 } }]
    """
    probe liveness of pods app=once fails
    wait 20s
  }
  then {
    event pod/once Unhealthy "Liveness probe failed: "
    event pod/once Killing "Container main failed liveness probe"
    pod once: restarts <= 0 and Succeeded|Failed
  }
}`);
    ok(res);
  });

  it('a readiness failure marks the EndpointSlice endpoint not ready, and back', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "ready" {
  given cluster one
  given {
    apply """
      apiVersion: v1
      kind: Pod
      metadata: { name: web, labels: { app: web } }
      spec:
        containers: [{ name: web, image: nginx:1.27, ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { path: /, port: 80 }, periodSeconds: 5, failureThreshold: 1 } }]
    """
    apply """
      apiVersion: v1
      kind: Service
      metadata: { name: web }
      spec: { selector: { app: web }, ports: [{ port: 80 }] }
    """
  }
  when { probe readiness of pods app=web fails for 12s; wait 30s }
  then {
    endpointslice web-*: .endpoints[0].conditions.ready == "false" within 10s
    pod web: Ready within 30s
    endpointslice web-*: .endpoints[0].conditions.ready == "true" within 30s
  }
}`);
    ok(res);
  });

  it('memory over the limit: OOMKilled with exit 137; under it, or with no limit, nothing', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "oom" {
  timeout 20s
  given cluster one
  given {
    apply """
      apiVersion: v1
      kind: Pod
      metadata: { name: small, labels: { tier: x } }
      spec: { containers: [{ name: c, image: nginx:1.27, resources: { limits: { memory: 100Mi } } }] }
    """
    apply """
      apiVersion: v1
      kind: Pod
      metadata: { name: big, labels: { tier: x } }
      spec: { containers: [{ name: c, image: nginx:1.27, resources: { limits: { memory: 1Gi } } }] }
    """
    apply """
      apiVersion: v1
      kind: Pod
      metadata: { name: free, labels: { tier: x } }
      spec: { containers: [{ name: c, image: nginx:1.27 }] }
    """
  }
  when { pods tier=x use memory 200Mi }
  then {
    pod small: .status.containerStatuses[0].lastState.terminated.reason == OOMKilled within 20s
    pod big: restarts <= 0 and Running
    pod free: restarts <= 0 and Running
  }
}`);
    ok(res);
    const first = res.trace.changes.find((c) => c.key === '/registry/pods/default/small' && (c.value as any)?.status?.containerStatuses?.[0]?.state?.terminated);
    expect((first!.value as any).status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });
});

describe('the language of the faults', () => {
  const diag = (fault: string) => checkSource(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "x" {
  given cluster one
  when { ${fault} }
}`, 'f.kscn', { cwd: __dirname }).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message]);

  it('takes the three probe types, `for D`, and memory quantities', () => {
    expect(diag('probe liveness of pods app=web fails')).toEqual([]);
    expect(diag('probe readiness of pods web-* fails for 30s')).toEqual([]);
    expect(diag('probe startup of pods a=b,c=d fails for 1m')).toEqual([]);
    expect(diag('pods app=web use memory 600Mi')).toEqual([]);
  });

  it('refuses the rest with located errors', () => {
    expect(diag('probe health of pods app=web fails')).toEqual([['E-PARSE', 'a probe is liveness, readiness or startup, not `health`']]);
    expect(diag('probe liveness for pods app=web fails')[0]?.[1]).toBe('expected `of` after `probe liveness`');
    expect(diag('probe liveness of pods app=web fails for soon')[0]?.[1]).toBe('"soon" is not a duration');
    expect(diag('pods app=web use memory lots')).toEqual([['E-QUANTITY', '"lots" is not a quantity']]);
    expect(diag('pods app=web use cpu 500m')[0]).toEqual(['E-NOT-SIMULATED', 'kscn does not simulate `use cpu` yet: there is no metrics pipeline and no HorizontalPodAutoscaler to read it']);
  });
});
