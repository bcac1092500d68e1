/**
 * PodTopologySpread's constraints: the pod's own (`spec.topologySpreadConstraints`, with
 * `matchLabelKeys` merged into the selector) or, when it has none, the system defaults for pods
 * that a Service, ReplicaSet, ReplicationController or StatefulSet selects (common.go,
 * plugin.go buildDefaultConstraints, helper.DefaultSelector).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { LabelSelector, SchedulerHandle } from '../framework/handle.js';
import type { NodeInfo, PodInfo } from '../framework/types.js';
import { matchesRequiredNodeAffinity } from './node-affinity.js';
import { tolerates } from './taint-toleration.js';

export type WhenUnsatisfiable = 'DoNotSchedule' | 'ScheduleAnyway';

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: WhenUnsatisfiable;
  selector: LabelSelector;
  minDomains: number;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** The system default constraints (defaultingType: System). */
export const SYSTEM_DEFAULT_CONSTRAINTS = [
  { maxSkew: 3, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway' as const },
  { maxSkew: 5, topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway' as const },
];

/**
 * A constraint without a labelSelector selects no pod (LabelSelectorAsSelector(nil) is
 * labels.Nothing()); it still requires its topology key on the node. Written as a requirement
 * with an operator no label satisfies.
 */
const NOTHING: LabelSelector = { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Nothing', values: [] }] };

export interface SpreadArgs {
  defaultingType: 'System' | 'List';
  defaultConstraints: { maxSkew: number; topologyKey: string; whenUnsatisfiable: WhenUnsatisfiable }[];
}

/** Constraints of `pod` with the given action; `systemDefaulted` tells whether they are the defaults. */
export function constraintsOf(pod: PodInfo, action: WhenUnsatisfiable, args: SpreadArgs, handle: SchedulerHandle): { constraints: Constraint[]; defaulted: boolean } {
  const spec = (pod.pod as any).spec ?? {};
  const own = (spec.topologySpreadConstraints ?? []) as any[];
  const labels = pod.pod.metadata.labels ?? {};
  if (own.length) {
    const constraints = own.filter((c) => c.whenUnsatisfiable === action).map((c): Constraint => {
      const selector: LabelSelector = c.labelSelector ? { matchLabels: { ...(c.labelSelector.matchLabels ?? {}) }, matchExpressions: [...(c.labelSelector.matchExpressions ?? [])] } : { ...NOTHING, matchExpressions: [...NOTHING.matchExpressions!] };
      for (const k of (c.matchLabelKeys ?? []) as string[]) if (labels[k] !== undefined) selector.matchExpressions!.push({ key: k, operator: 'In', values: [labels[k]!] });
      return {
        maxSkew: c.maxSkew ?? 1, topologyKey: c.topologyKey, whenUnsatisfiable: action, selector, minDomains: c.minDomains ?? 1,
        nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor', nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
      };
    });
    return { constraints, defaulted: false };
  }
  const defaults = args.defaultingType === 'System' ? SYSTEM_DEFAULT_CONSTRAINTS : args.defaultConstraints;
  const wanted = defaults.filter((c) => c.whenUnsatisfiable === action);
  if (!wanted.length) return { constraints: [], defaulted: true };
  const selector = defaultSelector(pod, handle);
  if (!selector) return { constraints: [], defaulted: true };
  return {
    // One object shape for every Constraint (as the pod's own): the scoring loops read them per node.
    constraints: wanted.map((c): Constraint => ({ maxSkew: c.maxSkew, topologyKey: c.topologyKey, whenUnsatisfiable: c.whenUnsatisfiable, selector, minDomains: 1, nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Ignore' })),
    defaulted: args.defaultingType === 'System',
  };
}

/** The merged selector of the Services selecting the pod and its controlling RS/RC/StatefulSet; undefined when empty. */
export function defaultSelector(pod: PodInfo, handle: SchedulerHandle): LabelSelector | undefined {
  const ns = pod.pod.metadata.namespace ?? 'default';
  const labels = pod.pod.metadata.labels ?? {};
  const matchLabels: Record<string, string> = {};
  const matchExpressions: NonNullable<LabelSelector['matchExpressions']> = [];
  for (const svc of handle.list('services', ns) as any[]) {
    const sel = (svc.spec?.selector ?? {}) as Record<string, string>;
    const keys = Object.keys(sel);
    if (keys.length && keys.every((k) => labels[k] === sel[k])) Object.assign(matchLabels, sel);
  }
  const owner = (pod.pod.metadata.ownerReferences ?? []).find((o) => o.controller);
  const resource = owner && ({ ReplicaSet: 'replicasets', ReplicationController: 'replicationcontrollers', StatefulSet: 'statefulsets' } as Record<string, string>)[owner.kind];
  if (owner && resource) {
    const obj = handle.get(resource, ns, owner.name) as any;
    const sel = obj?.spec?.selector;
    if (resource === 'replicationcontrollers' && sel) Object.assign(matchLabels, sel);
    else if (sel) {
      Object.assign(matchLabels, sel.matchLabels ?? {});
      matchExpressions.push(...(sel.matchExpressions ?? []));
    }
  }
  if (!Object.keys(matchLabels).length && !matchExpressions.length) return undefined;
  return matchExpressions.length ? { matchLabels, matchExpressions } : { matchLabels };
}

/** Does the node have every constraint's topology key (nodeLabelsMatchSpreadConstraints)? */
export function hasAllKeys(node: NodeInfo, constraints: readonly Constraint[]): boolean {
  for (let i = 0; i < constraints.length; i++) if (node.label(constraints[i]!.topologyKey) === undefined) return false;
  return true;
}

/** Is the node counted for this constraint (MatchNodeInclusionPolicies)? */
export function includesNode(c: Constraint, pod: PodInfo, node: NodeInfo): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !matchesRequiredNodeAffinity(pod.pod, node)) return false;
  if (c.nodeTaintsPolicy === 'Honor') {
    const tols = (pod.pod as any).spec?.tolerations ?? [];
    for (const t of ((node.node as any).spec?.taints ?? []) as any[]) {
      if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tols, t)) return false;
    }
  }
  return true;
}
