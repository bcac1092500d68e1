/**
 * One pod's worker in the kubelet (SyncPod): sandbox, then init containers one by one to
 * completion, then the app containers in spec order (pull, create, start), status through the
 * apiserver; restarts with CrashLoopBackOff, image-pull back-off, and graceful termination.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Kubelet } from './kubelet.js';
import { buildStatus, type ContainerRun, type PodRun } from './status.js';
import { imageWithTag } from '../../manifests/defaults.js';
import { imageSize } from './runtime/runtime.js';

/** CrashLoopBackOff: 10 s doubling to 300 s (kubelet.go); image pulls the same (imageBackOffPeriod). */
export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;
/** The status manager's periodic sync (syncPeriod 10 s) retries failed status writes. */
export const STATUS_RETRY_MS = 10_000;

export class PodWorker {
  pod: KubeObject;
  readonly run: PodRun;
  private terminating = false;
  private stopped = false;
  private lastStatus = '';
  private timers: ReturnType<Kubelet['env']['loop']['after']>[] = [];

  constructor(private readonly kl: Kubelet, pod: KubeObject) {
    this.pod = pod;
    const spec = (pod as any).spec;
    this.run = {
      hostIP: kl.hostIP,
      sandboxReady: false,
      phase: 'Pending',
      startTime: kl.env.timestamp(),
      containers: [
        ...((spec.initContainers ?? []) as any[]).map((c) => this.newContainer(c, true)),
        ...((spec.containers ?? []) as any[]).map((c) => this.newContainer(c, false)),
      ],
    };
  }

  private newContainer(c: any, init: boolean): ContainerRun {
    return { name: c.name, image: imageWithTag(String(c.image)), init, state: 'waiting', reason: init ? 'PodInitializing' : 'ContainerCreating', restartCount: 0, ready: false, started: false };
  }

  private get name(): string {
    return this.pod.metadata.name;
  }

  private after(ms: number, fn: () => void): void {
    this.timers.push(this.kl.env.loop.after(ms, () => {
      if (!this.stopped && this.kl.alive) fn();
    }));
  }

  private spec(c: ContainerRun): any {
    const s = (this.pod as any).spec;
    return ((c.init ? s.initContainers : s.containers) as any[]).find((x) => x.name === c.name);
  }

  /** Start the pod: sandbox, init containers, app containers. */
  start(): void {
    const dns = this.kl.clusterDNS;
    this.kl.runtime.runPodSandbox(this.name, dns, (ip) => {
      if (this.stopped) return;
      this.run.ip = ip;
      this.run.sandboxReady = true;
      this.startNext();
    });
  }

  /** Start the next container that should run: the first unfinished init container, else every app container in turn. */
  private startNext(): void {
    if (this.terminating) return;
    const init = this.run.containers.filter((c) => c.init);
    const pendingInit = init.find((c) => !(c.state === 'terminated' && c.exitCode === 0));
    if (pendingInit) {
      if (pendingInit.state === 'waiting' && !pendingInit.started) this.startContainer(pendingInit, () => this.startNext());
      return;
    }
    const next = this.run.containers.find((c) => !c.init && c.state === 'waiting' && c.reason !== 'CrashLoopBackOff' && c.reason !== 'ImagePullBackOff' && c.reason !== 'ErrImagePull' && !c.started);
    if (next) this.startContainer(next, () => this.startNext());
    else this.pushStatus();
  }

  /** EnsureImageExists, CreateContainer, StartContainer (startContainer in kuberuntime_container.go). */
  private startContainer(c: ContainerRun, then: () => void): void {
    this.ensureImage(c, () => {
      this.kl.runtime.createContainer(this.name, c.name, () => {
        if (this.terminating) return;
        this.event('Normal', 'Created', `Created container: ${c.name}`, c);
        this.kl.runtime.startContainer(this.name, c.name, () => {
          if (this.terminating) return;
          this.event('Normal', 'Started', `Started container ${c.name}`, c);
          c.state = 'running';
          c.reason = undefined;
          c.message = undefined;
          c.started = true;
          c.startedAt = this.kl.env.timestamp();
          c.containerID = `containerd://${this.kl.env.rng.nextU32().toString(16).padStart(8, '0')}${c.restartCount}`;
          c.imageID = `${fullImageRef(c.image).replace(/:[^:/]+$/, '')}@sha256:${imageSize(c.image).toString(16).padStart(12, '0')}`;
          this.onRunning(c);
          then();
        });
      });
    });
  }

