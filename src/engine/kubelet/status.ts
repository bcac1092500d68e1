/**
 * The pod status the kubelet reports (generateAPIPodStatus): phase, conditions in the kubelet's
 * order (PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled), pod IP
 * and container statuses with their waiting / running / terminated states.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

export interface ContainerRun {
  name: string;
  image: string;
  init: boolean;
  state: 'waiting' | 'running' | 'terminated';
  reason?: string;
  message?: string;
  exitCode?: number;
  restartCount: number;
  /** The crash-loop back-off entry of this container (client-go flowcontrol.Backoff): its current delay and when it last moved. */
  backoff?: { delayMs: number; lastUpdateMs: number };
  /** The image-pull back-off entry (image_manager.go backOff, keyed by pod UID and image), with the last pull error. */
  imageBackoff?: { delayMs: number; lastUpdateMs: number; error: string };
  /** A pull of this container's image has failed before (the first failure's sandbox brings a PLEG sync). */
  pulledBefore?: boolean;
  /** Only the latest requeue of the pod worker after a failed sync runs. */
  resyncToken?: number;
  ready: boolean;
  started: boolean;
  /** false while the container's startup probe has not passed (undefined: it has none). */
  startupPassed?: boolean;
  /** The probe workers of this run of the container. */
  probes?: { nudge(): void };
  /** A start (pull, create, start) is under way. */
  starting?: boolean;
  startedAt?: string;
  finishedAt?: string;
  /** The same two times in simulated ms, for back-off and probes. */
  startedAtMs?: number;
  finishedAtMs?: number;
  lastTerminated?: { exitCode: number; reason: string; message?: string; startedAt?: string; finishedAt?: string; containerID?: string };
  imageID?: string;
  containerID?: string;
}

export interface PodRun {
  ip?: string;
  hostIP: string;
  sandboxReady: boolean;
  containers: ContainerRun[];
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  reason?: string;
  message?: string;
  startTime: string;
}

function containerStatus(c: ContainerRun): any {
  let state: any;
  if (c.state === 'running') state = { running: { startedAt: c.startedAt } };
  else if (c.state === 'terminated') state = { terminated: { exitCode: c.exitCode ?? 0, reason: c.reason ?? (c.exitCode ? 'Error' : 'Completed'), ...(c.message ? { message: c.message } : {}), startedAt: c.startedAt, finishedAt: c.finishedAt, containerID: c.containerID } };
  else state = { waiting: { reason: c.reason ?? 'ContainerCreating', ...(c.message ? { message: c.message } : {}) } };
  const s: any = {
    name: c.name,
    state,
    lastState: c.lastTerminated ? { terminated: c.lastTerminated } : {},
    ready: c.ready,
    restartCount: c.restartCount,
    image: c.image,
    imageID: c.imageID ?? '',
    // prober_manager.go UpdatePodStatus: `started` is false whenever the container is not running
    // (waiting in CrashLoopBackOff, terminated), else whether its startup probe has succeeded.
    started: c.state === 'running' && c.started && c.startupPassed !== false,
  };
  if (c.containerID) s.containerID = c.containerID;
  return s;
}

function condition(type: string, ok: boolean, now: string, reason?: string, message?: string): any {
  const c: any = { type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

/** The conditions the kubelet owns (PodConditionByKubelet); the others are kept as they are. */
const KUBELET_CONDITIONS = new Set(['PodScheduled', 'PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'PodResizePending', 'PodResizeInProgress']);
/** pkg/kubelet/status/generate.go: the reason of Ready / ContainersReady (and Initialized) once the pod is terminal. */
const POD_COMPLETED = 'PodCompleted';

/** Build `.status` from what the kubelet knows; `previous` keeps transition times of unchanged conditions. */
export function buildStatus(run: PodRun, previous: any, now: string): any {
  const app = run.containers.filter((c) => !c.init);
  const init = run.containers.filter((c) => c.init);
  const initialized = init.every((c) => c.state === 'terminated' && c.exitCode === 0);
  const notReady = app.filter((c) => !c.ready).map((c) => c.name);
  const ready = app.length > 0 && notReady.length === 0 && run.phase === 'Running';
  const pendingInit = init.filter((c) => !(c.state === 'terminated' && c.exitCode === 0)).map((c) => c.name);
  // A terminal pod's containers are "ready: false" because it completed (generateContainersReadyConditionForTerminalPhase).
  const terminal = run.phase === 'Succeeded' || run.phase === 'Failed';
  const readyCondition = (type: string) => {
    if (terminal) return { ...condition(type, false, now), reason: POD_COMPLETED };
    return condition(type, ready, now, 'ContainersNotReady', `containers with unready status: [${notReady.join(' ')}]`);
  };
  const initCondition = run.phase === 'Succeeded'
    ? { ...condition('Initialized', true, now), reason: POD_COMPLETED }
    : condition('Initialized', initialized, now, 'ContainersNotInitialized', `containers with incomplete status: [${pendingInit.join(' ')}]`);
  const conditions = [
    // mergePodStatus: conditions the kubelet does not own (DisruptionTarget, readiness gates…) stay first.
    ...((previous?.conditions ?? []) as any[]).filter((c) => !KUBELET_CONDITIONS.has(c.type)),
    condition('PodReadyToStartContainers', run.sandboxReady, now),
    initCondition,
    readyCondition('Ready'),
    readyCondition('ContainersReady'),
    condition('PodScheduled', true, now),
  ];
  // Keep lastTransitionTime of conditions whose status did not change.
  for (const c of conditions) {
    const old = ((previous?.conditions ?? []) as any[]).find((p) => p.type === c.type);
    if (old && old.status === c.status && old.lastTransitionTime) c.lastTransitionTime = old.lastTransitionTime;
  }
  const status: any = {
    phase: run.phase,
    conditions,
    hostIP: run.hostIP,
    hostIPs: [{ ip: run.hostIP }],
    startTime: run.startTime,
    qosClass: previous?.qosClass,
    containerStatuses: app.map(containerStatus),
  };
  if (init.length) status.initContainerStatuses = init.map(containerStatus);
  if (run.ip) {
    status.podIP = run.ip;
    status.podIPs = [{ ip: run.ip }];
  }
  if (run.reason) status.reason = run.reason;
  if (run.message) status.message = run.message;
  return status;
}
