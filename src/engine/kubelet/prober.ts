/**
 * The kubelet's probe workers (pkg/kubelet/prober/worker.go, prober.go): one per container and
 * probe type, ticking every periodSeconds from when the pod was added. A probe within
 * initialDelaySeconds of the container's start reports nothing; liveness and readiness wait for
 * the startup probe to pass, which then stops. A result changes only after failureThreshold
 * failures or successThreshold successes in a row; every failure is recorded (Warning Unhealthy
 * "<Type> probe failed: <output>"). A liveness or startup failure puts the worker on hold until
 * the container is started again. The readiness worker also runs at once when the kubelet sees the
 * container running (prober_manager.go UpdatePodStatus triggers it).
 *
 * The simulated probes succeed unless a fault (`probe TYPE of pods SELECTOR fails [for D]`) makes
 * them fail; the answer comes at once (timeoutSeconds is never reached).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

export type ProbeType = 'liveness' | 'readiness' | 'startup';

/** A probe's periodSeconds when the spec leaves it out. */
export const DEFAULT_PROBE_PERIOD_MS = 10_000;

export interface ProbeHost {
  now(): number;
  /** Run `fn` at absolute time `at` unless the pod's work was dropped; `idle`: periodic work that does not keep a step busy. */
  at(at: number, fn: () => void, idle: boolean): void;
  /** Whether a fault makes this probe fail now. */
  failing(type: ProbeType): boolean;
  /** The probe's failure output (prober.go: the handler's message). */
  output(type: ProbeType): string;
  /** Record Warning Unhealthy. */
  unhealthy(message: string): void;
  /** A probe's result changed past its threshold. */
  result(type: ProbeType, ok: boolean): void;
  /** Whether the container's startup probe has passed (or it has none). */
  startupPassed(): boolean;
  /** Whether the container still runs the same start the workers were made for. */
  current(): boolean;
}

const TITLE: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

export function periodMs(probe: any): number {
  return probe?.periodSeconds ? Math.max(1, Number(probe.periodSeconds)) * 1000 : DEFAULT_PROBE_PERIOD_MS;
}

/** The probe workers of one run of one container. */
export class ContainerProbes {
  private readonly state = new Map<ProbeType, { last?: boolean; run: number; onHold: boolean; ok: boolean | undefined }>();

  constructor(
    private readonly host: ProbeHost,
    private readonly probes: Partial<Record<ProbeType, any>>,
    /** When the pod worker was added: every worker ticks from then. */
    private readonly workerMs: number,
    /** When the container started. */
    private readonly startedMs: number,
  ) {
    // Initial results (worker.go newWorker): readiness Failure, liveness Success, startup Unknown.
    for (const type of Object.keys(probes) as ProbeType[]) this.state.set(type, { run: 0, onHold: false, ok: type === 'readiness' ? false : type === 'liveness' ? true : undefined });
  }

  start(): void {
    const first = Math.max(this.host.now(), this.startedMs) + 100;
    for (const type of this.state.keys()) {
      // The status sync that follows the start triggers the readiness worker at once.
      if (type === 'readiness') this.host.at(first, () => this.probe(type), false);
      this.schedule(type, type === 'readiness' ? first + 1 : first);
    }
  }

  /** A fault was declared: the next tick of each worker is work in progress again. */
  nudge(): void {
    const now = this.host.now();
    for (const type of this.state.keys()) this.host.at(this.nextTick(type, now + 1), () => {}, false);
  }

  private nextTick(type: ProbeType, from: number): number {
    const period = periodMs(this.probes[type]);
    return this.workerMs + Math.ceil((from - this.workerMs) / period) * period;
  }

  /** The next tick: idle when nothing will change (the probe passes and its result says so). */
  private schedule(type: ProbeType, from: number): void {
    const t = this.nextTick(type, from);
    const s = this.state.get(type)!;
    const settled = !this.host.failing(type) && s.ok === true && !s.onHold;
    const startupPending = type !== 'startup' && !this.host.startupPassed();
    this.host.at(t, () => {
      if (!this.host.current()) return;
      this.probe(type);
      this.schedule(type, t + 1);
    }, settled || startupPending || (type === 'startup' && s.ok === true));
  }

  /** worker.doProbe. */
  private probe(type: ProbeType): void {
    if (!this.host.current()) return;
    const s = this.state.get(type)!;
    if (s.onHold) return;
    const spec = this.probes[type];
    const delay = Math.max(0, Number(spec?.initialDelaySeconds ?? 0));
    if (Math.floor((this.host.now() - this.startedMs) / 1000) < delay) return;
    const started = this.host.startupPassed();
    if (type === 'startup' ? started : !started) return;
    const ok = !this.host.failing(type);
    if (!ok) this.host.unhealthy(`${TITLE[type]} probe failed: ${this.host.output(type)}`);
    if (s.last === ok) s.run++;
    else {
      s.last = ok;
      s.run = 1;
    }
    const threshold = ok ? Math.max(1, Number(spec?.successThreshold ?? 1)) : Math.max(1, Number(spec?.failureThreshold ?? 3));
    if (s.run < threshold) return;
    const changed = s.ok !== ok;
    s.ok = ok;
    if ((type === 'liveness' || type === 'startup') && !ok) {
      s.onHold = true;
      s.run = 0;
    }
    if (changed || !ok) this.host.result(type, ok);
  }
}

/**
 * The failure output of a probe's handler: an HTTP probe answered 500 (http.go "HTTP probe failed
 * with statuscode: %d"), a TCP probe refused (the dialer's "dial tcp IP:PORT: connect: connection
 * refused"), an exec probe's command output (empty), a gRPC probe NOT_SERVING.
 */
export function probeOutput(probe: any, container: any, podIP: string | undefined): string {
  if (probe?.httpGet) return 'HTTP probe failed with statuscode: 500';
  if (probe?.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, container);
    return `dial tcp ${probe.tcpSocket.host || podIP || ''}:${port}: connect: connection refused`;
  }
  if (probe?.grpc) return 'service unhealthy (responded with "NOT_SERVING")';
  return '';
}

/** A named port resolves through the container's ports (findPortByName). */
export function resolvePort(port: unknown, container: any): string {
  if (typeof port === 'number' || /^\d+$/.test(String(port))) return String(port);
  const p = ((container?.ports ?? []) as any[]).find((x) => x?.name === port);
  return p ? String(p.containerPort) : String(port);
}
