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
  /** How many back-offs in a row (CrashLoopBackOff doubles with each; reset after a long run). */
  backoffStep?: number;
  ready: boolean;
  started: boolean;
  startedAt?: string;
  finishedAt?: string;
  lastTerminated?: { exitCode: number; reason: string; startedAt?: string; finishedAt?: string };
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
  else if (c.state === 'terminated') state = { terminated: { exitCode: c.exitCode ?? 0, reason: c.reason ?? (c.exitCode ? 'Error' : 'Completed'), startedAt: c.startedAt, finishedAt: c.finishedAt, containerID: c.containerID } };
  else state = { waiting: { reason: c.reason ?? 'ContainerCreating', ...(c.message ? { message: c.message } : {}) } };
  const s: any = {
    name: c.name,
    state,
    lastState: c.lastTerminated ? { terminated: c.lastTerminated } : {},
    ready: c.ready,
    restartCount: c.restartCount,
    image: c.image,
    imageID: c.imageID ?? '',
    started: c.started,
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

/** Build `.status` from what the kubelet knows; `previous` keeps transition times of unchanged conditions. */
export function buildStatus(run: PodRun, previous: any, now: string): any {
  const app = run.containers.filter((c) => !c.init);
  const init = run.containers.filter((c) => c.init);
  const initialized = init.every((c) => c.state === 'terminated' && c.exitCode === 0);
  const notReady = app.filter((c) => !c.ready).map((c) => c.name);
  const ready = app.length > 0 && notReady.length === 0 && run.phase === 'Running';
  const pendingInit = init.filter((c) => !(c.state === 'terminated' && c.exitCode === 0)).map((c) => c.name);
  const conditions = [
    condition('PodReadyToStartContainers', run.sandboxReady, now),
    condition('Initialized', initialized, now, 'ContainersNotInitialized', `containers with incomplete status: [${pendingInit.join(' ')}]`),
    condition('Ready', ready, now, 'ContainersNotReady', `containers with unready status: [${notReady.join(' ')}]`),
    condition('ContainersReady', ready, now, 'ContainersNotReady', `containers with unready status: [${notReady.join(' ')}]`),
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
