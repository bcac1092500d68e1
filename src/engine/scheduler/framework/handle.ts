/** What plugins may read of the scheduler beyond the pod and node at hand (framework.Handle). */
import type { NodeInfo, PodInfo } from './types.js';
import type { CycleState, Status } from './interface.js';
import type { Random } from '../../sim/random.js';
import type { KubeObject } from '../../../trace/types.js';
import type { ApiClient } from '../../apiserver/client.js';
import type { PodCounter } from './pod-counter.js';

/** A LabelSelector (matchLabels + matchExpressions), as the API writes it. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** The scheduler cache as plugins see it (the snapshot's NodeInfos plus incremental indexes). */
export interface ClusterView {
  /** Every node the scheduler knows, in a stable order. */
  nodes(): readonly NodeInfo[];
  node(name: string): NodeInfo | undefined;
  /** On how many nodes `image` is present (ImageStateSummary.NumNodes), kept up to date on node changes. */
  imageNodeCount(image: string): number;
  /**
   * Live counts of the assigned, non-terminating pods of `namespace` that `selector` matches,
   * per node and per topology domain. Built once per selector, then updated as pods come and go.
   */
  podCounter(namespace: string, selector: LabelSelector): PodCounter;
  /** Nodes with at least one pod that has pod (anti-)affinity. */
  nodesWithAffinityPods(): Iterable<NodeInfo>;
  /** Nodes with at least one pod that has required pod anti-affinity. */
  nodesWithRequiredAntiAffinityPods(): Iterable<NodeInfo>;
}

export interface SchedulerHandle extends ClusterView {
  rng: Random;
  readonly schedulerName: string;
  /** The scheduler's client (preemption writes through it); undefined in plugin unit tests. */
  readonly client?: ApiClient;
  /** An RFC 3339 timestamp of the current simulated time. */
  timestamp(): string;
  /** Read from the informers' caches (Services, ReplicaSets, Namespaces …). */
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(resource: string, namespace?: string): KubeObject[];
  /** Run every enabled Filter plugin on `node` (RunFilterPlugins): the first failure, or undefined. */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined;
  /** RunPreFilterExtensionAddPod / RemovePod on every PreFilter plugin that has them. */
  runPreFilterAddPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void;
  runPreFilterRemovePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): void;
  /** The pods nominated to `node` (NominatedPodsForNode); optional for plugin unit tests. */
  nominatedPodsForNode?(node: string): PodInfo[];
}
