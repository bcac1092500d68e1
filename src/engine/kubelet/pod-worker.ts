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
import type { CrashFault } from '../faults.js';
import { imageSize } from './runtime/runtime.js';
import { containerEnvError, mountRetryMs, volumeSetUpErrors } from './volumes.js';
import { ContainerProbes, probeOutput, type ProbeType } from './prober.js';
import { units } from '../../manifests/quantity.js';

/** CrashLoopBackOff: 10 s doubling to 300 s (kubelet.go); image pulls the same (imageBackOffPeriod). */
export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;
/** The status manager's periodic sync (syncPeriod 10 s) retries failed status writes. */
export const STATUS_RETRY_MS = 10_000;
/** The pod worker's requeue after a failed sync (kubelet.go backOffPeriod, jittered by 0.5 in pod_workers.go). */
export const SYNC_BACKOFF_MS = 10_000;
/** PLEG relist period: the kubelet learns that a container exited within a second. */
export const PLEG_RELIST_MS = 1_000;
/** A probe's periodSeconds when the spec leaves it out. */
const DEFAULT_PROBE_PERIOD_MS = 10_000;
/**
 * How long after it starts (or after `use memory` is declared) a container over its memory limit
 * is killed by the kernel's OOM killer. Simplification: the container reaches the memory it uses
 * this long after it starts.
 */
export const OOM_AFTER_MS = 1_000;

export class PodWorker {
  pod: KubeObject;
  readonly run: PodRun;
  private terminating = false;
  private stopped = false;
  private lastStatus = '';
  /** Bumped when the kubelet comes back after being down: work begun before is forgotten and begun again. */
  private epoch = 0;
  private timers: ReturnType<Kubelet['env']['loop']['after']>[] = [];
  /** When the worker started: the probe workers are added then and tick every periodSeconds from it. */
  private readonly createdMs: number;
  /** Failed SetUps of the pod's volumes in a row (the volume manager's back-off). */
  private mountFailures = 0;

  constructor(private readonly kl: Kubelet, pod: KubeObject) {
    this.pod = pod;
    this.createdMs = kl.env.loop.now;
    const spec = (pod as any).spec;
    // convertToAPIContainerStatuses: in a pod with init containers every container waits as PodInitializing.
    const hasInit = ((spec.initContainers ?? []) as any[]).length > 0;
    this.run = {
      hostIP: kl.hostIP,
      sandboxReady: false,
      phase: 'Pending',
      startTime: kl.env.timestamp(),
      containers: [
        ...((spec.initContainers ?? []) as any[]).map((c) => this.newContainer(c, true, hasInit)),
        ...((spec.containers ?? []) as any[]).map((c) => this.newContainer(c, false, hasInit)),
      ],
    };
  }

  private newContainer(c: any, init: boolean, hasInit: boolean): ContainerRun {
    return { name: c.name, image: imageWithTag(String(c.image)), init, state: 'waiting', reason: hasInit ? 'PodInitializing' : 'ContainerCreating', restartCount: 0, ready: false, started: false };
  }

  private get name(): string {
    return this.pod.metadata.name;
  }

  /** Kubelet work later; dropped once the pod is being deleted or gone, or if the kubelet went down meanwhile. */
  private after(ms: number, fn: () => void, periodic = false): void {
    const epoch = this.epoch;
    this.timers.push(this.kl.env.loop.after(Math.max(0, ms), () => {
      if (!this.stopped && !this.terminating && this.kl.alive && epoch === this.epoch) fn();
    }, periodic ? { periodic: true } : undefined));
  }

  /** What happens in this run of the container itself (it exits); it happens whether the kubelet is up or not. */
  private inContainer(c: ContainerRun, ms: number, fn: () => void): void {
    const run = c.restartCount;
    this.timers.push(this.kl.env.loop.after(ms, () => {
      if (!this.stopped && !this.terminating && c.restartCount === run) fn();
    }));
  }

  /** A callback of work started now, dropped if the kubelet went down since (its work is picked up again by resync). */
  private current<A extends unknown[]>(fn: (...a: A) => void): (...a: A) => void {
    const epoch = this.epoch;
    return (...a: A) => {
      if (!this.stopped && !this.terminating && this.kl.alive && epoch === this.epoch) fn(...a);
    };
  }

  private spec(c: ContainerRun): any {
    const s = (this.pod as any).spec;
    return ((c.init ? s.initContainers : s.containers) as any[]).find((x) => x.name === c.name);
  }

  /** Start the pod: volumes, sandbox, init containers, app containers. */
  start(): void {
    this.mountVolumes(() => this.startSandbox());
  }

