/**
 * The trace: every message between components, every Kubernetes Event and every change of
 * stored state, in simulated time (LANGUAGE.md §8, §11). It is the single source of truth:
 * expectations, diagrams, `record`, `explain` and every report read the trace, never live engine
 * objects. All of it is plain data, serialisable to JSON as-is.
 */

/**
 * A participant id as in LANGUAGE.md §8: `kubectl`, `apiserver`, `etcd`, `controller-manager`,
 * `scheduler`, and per node `kubelet@NODE`, `runtime@NODE`, `cni@NODE`, `kube-proxy@NODE`,
 * `iptables@NODE`.
 */
export type Participant = string;

/**
 * What a message is, for the diagram's default filtering (§9) and its `hide` directive:
 * - `request`: a client's call to the apiserver; `response`: the apiserver's answer.
 * - `storage`: apiserver → etcd; `storage-reply`: etcd → apiserver.
 * - `watch`: a watch notification from the apiserver.
 * - `cri`: kubelet → runtime; `cni`: runtime → cni; `iptables`: kube-proxy → iptables.
 */
export type MessageKind =
  | 'request'
  | 'response'
  | 'storage'
  | 'storage-reply'
  | 'watch'
  | 'cri'
  | 'cni'
  | 'iptables';

/**
 * Why a message is hidden from the default diagram: `heartbeat` (node status, Leases),
 * `event` (Event writes and their storage), or `reply` (a response that adds nothing, e.g. to a
 * binding), or `idle` (a watch notification its receiver had nothing to do with, such as a
 * pod change delivered to the controller-manager for a pod no controller owns). Absent = shown.
 */
export type HiddenReason = 'heartbeat' | 'event' | 'reply' | 'idle';

export interface TraceMessage {
  /** 1-based, in the order the messages were sent. */
  seq: number;
  timeMs: number;
  /** Index of the step (0 = `given`/set-up, 1 = first `when`, …). */
  step: number;
  from: Participant;
  to: Participant;
  kind: MessageKind;
  verb: string;
  /** `kind/name` (`pod/busybox`), an etcd key, or an image reference. */
  target: string;
  attrs: Record<string, string>;
  /** What the diagram shows, e.g. `POST /api/v1/namespaces/default/pods`. */
  label: string;
  hidden?: HiddenReason;
  /** For a message answering or caused by another: the seq of that one. */
  inReplyTo?: number;
}

/** A note the diagram shows over one or more participants (admission, scheduler decisions, steps). */
export interface TraceNote {
  /** The seq of the message it follows (0 = before the first). */
  afterSeq: number;
  timeMs: number;
  step: number;
  over: Participant[];
  text: string;
  /** `step` notes start each step; `decision` is the scheduler's; `admission` the apiserver's. */
  kind: 'step' | 'decision' | 'admission' | 'info';
}

/** A Kubernetes Event as `kubectl describe` shows it (core/v1 Event). */
export interface TraceEvent {
  timeMs: number;
  step: number;
  /** `pod/NAME`, `node/NAME`, `replicaset/NAME`, `deployment/NAME`. */
  object: string;
  namespace: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** source.component, e.g. `default-scheduler`, `kubelet`. */
  source: string;
  /** source.host for kubelet events. */
  host?: string;
  /** events.k8s.io `action`, where the component sets one (scheduler: Binding, Scheduling, Preempting). */
  action?: string;
}

/**
 * A line kubectl printed (LANGUAGE.md §12.2 `output`): `pod/web created` on stdout, an error
 * answer as `Error from server (NotFound): …` on stderr. `command` is the command line as written.
 */
export interface TraceOutput {
  timeMs: number;
  step: number;
  stream: 'stdout' | 'stderr';
  text: string;
  command: string;
}

/**
 * One committed write to etcd, so state can be replayed at any moment of the run: `value` is
 * the stored object (null for a delete). `seq` is the seq of the apiserver → etcd message.
 * Writes of Events and Leases are not recorded here: Events are in `trace.events`; Leases are heartbeats.
 */
export interface StateChange {
  seq: number;
  timeMs: number;
  step: number;
  key: string;
  rev: number;
  value: KubeObject | null;
}

/** A Kubernetes object as stored (apiVersion, kind, metadata, spec, status …). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  generateName?: string;
  finalizers?: string[];
  [field: string]: unknown;
}

/** One scheduling attempt, for `kscn explain` (LANGUAGE.md §11). */
export interface SchedulingAttempt {
  pod: string;
  timeMs: number;
  selected: string | null;
  message: string | null;
  nodes: {
    node: string;
    feasible: boolean;
    filter: { plugin: string; code: string; reasons: string[] }[];
    score: { plugin: string; raw: number; normalized: number; weight: number }[];
    total: number;
  }[];
}

export interface StepInfo {
  /** 0 is the set-up (`given`), then one per `when`. */
  index: number;
  startMs: number;
  endMs: number;
  title: string;
  /** Did the step settle, or stop at its timeout or event cap? */
  ended: 'settled' | 'timeout' | 'event-cap';
}

export interface Trace {
  messages: TraceMessage[];
  notes: TraceNote[];
  events: TraceEvent[];
  changes: StateChange[];
  steps: StepInfo[];
  scheduling: SchedulingAttempt[];
  /** What kubectl printed, line by line, in the order it printed it. */
  output: TraceOutput[];
}
