/**
 * Faults injected by a scenario (LANGUAGE.md §6): the components consult these where the real
 * world would fail — a registry that refuses an image, a slow pull, a container that exits.
 */
import type { KubeObject } from '../trace/types.js';

export interface CrashFault {
  /** Which pods' containers crash. */
  match: (pod: KubeObject) => boolean;
  /** How long each container runs before it exits. */
  afterMs: number;
  exitCode: number;
  /** How many times it crashes before it keeps running (undefined = every time). */
  times?: number;
  /** Crashes so far, per pod uid. */
  count: Map<string, number>;
}

/** `probe TYPE of pods SELECTOR fails [for D]` (LANGUAGE.md §12.2). */
export interface ProbeFault {
  match: (pod: KubeObject) => boolean;
  probe: 'liveness' | 'readiness' | 'startup';
  fromMs: number;
  /** When the probe passes again (undefined: never). */
  untilMs?: number;
}

/** `pods SELECTOR use memory Q` (LANGUAGE.md §12.2): what each container of the pods uses, in bytes. */
export interface MemoryFault {
  match: (pod: KubeObject) => boolean;
  bytes: number;
}

export class Faults {
  /** Images whose pull fails (ErrImagePull), by reference as written and with its default tag. */
  readonly failingImages = new Set<string>();
  /** Images that pull in a given time, overriding the latency. */
  readonly pullTimes = new Map<string, number>();
  readonly crashes: CrashFault[] = [];
  /** Pods whose containers ignore SIGTERM (`pods SELECTOR ignore SIGTERM`): they run until SIGKILL. */
  readonly ignoreSigterm: ((pod: KubeObject) => boolean)[] = [];
  /** Told of each crash fault as it is declared, so containers already running crash too. */
  private readonly crashListeners: ((fault: CrashFault) => void)[] = [];
  readonly probeFaults: ProbeFault[] = [];
  readonly memoryFaults: MemoryFault[] = [];
  private readonly probeListeners: ((fault: ProbeFault) => void)[] = [];
  private readonly memoryListeners: ((fault: MemoryFault) => void)[] = [];

  addProbeFault(fault: ProbeFault): void {
    this.probeFaults.push(fault);
    for (const l of this.probeListeners) l(fault);
  }

  onProbeFault(listener: (fault: ProbeFault) => void): void {
    this.probeListeners.push(listener);
  }

  /** Does a fault make this probe of this pod fail at `nowMs`? */
  probeFails(pod: KubeObject, probe: ProbeFault['probe'], nowMs: number): boolean {
    return this.probeFaults.some((f) => f.probe === probe && nowMs >= f.fromMs && (f.untilMs === undefined || nowMs < f.untilMs) && f.match(pod));
  }

  addMemory(fault: MemoryFault): void {
    this.memoryFaults.push(fault);
    for (const l of this.memoryListeners) l(fault);
  }

  onMemory(listener: (fault: MemoryFault) => void): void {
    this.memoryListeners.push(listener);
  }

  /** The memory this pod's containers use (the latest fault that matches), in bytes. */
  memoryUse(pod: KubeObject): number | undefined {
    for (let i = this.memoryFaults.length - 1; i >= 0; i--) if (this.memoryFaults[i]!.match(pod)) return this.memoryFaults[i]!.bytes;
    return undefined;
  }

  /** Declare a crash fault: containers that start from now on crash `afterMs` after their start; those already running, `afterMs` from now. */
  addCrash(fault: CrashFault): void {
    this.crashes.push(fault);
    for (const l of this.crashListeners) l(fault);
  }

  onCrash(listener: (fault: CrashFault) => void): void {
    this.crashListeners.push(listener);
  }

  /** Do this pod's containers ignore SIGTERM? */
  ignoresSigterm(pod: KubeObject): boolean {
    return this.ignoreSigterm.some((m) => m(pod));
  }

  /** The crash fault for a pod's container start, if one applies and has crashes left. */
  crashFor(pod: KubeObject): CrashFault | undefined {
    const uid = pod.metadata.uid ?? pod.metadata.name;
    return this.crashes.find((c) => c.match(pod) && (c.times === undefined || (c.count.get(uid) ?? 0) < c.times));
  }
}