  /**
   * WaitForAttachAndMount: the volume manager sets up every volume of the pod before the sandbox
   * is made. A SetUp that fails is recorded (Warning FailedMount "MountVolume.SetUp failed for
   * volume …") and tried again after its back-off (500 ms doubling to 2 m 2 s), until the
   * ConfigMap or Secret it needs appears; meanwhile the pod stays Pending, ContainerCreating.
   * Simplification: the volume manager's "Unable to attach or mount volumes" summary, written
   * each time the 2 m wait of a pod sync runs out, is not recorded.
   */
  private mountVolumes(then: () => void): void {
    const errors = volumeSetUpErrors(this.pod, this.kl.configs);
    if (!errors.length) {
      this.mountFailures = 0;
      return then();
    }
    for (const e of errors) this.event('Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${e.volume}" : ${e.error}`);
    if (this.mountFailures++ === 0) this.pushStatus();
    this.after(mountRetryMs(this.mountFailures), () => this.mountVolumes(then));
  }

  private startSandbox(): void {
    const spec = (this.pod as any).spec;
    this.kl.runtime.runPodSandbox(this.name, podDNS(spec, this.kl.clusterDNS), spec.hostNetwork ? this.kl.hostIP : undefined, this.current((ip: string) => {
      this.run.ip = ip;
      this.run.sandboxReady = true;
      this.startNext();
    }), podFQDN(this.pod));
  }

  /** Start the next container that should run: the first unfinished init container, else every app container in turn. */
  private startNext(report = true): void {
    if (this.terminating) return;
    const init = this.run.containers.filter((c) => c.init);
    const pendingInit = init.find((c) => !(c.state === 'terminated' && c.exitCode === 0));
    if (pendingInit) {
      if (pendingInit.state === 'waiting' && !pendingInit.started && !pendingInit.starting) this.startContainer(pendingInit, () => this.startNext());
      // An init container runs: the status shows it (kubectl's Init:N/M).
      else if (pendingInit.state === 'running') this.pushStatus();
      return;
    }
    const next = this.run.containers.find((c) => !c.init && c.state === 'waiting' && !['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'ErrImageNeverPull', 'CreateContainerConfigError'].includes(c.reason ?? '') && !c.started && !c.starting);
    if (next) this.startContainer(next, () => this.startNext());
    else if (report) this.pushStatus();
  }

  /** EnsureImageExists, CreateContainer, StartContainer (startContainer in kuberuntime_container.go). */
  private startContainer(c: ContainerRun, then: () => void): void {
    c.starting = true;
    // SyncPod starts the pod's containers one after another; one whose image cannot be pulled does
    // not hold up the next (an init container does: the next waits for it to complete).
    const failed = () => {
      if (!c.init) this.startNext();
    };
    this.ensureImage(c, () => {
      // generateContainerConfig: the environment from ConfigMaps and Secrets must resolve.
      const envError = containerEnvError(this.pod, this.spec(c), this.kl.configs);
      if (envError) return this.configError(c, envError, then, failed);
      this.kl.runtime.createContainer(this.name, c.name, c.image, this.current(() => {
        this.event('Normal', 'Created', 'Container created', c);
        this.kl.runtime.startContainer(this.name, c.name, c.image, this.current(() => {
          this.event('Normal', 'Started', 'Container started', c);
          c.starting = false;
          c.state = 'running';
          c.reason = undefined;
          c.message = undefined;
          c.started = true;
          c.startedAt = this.kl.env.timestamp();
          c.startedAtMs = this.kl.env.loop.now;
          c.containerID = `containerd://${this.kl.env.rng.nextU32().toString(16).padStart(8, '0')}${c.restartCount}`;
          c.imageID = `${fullImageRef(c.image).replace(/:[^:/]+$/, '')}@sha256:${imageSize(c.image).toString(16).padStart(12, '0')}`;
          this.onRunning(c);
          then();
        }));
      }));
    }, failed);
  }

  private onRunning(c: ContainerRun): void {
    const spec = this.spec(c);
    if (c.init) {
      // An init container runs to completion (exit 0) shortly after it starts.
      this.inContainer(c, 1000, () => this.exited(c, 0));
      return;
    }
    const crash = this.kl.faults.crashFor(this.pod);
    if (crash) {
      const uid = this.pod.metadata.uid ?? this.name;
      crash.count.set(uid, (crash.count.get(uid) ?? 0) + 1);
      this.inContainer(c, crash.afterMs, () => this.exited(c, crash.exitCode));
    }
    // Without a readiness or startup probe a running container is ready at once.
    c.startupPassed = spec?.startupProbe ? false : undefined;
    c.ready = !spec?.readinessProbe && !spec?.startupProbe;
    this.startProbes(c);
    this.overMemory(c, OOM_AFTER_MS);
    this.updatePhase();
  }

  /** The probe workers of this run of the container (prober.ts). */
  private startProbes(c: ContainerRun): void {
    const spec = this.spec(c);
    const probes: Partial<Record<ProbeType, any>> = {};
    if (spec?.livenessProbe) probes.liveness = spec.livenessProbe;
    if (spec?.readinessProbe) probes.readiness = spec.readinessProbe;
    if (spec?.startupProbe) probes.startup = spec.startupProbe;
    if (!Object.keys(probes).length) return void (c.probes = undefined);
    const run = c.restartCount;
    const loop = this.kl.env.loop;
    const workers: ContainerProbes = new ContainerProbes({
      now: () => loop.now,
      at: (t, fn, idle) => this.after(t - loop.now, fn, idle),
      failing: (type) => this.kl.faults.probeFails(this.pod, type, loop.now),
      output: (type) => probeOutput(probes[type], spec, this.run.ip),
      unhealthy: (message) => this.event('Warning', 'Unhealthy', message, c),
      result: (type, ok) => this.probeResult(c, type, ok),
      startupPassed: () => c.startupPassed !== false,
      current: (): boolean => c.state === 'running' && c.restartCount === run && c.probes === workers,
    }, probes, this.createdMs, c.startedAtMs ?? loop.now);
    c.probes = workers;
    workers.start();
  }

  /** A probe fault for this pod was declared: its probe workers' next ticks are work again. */
  probeFaultAdded(): void {
    if (this.stopped || this.terminating) return;
    for (const c of this.run.containers) if (c.state === 'running') c.probes?.nudge();
  }

  /**
   * A probe's result changed (prober results manager): readiness sets the container's ready
   * flag; a startup probe that passes lets liveness and readiness begin (and, without a readiness
   * probe, makes the container ready); a liveness or startup failure kills the container
   * (computePodActions: "Container %s failed %s probe", with ", will be restarted" unless
   * restartPolicy is Never), which restarts as after a crash, CrashLoopBackOff included.
   */
  private probeResult(c: ContainerRun, type: ProbeType, ok: boolean): void {
    if (type === 'readiness') {
      if (c.ready === ok) return;
      c.ready = ok;
      return this.pushStatus();
    }
    if (ok) {
      if (type !== 'startup' || c.startupPassed !== false) return;
      c.startupPassed = true;
      if (!this.spec(c)?.readinessProbe) c.ready = true;
      return this.pushStatus();
    }
    const restart = ((this.pod as any).spec.restartPolicy ?? 'Always') !== 'Never';
    this.event('Normal', 'Killing', `Container ${c.name} failed ${type} probe${restart ? ', will be restarted' : ''}`, c);
    c.ready = false;
    const probe = this.spec(c)?.[`${type}Probe`];
    // killContainer: the probe's own terminationGracePeriodSeconds, else the pod's; at least 2 s.
    const grace = Math.max(2, Number(probe?.terminationGracePeriodSeconds ?? (this.pod as any).spec.terminationGracePeriodSeconds ?? 30)) * 1000;
    const ignores = this.kl.faults.ignoresSigterm(this.pod);
    const restarts = c.restartCount;
    this.kl.runtime.stopContainer(this.name, c.name, ignores ? grace : Math.min(this.kl.env.latency.containerStop, grace), this.current(() => {
      if (c.state !== 'running' || c.restartCount !== restarts) return;
      Object.assign(c, { state: 'terminated', exitCode: ignores ? 137 : 0, reason: ignores ? 'Error' : 'Completed', message: undefined, finishedAt: this.kl.env.timestamp(), finishedAtMs: this.kl.env.loop.now, ready: false });
      this.pushStatus();
      // The same sync starts it again, unless its back-off holds it (CrashLoopBackOff).
      if (restart) this.syncExited(c);
      else if (this.run.phase === 'Succeeded' || this.run.phase === 'Failed') this.after(PLEG_RELIST_MS, () => this.stopSandbox(() => this.pushStatus()));
    }));
  }

  /**
   * `pods SELECTOR use memory Q`: a container whose memory limit is below Q is killed by the
   * kernel's OOM killer `inMs` from now — exit 137, reason OOMKilled (the runtime's) — and
   * restarts as after a crash. A container without a limit, or under it, runs on.
   * Simplification: node memory pressure (the kubelet's eviction manager) is not simulated.
   */
  private overMemory(c: ContainerRun, inMs: number): void {
    if (c.init || c.state !== 'running') return;
    const use = this.kl.faults.memoryUse(this.pod);
    const limit = units(this.spec(c)?.resources?.limits?.memory);
    if (use === undefined || !limit || use <= limit) return;
    this.inContainer(c, inMs, () => this.exited(c, 137, true));
  }

  /** A memory fault was declared: the running containers over their limit are killed. */
  memoryRunning(): void {
    if (this.stopped || this.terminating) return;
    for (const c of this.run.containers) this.overMemory(c, OOM_AFTER_MS);
  }

  /** A crash fault declared while this pod's containers run: each running app container exits `afterMs` from now. */
  crashRunning(crash: CrashFault): void {
    if (this.stopped || this.terminating || !crash.match(this.pod)) return;
    const uid = this.pod.metadata.uid ?? this.name;
    for (const c of this.run.containers) {
      if (c.init || c.state !== 'running') continue;
      if (crash.times !== undefined && (crash.count.get(uid) ?? 0) >= crash.times) return;
      crash.count.set(uid, (crash.count.get(uid) ?? 0) + 1);
      this.inContainer(c, crash.afterMs, () => this.exited(c, crash.exitCode));
    }
  }

  /** Whether restartPolicy restarts a container that exited with `exitCode` (ShouldContainerBeRestarted). */
  private restarts(exitCode: number): boolean {
    const policy = (this.pod as any).spec.restartPolicy ?? 'Always';
    return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
  }

  /**
   * A container exited: report it, and let the next sync restart it or let the pod finish, as
   * restartPolicy says. The reason is the runtime's (containerd CRI): `Completed` for 0, `Error`
   * otherwise — exit 137 included — and `OOMKilled` only when the kernel's OOM killer ended it (`oom`).
   */
  private exited(c: ContainerRun, exitCode: number, oom = false): void {
    if (c.state !== 'running' || this.terminating) return;
    c.state = 'terminated';
    c.exitCode = exitCode;
    c.reason = oom ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
    c.message = undefined;
    c.finishedAt = this.kl.env.timestamp();
    c.finishedAtMs = this.kl.env.loop.now;
    c.ready = false;
    // A kubelet that is down learns of the exit when it comes back (resync).
    if (!this.kl.alive) return;
    this.pushStatus();
    if (c.init && exitCode === 0) {
      this.startNext();
      return;
    }
    // The PLEG relist sees the container exit and the pod worker syncs the pod.
    if (this.restarts(exitCode)) this.after(PLEG_RELIST_MS, () => this.syncExited(c));
    // A pod that has finished (Succeeded / Failed) keeps its record but not its sandbox: the pod
    // worker stops it (syncTerminatingPod), and the runtime releases the pod's IP (CNI DEL).
    else if (this.run.phase === 'Succeeded' || this.run.phase === 'Failed') this.after(PLEG_RELIST_MS, () => this.stopSandbox(() => this.pushStatus()));
  }

  /**
   * SyncPod for an exited container that restartPolicy restarts (kuberuntime doBackOff): a first
   * exit restarts it at once; while its back-off since the exit (FinishedAt) lasts, it waits in
   * CrashLoopBackOff (Warning BackOff) and restarts when the back-off is over.
   */
  private syncExited(c: ContainerRun): void {
    const finished = c.finishedAtMs ?? this.kl.env.loop.now;
    const e = c.backoff;
    // IsInBackOffSince(key, FinishedAt): an entry not moved for 2 × 300 s has expired.
    const inBackOff = !!e && finished - e.lastUpdateMs <= 2 * MAX_BACKOFF_MS && this.kl.env.loop.now - finished < e.delayMs;
    if (!inBackOff) return this.restart(c);
    if (c.state === 'terminated') c.lastTerminated = lastState(c);
    c.state = 'waiting';
    c.reason = 'CrashLoopBackOff';
    const pod = `${this.name}_${this.pod.metadata.namespace}(${this.pod.metadata.uid})`;
    c.message = `back-off ${formatDuration(e!.delayMs)} restarting failed container=${c.name} pod=${pod}`;
    this.event('Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${pod}`, c);
    this.pushStatus();
    this.after(finished + e!.delayMs - this.kl.env.loop.now, () => this.restart(c));
  }

  /** backOff.Next(key, FinishedAt), then start the container again: 10 s, 20 s, 40 s … 300 s; reset after 10 min. */
  private restart(c: ContainerRun): void {
    const now = this.kl.env.loop.now;
    const e = c.backoff;
    const expired = !e || (c.finishedAtMs ?? now) - e.lastUpdateMs > 2 * MAX_BACKOFF_MS;
    c.backoff = { delayMs: expired ? INITIAL_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, 2 * e!.delayMs), lastUpdateMs: now };
    if (c.state === 'terminated') c.lastTerminated = lastState(c);
    c.restartCount++;
    c.started = false;
    this.startContainer(c, () => this.pushStatus());
  }

  /**
   * EnsureImageExists (pkg/kubelet/images/image_manager.go). Every message names the image as the
   * container spec writes it (`requestedImage`: `nginx`, not `nginx:latest`); only the CRI
   * PullImage gets the default tag. On a failed pull the container waits in ErrImagePull and the
   * image gets a back-off entry (backOff.Next: 10 s doubling to 300 s, keyed by pod UID and image).
   * The pull is tried again at a later sync of the pod, never at a time of its own: the PLEG
   * relist a second later (the new sandbox) and, after each failed sync, the pod worker's requeue
   * (pod_workers.go completeWork: wait.Jitter(backOffPeriod 10 s, 0.5), so 10–15 s). A sync that
   * finds the image still in back-off (IsInBackOffSince) records Normal BackOff "Back-off pulling
   * image" and Warning Failed "Error: ImagePullBackOff" and fails again. `failed` lets SyncPod go
   * on with the pod's other containers meanwhile.
   */
  private ensureImage(c: ContainerRun, then: () => void, failed: () => void): void {
    const spec = this.spec(c);
    const policy = spec?.imagePullPolicy ?? 'IfNotPresent';
    const present = this.kl.runtime.images.has(c.image);
    const requested = String(spec?.image ?? c.image);
    if (policy === 'Never' && !present) {
      // A container that ran before waits again (its last termination is its lastState).
      c.state = 'waiting';
      c.reason = 'ErrImageNeverPull';
      c.message = `Container image "${requested}" is not present with pull policy of Never`;
      c.starting = false;
      this.event('Warning', 'ErrImageNeverPull', c.message, c);
      this.event('Warning', 'Failed', 'Error: ErrImageNeverPull', c);
      this.pushStatus();
      return failed();
    }
    if (present && policy !== 'Always') {
      this.event('Normal', 'Pulled', `Container image "${requested}" already present on machine`, c);
      return then();
    }
    const now = this.kl.env.loop.now;
    const entry = c.imageBackoff;
    // flowcontrol.Backoff.IsInBackOffSince: an entry not moved for 2 × max has expired.
    if (entry && now - entry.lastUpdateMs <= 2 * MAX_BACKOFF_MS && now - entry.lastUpdateMs < entry.delayMs) {
      this.event('Normal', 'BackOff', `Back-off pulling image "${requested}"`, c);
      this.event('Warning', 'Failed', 'Error: ImagePullBackOff', c);
      c.state = 'waiting';
      c.reason = 'ImagePullBackOff';
      c.message = `Back-off pulling image "${requested}": ErrImagePull: ${entry.error}`;
      this.pushStatus();
      this.resyncAfterError(c, then);
      return failed();
    }
    const fails = this.kl.faults.failingImages.has(c.image) || this.kl.faults.failingImages.has(requested);
    this.event('Normal', 'Pulling', `Pulling image "${requested}"`, c);
    const slow = this.kl.faults.pullTimes.get(c.image) ?? this.kl.faults.pullTimes.get(requested);
    const duration = slow ?? this.kl.env.latency.imagePullByImage.get(c.image) ?? this.kl.env.latency.imagePullByImage.get(requested) ?? this.kl.env.latency.imagePull;
    this.kl.pullImage(c.image, duration, fails, this.current((ok: boolean, waitedMs: number, pulledMs: number) => {
      if (ok) {
        c.imageBackoff = undefined;
        const secs = (ms: number) => formatDuration(ms);
        this.event('Normal', 'Pulled', `Successfully pulled image "${requested}" in ${secs(pulledMs)} (${secs(pulledMs + waitedMs)} including waiting). Image size: ${imageSize(c.image)} bytes.`, c);
        return then();
      }
      // The runtime's error names the reference it resolved (docker.io/library/nginx:latest).
      const ref = fullImageRef(c.image);
      const err = `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
      this.event('Warning', 'Failed', `Failed to pull image "${requested}": ${err}`, c);
      this.event('Warning', 'Failed', 'Error: ErrImagePull', c);
      const t = this.kl.env.loop.now;
      const e = c.imageBackoff;
      const expired = !e || t - e.lastUpdateMs > 2 * MAX_BACKOFF_MS;
      c.imageBackoff = { delayMs: expired ? INITIAL_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, 2 * e!.delayMs), lastUpdateMs: t, error: err };
      c.state = 'waiting';
      c.reason = 'ErrImagePull';
      c.message = err;
      this.pushStatus();
      // The first failure comes with a new sandbox: the PLEG relist a second later syncs the pod again.
      if (!c.pulledBefore) {
        c.pulledBefore = true;
        this.after(PLEG_RELIST_MS, () => this.ensureImage(c, then, () => {}));
      } else this.resyncAfterError(c, then);
      failed();
    }), slow !== undefined);
  }

  /**
   * startContainer's CreateContainerConfigError (kuberuntime_container.go): Warning Failed
   * "Error: <the error>", the container waiting with the reason and the error as its message. The
   * failed sync is requeued (10–15 s) and the container is started again then, with its image
   * checked anew, until the ConfigMap or Secret appears.
   */
  private configError(c: ContainerRun, error: string, then: () => void, failed: () => void): void {
    c.starting = false;
    c.state = 'waiting';
    c.reason = 'CreateContainerConfigError';
    c.message = error;
    this.event('Warning', 'Failed', `Error: ${error}`, c);
    this.pushStatus();
    const delay = Math.round(SYNC_BACKOFF_MS * (1 + 0.5 * this.kl.env.rng.next()));
    const token = (c.resyncToken ?? 0) + 1;
    c.resyncToken = token;
    this.after(delay, () => {
      if (c.resyncToken === token && c.state === 'waiting' && c.reason === 'CreateContainerConfigError') this.startContainer(c, then);
    });
    failed();
  }

  /** pod_workers.go: a sync that failed is requeued after wait.Jitter(10 s, 0.5); only the latest requeue counts. */
  private resyncAfterError(c: ContainerRun, then: () => void): void {
    const delay = Math.round(SYNC_BACKOFF_MS * (1 + 0.5 * this.kl.env.rng.next()));
    const token = (c.resyncToken ?? 0) + 1;
    c.resyncToken = token;
    this.after(delay, () => {
      if (c.resyncToken === token) this.ensureImage(c, then, () => {});
    });
  }

  /** getPhase (kubelet_pods.go) from the container states; `terminal` once the pod is being deleted and its containers stopped. */
  private updatePhase(terminal = false): void {
    const policy = (this.pod as any).spec.restartPolicy ?? 'Always';
    let pendingInit = 0;
    let failedInit = 0;
    for (const c of this.run.containers.filter((x) => x.init)) {
      if (c.state === 'running') pendingInit++;
      else if (c.state === 'terminated') failedInit += c.exitCode ? 1 : 0;
      else if (c.lastTerminated) failedInit += c.lastTerminated.exitCode ? 1 : 0;
      else pendingInit++;
    }
    let running = 0;
    let waiting = 0;
    let stopped = 0;
    let succeeded = 0;
    for (const c of this.run.containers.filter((x) => !x.init)) {
      if (c.state === 'running') running++;
      else if (c.state === 'terminated') {
        stopped++;
        if (!c.exitCode) succeeded++;
      } else if (c.lastTerminated) stopped++;
      else waiting++;
    }
    let phase: PodRun['phase'];
    if (failedInit > 0 && policy === 'Never') phase = 'Failed';
    else if (pendingInit > 0 || waiting > 0) phase = 'Pending';
    else if (running > 0) phase = 'Running';
    else if (stopped > 0) {
      if (terminal) phase = stopped === succeeded ? 'Succeeded' : 'Failed';
      else if (policy === 'Always') phase = 'Running';
      else if (stopped === succeeded) phase = 'Succeeded';
      else if (policy === 'Never') phase = 'Failed';
      else phase = 'Running';
    } else phase = 'Pending';
    // The API never moves a pod out of a terminal phase.
    if (this.run.phase !== 'Succeeded' && this.run.phase !== 'Failed') this.run.phase = phase;
  }

  /**
   * The pod was updated. A container whose image changed (the one field of a container an update
   * may change) is killed — "Container %s definition changed, will be restarted" — and started
   * again with the new image, whatever the restartPolicy (computePodActions); one that is waiting
   * takes the new image at its next start.
   */
  update(pod: KubeObject): void {
    this.pod = pod;
    if (this.terminating || this.stopped) return;
    for (const c of this.run.containers) {
      const image = this.spec(c)?.image;
      if (image === undefined || imageWithTag(String(image)) === c.image) continue;
      c.image = imageWithTag(String(image));
      if (c.state !== 'running') continue;
      this.event('Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`, c);
      c.ready = false;
      const restarts = c.restartCount;
      this.kl.runtime.stopContainer(this.name, c.name, this.kl.env.latency.containerStop, this.current(() => {
        if (c.state !== 'running' || c.restartCount !== restarts) return;
        Object.assign(c, { state: 'terminated', exitCode: 0, reason: 'Completed', message: undefined, finishedAt: this.kl.env.timestamp(), finishedAtMs: this.kl.env.loop.now });
        c.lastTerminated = lastState(c);
        c.restartCount++;
        c.started = false;
        // The same sync starts it again (the status is written when it runs).
        this.startContainer(c, () => this.pushStatus());
      }));
    }
  }

  /**
   * The kubelet is back after its node was down: report the status again even if it did not
   * change, and pick up the pod's work where it stopped (a start, a restart, an image pull).
   */
  resync(): void {
    this.epoch++;
    this.lastStatus = '';
    if (this.stopped) return;
    if (this.terminating) {
      if (!this.run.sandboxReady && this.run.containers.every((c) => c.state !== 'running')) this.finalStatus();
      return;
    }
    this.pushStatus();
    if (this.run.phase === 'Succeeded' || this.run.phase === 'Failed') return this.stopSandbox(() => this.pushStatus());
    if (!this.run.sandboxReady) return this.start();
    for (const c of this.run.containers) {
      c.starting = false;
      // The probe workers start again (their timers were dropped with the kubelet).
      if (c.state === 'running' && c.probes) this.startProbes(c);
      if (c.state === 'terminated' && !(c.init && c.exitCode === 0) && this.restarts(c.exitCode ?? 0)) this.syncExited(c);
      else if (c.state === 'waiting' && c.reason === 'CrashLoopBackOff') this.syncExited(c);
    }
    const pulling = this.run.containers.find((c) => c.state === 'waiting' && (c.reason === 'ImagePullBackOff' || c.reason === 'ErrImagePull' || c.reason === 'CreateContainerConfigError'));
    if (pulling) this.startContainer(pulling, () => this.startNext());
    // The status was just reported: the restarts above report theirs when they are done.
    else this.startNext(false);
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
    // The reason kubectl's STATUS column would show: a container's waiting reason, else a terminated one.
    // An init container that cannot run comes first (kubectl: Init:ImagePullBackOff).
    const initWaiting = ((status.initContainerStatuses ?? []) as any[]).map((s) => s.state.waiting?.reason).find((r) => r && r !== 'PodInitializing');
    const waiting = initWaiting ?? status.containerStatuses.map((s: any) => s.state.waiting?.reason).find(Boolean) ?? status.containerStatuses.map((s: any) => s.state.terminated?.reason).find(Boolean);
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

  /**
   * The pod is being deleted (syncTerminatingPod, then syncTerminatedPod): stop its running
   * containers (Killing), stop the sandbox (the runtime calls CNI DEL), report the final status
   * with its terminal phase, and then — the status manager's last step — delete the pod for good
   * (grace period 0).
   */
  terminate(): void {
    if (this.terminating) return;
    this.terminating = true;
    const running = this.run.containers.filter((c) => c.state === 'running');
    let left = running.length;
    const finish = () => {
      // TerminatePod: once the pod has initialized, a container that never ran is reported as lost.
      const initialized = this.run.containers.every((c) => !c.init || (c.state === 'terminated' && c.exitCode === 0));
      for (const c of this.run.containers) {
        if (c.init || c.state === 'terminated' || !initialized) continue;
        if (c.state === 'waiting' && c.lastTerminated) {
          // A container waiting to restart keeps its last termination as its state.
          Object.assign(c, { state: 'terminated', exitCode: c.lastTerminated.exitCode, reason: c.lastTerminated.reason, message: undefined, finishedAt: c.lastTerminated.finishedAt });
          continue;
        }
        Object.assign(c, { state: 'terminated', exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', startedAt: undefined, finishedAt: undefined });
      }
      this.updatePhase(true);
      this.stopSandbox(() => this.finalStatus());
    };
    if (!left) return finish();
    // kuberuntime_container.go killContainer: the grace period is the deletion's, else the pod's
    // terminationGracePeriodSeconds (30 s by default), never under minimumGracePeriodInSeconds (2 s).
    // The runtime sends SIGTERM and, when the grace period is over, SIGKILL (CRI StopContainer's timeout).
    const grace = Math.max(2, (this.pod.metadata.deletionGracePeriodSeconds ?? (this.pod as any).spec.terminationGracePeriodSeconds ?? 30) as number) * 1000;
    // A container that ignores SIGTERM runs until SIGKILL: exit 137 (128 + 9), reason Error.
    // Otherwise the simulated container exits on SIGTERM after `containerStop`, with 0.
    const ignores = this.kl.faults.ignoresSigterm(this.pod);
    for (const c of running) {
      this.event('Normal', 'Killing', `Stopping container ${c.name}`, c);
      this.kl.runtime.stopContainer(this.name, c.name, ignores ? grace : Math.min(this.kl.env.latency.containerStop, grace), () => {
        c.state = 'terminated';
        c.exitCode = ignores ? 137 : 0;
        c.reason = ignores ? 'Error' : 'Completed';
        c.finishedAt = this.kl.env.timestamp();
        c.finishedAtMs = this.kl.env.loop.now;
        c.ready = false;
        if (--left === 0) finish();
      });
    }
  }

  /** Stop and remove the pod's sandbox, unless that was done already. */
  private stopSandbox(then: () => void): void {
    if (!this.run.sandboxReady) return then();
    this.run.sandboxReady = false;
    this.kl.runtime.removePodSandbox(this.name, this.run.ip, then, !!(this.pod as any).spec.hostNetwork);
  }

  /** The terminal status, then the delete; a write that fails is tried again at the status manager's next sync. */
  private finalStatus(): void {
    // A kubelet that went down meanwhile finishes the job when it is back (resync).
    if (this.stopped || !this.kl.alive) return;
    const status = buildStatus(this.run, (this.pod as any).status, this.kl.env.timestamp());
    const { namespace, name } = this.pod.metadata;
    const retry = () => this.kl.env.loop.after(STATUS_RETRY_MS, () => this.finalStatus());
    this.kl.client.request({ verb: 'status', resource: 'pods', namespace, name, body: { status }, attrs: { phase: status.phase, ready: 'false' }, label: `PATCH pods/${name}/status ${status.phase}` }, (res) => {
      if (res.code === 404) return void (this.stopped = true);
      if (res.code >= 400) return void retry();
      this.kl.client.request({ verb: 'delete', resource: 'pods', namespace, name, gracePeriodSeconds: 0 }, (del) => {
        if (del.code >= 500) retry();
        else this.stopped = true;
      });
    });
  }

  /**
   * Forget the pod (deleted); pending work is dropped. A pod that vanished without the kubelet's
   * own graceful termination (deleted with grace period 0, or while the kubelet was down) still
   * has its containers stopped and its sandbox removed (HandlePodRemoves / HandlePodCleanups).
   */
  stop(): void {
    const orphaned = !this.stopped && !this.terminating;
    this.stopped = true;
    for (const t of this.timers) this.kl.env.loop.cancel(t);
    if (!orphaned || !this.kl.alive) return;
    const running = this.run.containers.filter((c) => c.state === 'running');
    let left = running.length;
    const removeSandbox = () => {
      if (!this.run.sandboxReady) return;
      this.run.sandboxReady = false;
      this.kl.runtime.removePodSandbox(this.name, this.run.ip, () => {}, !!(this.pod as any).spec.hostNetwork);
    };
    if (!left) return removeSandbox();
    for (const c of running) {
      this.event('Normal', 'Killing', `Stopping container ${c.name}`, c);
      c.state = 'terminated';
      this.kl.runtime.stopContainer(this.name, c.name, this.kl.env.latency.containerStop, () => {
        if (--left === 0) removeSandbox();
      });
    }
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string, c?: ContainerRun): void {
    const fieldPath = c ? `spec.${c.init ? 'initContainers' : 'containers'}{${c.name}}` : undefined;
    this.kl.client.event({ involved: this.pod, type, reason, message, fieldPath });
  }
}

/**
 * The nameservers of the sandbox's DNS config (kubelet network/dns getPodDNS): the cluster DNS for
 * dnsPolicy ClusterFirst (but the node's own for a pod on the host network) and
 * ClusterFirstWithHostNet; the node's own (undefined) for Default; dnsConfig's for None.
 */
export function podDNS(spec: any, clusterDNS: string): string | undefined {
  const policy = spec?.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'None') return ((spec?.dnsConfig?.nameservers ?? []) as string[]).join(',') || undefined;
  if (policy === 'Default') return undefined;
  if (policy === 'ClusterFirst' && spec?.hostNetwork) return undefined;
  return clusterDNS;
}

/**
 * The pod's fully qualified hostname when it has a subdomain (kubelet GeneratePodHostNameAndDomain):
 * `<hostname>.<subdomain>.<namespace>.svc.cluster.local`; undefined otherwise.
 */
export function podFQDN(pod: any): string | undefined {
  const sub = pod?.spec?.subdomain;
  if (!sub) return undefined;
  return `${pod.spec.hostname || pod.metadata.name}.${sub}.${pod.metadata.namespace ?? 'default'}.svc.cluster.local`;
}

/** The container's last termination, for `lastState` once it restarts. */
function lastState(c: ContainerRun): NonNullable<ContainerRun['lastTerminated']> {
  return { exitCode: c.exitCode ?? 0, reason: c.reason ?? (c.exitCode ? 'Error' : 'Completed'), startedAt: c.startedAt, finishedAt: c.finishedAt, containerID: c.containerID };
}

/**
 * When a readiness probe first succeeds for a container started at `startedMs`: at the probe
 * that runs when the kubelet first sees it running (`nowMs`), or else at the first tick of the
 * probe worker (every periodSeconds from `workerMs`) at least initialDelaySeconds after the start.
 * A probe within the initial delay is skipped (`int(seconds since start) < initialDelaySeconds`).
 */
export function readinessAt(probe: any, workerMs: number, startedMs: number, nowMs: number): number {
  const delay = Math.max(0, Number(probe?.initialDelaySeconds ?? 0));
  const period = probe?.periodSeconds ? Math.max(1, Number(probe.periodSeconds)) * 1000 : DEFAULT_PROBE_PERIOD_MS;
  const due = (t: number) => Math.floor((t - startedMs) / 1000) >= delay;
  // The status sync that follows the start (PLEG) triggers a probe at once.
  const first = Math.max(nowMs, startedMs) + 100;
  if (due(first)) return first;
  let t = workerMs + Math.ceil((first - workerMs) / period) * period;
  while (!due(t)) t += period;
  return t;
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