  private onRunning(c: ContainerRun): void {
    const spec = this.spec(c);
    if (c.init) {
      // An init container runs to completion (exit 0) shortly after it starts.
      this.after(1000, () => this.exited(c, 0));
      return;
    }
    const crash = this.kl.faults.crashFor(this.pod);
    if (crash) {
      const uid = this.pod.metadata.uid ?? this.name;
      crash.count.set(uid, (crash.count.get(uid) ?? 0) + 1);
      this.after(crash.afterMs, () => this.exited(c, crash.exitCode));
    }
    const probe = spec?.readinessProbe;
    if (probe) {
      // The first probe runs after initialDelaySeconds; it succeeds (the simulation has no failing probes).
      const delay = (probe.initialDelaySeconds ?? 0) * 1000 + 100;
      this.after(delay, () => {
        if (c.state !== 'running') return;
        c.ready = true;
        this.pushStatus();
      });
    } else c.ready = true;
    this.updatePhase();
  }

  /** A container exited: restart it after a back-off, or let the pod finish, as restartPolicy says. */
  private exited(c: ContainerRun, exitCode: number): void {
    if (c.state !== 'running' || this.terminating) return;
    c.state = 'terminated';
    c.exitCode = exitCode;
    c.reason = exitCode === 0 ? 'Completed' : exitCode === 137 ? 'OOMKilled' : 'Error';
    c.finishedAt = this.kl.env.timestamp();
    c.ready = false;
    if (c.init && exitCode === 0) {
      this.pushStatus();
      this.startNext();
      return;
    }
    const policy = (this.pod as any).spec.restartPolicy ?? 'Always';
    const restart = policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
    if (!restart) {
      this.updatePhase();
      this.pushStatus();
      return;
    }
    this.updatePhase();
    this.pushStatus();
    // CrashLoopBackOff: 10 s, 20 s, 40 s … 300 s between restarts.
    // The back-off doubles per restart, and starts again at 10 s once a container ran for 2 × 300 s (client-go flowcontrol.Backoff).
    const ranMs = this.kl.env.parseTimestamp(c.finishedAt!) - this.kl.env.parseTimestamp(c.startedAt ?? c.finishedAt!);
    c.backoffStep = ranMs > 2 * MAX_BACKOFF_MS ? 0 : (c.backoffStep ?? -1) + 1;
    const backoff = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** c.backoffStep);
    this.after(1000, () => {
      c.lastTerminated = { exitCode: c.exitCode!, reason: c.reason!, startedAt: c.startedAt, finishedAt: c.finishedAt };
      c.state = 'waiting';
      c.reason = 'CrashLoopBackOff';
      c.message = `back-off ${formatDuration(backoff)} restarting failed container=${c.name} pod=${this.name}_${this.pod.metadata.namespace}(${this.pod.metadata.uid})`;
      this.event('Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${this.name}_${this.pod.metadata.namespace}(${this.pod.metadata.uid})`, c);
      this.updatePhase();
      this.pushStatus();
      this.after(backoff - 1000, () => {
        c.restartCount++;
        c.started = false;
        this.startContainer(c, () => this.pushStatus());
      });
    });
  }

