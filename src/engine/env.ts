/**
 * What every component of one simulated cluster shares: the event loop, the trace recorder, the
 * seeded random source and the latencies.
 */
import { EventLoop } from './sim/loop.js';
import { Random } from './sim/random.js';
import { TraceRecorder } from '../trace/recorder.js';

/**
 * Simulated latencies in ms. Defaults are close to a real cluster's (TRACE-EXAMPLE.md): the
 * apiserver answers in a few ms, an image pull takes 1.5 s, a sandbox with networking ~300 ms.
 */
export interface Latency {
  /** apiserver handling of a request before it writes to etcd. */
  apiserver: number;
  /** mutating + validating admission of creates and updates, on top of `apiserver`. */
  admission: number;
  /** etcd: from a put to its reply. */
  etcd: number;
  /** a watch notification's delivery. */
  watch: number;
  /** a controller's reaction to a watch notification. */
  controller: number;
  /** one scheduling cycle. */
  scheduler: number;
  /** the kubelet's reaction to a pod notification. */
  kubelet: number;
  /** RunPodSandbox until the runtime calls CNI ADD. */
  sandbox: number;
  /** CNI ADD. */
  cni: number;
  /** Pulling an image (default; per image in `imagePullByImage`). */
  imagePull: number;
  imagePullByImage: Map<string, number>;
  containerCreate: number;
  containerStart: number;
  /** StopContainer (the container's own shutdown, when it exits promptly on SIGTERM). */
  containerStop: number;
  /** kube-proxy: from a Service/EndpointSlice change to its iptables sync. */
  proxySync: number;
}

export function defaultLatency(): Latency {
  return {
    apiserver: 1,
    admission: 1,
    etcd: 2,
    watch: 1,
    controller: 1,
    scheduler: 1,
    kubelet: 1,
    sandbox: 188,
    cni: 120,
    imagePull: 1500,
    imagePullByImage: new Map(),
    containerCreate: 50,
    containerStart: 110,
    containerStop: 100,
    proxySync: 5,
  };
}

export class Env {
  readonly loop = new EventLoop();
  readonly rec: TraceRecorder;
  readonly rng: Random;

  constructor(readonly seed: number, readonly latency: Latency = defaultLatency()) {
    this.rec = new TraceRecorder(this.loop);
    this.rng = new Random(seed);
  }

  /** An RFC 3339 timestamp for the current simulated time (the simulation's epoch is 2026-01-01). */
  timestamp(offsetMs = 0): string {
    // Second precision: the string is the same for every call within one simulated second.
    const sec = Math.floor((EPOCH + this.loop.now + offsetMs) / 1000);
    if (sec !== this.tsSecond) {
      this.tsSecond = sec;
      this.tsText = new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    return this.tsText;
  }
  private tsSecond = NaN;
  private tsText = '';

  /** Simulated ms since the simulation's epoch for a timestamp written by `timestamp()`. */
  parseTimestamp(ts: string): number {
    return Date.parse(ts) - EPOCH;
  }
}

const EPOCH = Date.UTC(2026, 0, 1);