  private ensureImage(c: ContainerRun, then: () => void, attempt = 0): void {
    const spec = this.spec(c);
    const policy = spec?.imagePullPolicy ?? 'IfNotPresent';
    const present = this.kl.runtime.images.has(c.image);
    // These two messages name the image as the container spec writes it (requestedImage), not with its default tag.
    const requested = String(spec?.image ?? c.image);
    if (policy === 'Never' && !present) {
      c.reason = 'ErrImageNeverPull';
      c.message = `Container image "${requested}" is not present with pull policy of Never`;
      this.event('Warning', 'ErrImageNeverPull', c.message, c);
      this.pushStatus();
      return;
    }
    if (present && policy !== 'Always') {
      this.event('Normal', 'Pulled', `Container image "${requested}" already present on machine`, c);
      return then();
    }
    const fails = this.kl.faults.failingImages.has(c.image) || this.kl.faults.failingImages.has(String(spec?.image));
    this.event('Normal', 'Pulling', `Pulling image "${c.image}"`, c);
    const duration = this.kl.faults.pullTimes.get(c.image) ?? this.kl.faults.pullTimes.get(String(spec?.image)) ?? this.kl.env.latency.imagePullByImage.get(c.image) ?? this.kl.env.latency.imagePullByImage.get(String(spec?.image)) ?? this.kl.env.latency.imagePull;
    this.kl.pullImage(c.image, duration, fails, (ok, waitedMs) => {
      if (this.terminating) return;
      if (ok) {
        const secs = (ms: number) => formatDuration(ms);
        this.event('Normal', 'Pulled', `Successfully pulled image "${c.image}" in ${secs(duration)} (${secs(duration + waitedMs)} including waiting). Image size: ${imageSize(c.image)} bytes.`, c);
        return then();
      }
      const ref = fullImageRef(c.image);
      const err = `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
      this.event('Warning', 'Failed', `Failed to pull image "${c.image}": ${err}`, c);
      this.event('Warning', 'Failed', 'Error: ErrImagePull', c);
      c.reason = 'ErrImagePull';
      c.message = err;
      this.pushStatus();
      const backoff = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** attempt);
      this.after(1000, () => {
        this.event('Normal', 'BackOff', `Back-off pulling image "${c.image}"`, c);
        this.event('Warning', 'Failed', 'Error: ImagePullBackOff', c);
        c.reason = 'ImagePullBackOff';
        c.message = `Back-off pulling image "${c.image}": ErrImagePull: ${err}`;
        this.pushStatus();
        this.after(backoff, () => this.ensureImage(c, then, attempt + 1));
      });
    });
  }

  private updatePhase(): void {
    const app = this.run.containers.filter((c) => !c.init);
    const policy = (this.pod as any).spec.restartPolicy ?? 'Always';
    if (app.every((c) => c.state === 'terminated')) {
      if (policy === 'Always') this.run.phase = 'Running';
      else if (app.every((c) => c.exitCode === 0)) this.run.phase = 'Succeeded';
      else if (policy === 'Never' || app.every((c) => c.exitCode === 0)) this.run.phase = 'Failed';
      else this.run.phase = 'Running';
    } else if (app.some((c) => c.state === 'running' || c.state === 'terminated' || c.restartCount > 0 || c.lastTerminated)) this.run.phase = 'Running';
    else this.run.phase = 'Pending';
  }

  /** Report the status again even if it did not change (after the node was down). */
  resync(): void {
    this.lastStatus = '';
    this.pushStatus();
  }

  /** Write the status through the apiserver when it changed. */
  pushStatus(): void {
    if (!this.kl.alive) return;
    this.updatePhase();
    const status = buildStatus(this.run, (this.pod as any).status, this.kl.env.timestamp());
    const key = JSON.stringify({ ...status, conditions: status.conditions.map((c: any) => [c.type, c.status]) });
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    const ready = status.conditions.find((c: any) => c.type === 'Ready')?.status === 'True';
    const waiting = status.containerStatuses.map((s: any) => s.state.waiting?.reason).find(Boolean);
    const attrs: Record<string, string> = { phase: status.phase, ready: String(ready) };
    if (waiting) attrs.reason = waiting;
    const label = `PATCH pods/${this.name}/status ${status.phase}${ready ? ', Ready' : ''}${waiting ? ` (${waiting})` : ''}`;
    this.kl.client.request({ verb: 'status', resource: 'pods', namespace: this.pod.metadata.namespace, name: this.name, body: { status }, attrs, label }, (res) => {
      // The status manager retries a write that failed (etcd down, a conflict) on its next sync.
      if (res.code >= 500 || res.code === 409) {
        this.lastStatus = '';
        this.after(STATUS_RETRY_MS, () => this.pushStatus());
      }
    });
  }

  /** The pod is being deleted: stop its containers (Killing), remove the sandbox, delete it for good. */
  terminate(): void {
    if (this.terminating) return;
    this.terminating = true;
    const running = this.run.containers.filter((c) => c.state === 'running');
    let left = running.length;
    const finish = () => {
      this.kl.runtime.removePodSandbox(this.name, this.run.ip, () => {
        this.stopped = true;
        this.kl.client.request({ verb: 'delete', resource: 'pods', namespace: this.pod.metadata.namespace, name: this.name, gracePeriodSeconds: 0 });
      });
    };
    if (!left) return finish();
    for (const c of running) {
      this.event('Normal', 'Killing', `Stopping container ${c.name}`, c);
      // The simulated containers exit on SIGTERM after `containerStop`; the grace period bounds it (then SIGKILL).
      const grace = ((this.pod.metadata.deletionGracePeriodSeconds ?? (this.pod as any).spec.terminationGracePeriodSeconds ?? 30) as number) * 1000;
      this.kl.runtime.stopContainer(this.name, c.name, Math.min(this.kl.env.latency.containerStop, grace), () => {
        c.state = 'terminated';
        c.exitCode = 0;
        c.reason = 'Completed';
        c.ready = false;
        if (--left === 0) finish();
      });
    }
  }

  /** Forget the pod (deleted); pending work is dropped. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) this.kl.env.loop.cancel(t);
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string, c?: ContainerRun): void {
    const fieldPath = c ? `spec.${c.init ? 'initContainers' : 'containers'}{${c.name}}` : undefined;
    this.kl.client.event({ involved: this.pod, type, reason, message, fieldPath });
  }
}

/** Go's time.Duration format for whole and fractional seconds and minutes: `1.5s`, `10s`, `5m0s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(3)}s`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = +((ms % 60_000) / 1000).toFixed(3);
  return h ? `${h}h${m}m${s}s` : `${m}m${s}s`;
}

/** The fully qualified reference containerd resolves: `busybox:latest` → `docker.io/library/busybox:latest`; a registry host is kept. */
export function fullImageRef(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return `docker.io/library/${image}`;
  const host = image.slice(0, slash);
  return host.includes('.') || host.includes(':') || host === 'localhost' ? image : `docker.io/${image}`;
}
