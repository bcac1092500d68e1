/**
 * NodeAffinity: `spec.nodeSelector` and required node affinity must match the node's labels
 * (filter); preferred terms add their weights (score, normalised to 0..100).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { MAX_NODE_SCORE, skip, unresolvable, type FilterPlugin, type PreFilterPlugin, type PreFilterResult, type PreScorePlugin, type ScorePlugin, type Status } from '../framework/interface.js';
import type { NodeInfo } from '../framework/types.js';

export const NAME = 'NodeAffinity';
export const ERR_REASON = "node(s) didn't match Pod's node affinity/selector";
/** NodeAffinityArgs.addedAffinity not matched (errReasonEnforced). */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";

/** Does a NodeSelectorTerm match the labels (and, for matchFields, the node name)? */
export function matchTerm(term: any, labels: Record<string, string>, nodeName: string): boolean {
  const exprs = (term?.matchExpressions ?? []) as any[];
  const fields = (term?.matchFields ?? []) as any[];
  if (!exprs.length && !fields.length) return false;
  return exprs.every((e) => matchExpr(e, labels[e.key])) && fields.every((f) => f.key === 'metadata.name' && matchExpr(f, nodeName));
}

function matchExpr(e: any, v: string | undefined): boolean {
  const values: string[] = e.values ?? [];
  switch (e.operator) {
    case 'In':
      return v !== undefined && values.includes(v);
    case 'NotIn':
      return v === undefined || !values.includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
      return v !== undefined && Number(v) > Number(values[0]);
    case 'Lt':
      return v !== undefined && Number(v) < Number(values[0]);
    default:
      return false;
  }
}

/** Does the node satisfy the pod's nodeSelector and required node affinity (GetRequiredNodeAffinity(pod).Match)? */
export function matchesRequiredNodeAffinity(pod: any, node: NodeInfo): boolean {
  const spec = pod?.spec ?? {};
  const labels = node.labels;
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as any[] | undefined;
  return !terms || terms.some((t) => matchTerm(t, labels, node.name));
}

export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

/**
 * PreFilter (nodeaffinity/node_affinity.go PreFilter): required terms that each name nodes
 * (`matchFields` metadata.name In …) narrow the candidates to the union of those nodes
 * (PreFilterResult.NodeNames). The terms are ORed: one term without a node-name requirement
 * makes every node eligible, whatever the other terms say. Only when every term names nodes and
 * the union is empty (each term's requirements conflict) is the pod unschedulable (errReasonConflict).
 */
function preFilterNodeNames(pod: any): { status?: Status; result?: PreFilterResult } | undefined {
  const terms = pod?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as any[] | undefined;
  if (!terms?.length) return undefined;
  let nodeNames: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of (t?.matchFields ?? []) as any[]) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set<string>((r.values ?? []) as string[]);
      termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
    }
    // A term without a node-name requirement allows every node (the terms are ORed).
    if (!termNames) return undefined;
    nodeNames = nodeNames ? new Set([...nodeNames, ...termNames]) : termNames;
  }
  if (nodeNames && !nodeNames.size) return { status: unresolvable(ERR_REASON_CONFLICT) };
  return nodeNames ? { result: { nodeNames } } : undefined;
}

/** Does the pod have a nodeSelector or required node affinity? */
export function hasRequiredNodeAffinity(pod: any): boolean {
  const spec = pod?.spec ?? {};
  return Object.keys(spec.nodeSelector ?? {}).length > 0 || !!spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
}

/** Does the node match NodeAffinityArgs.addedAffinity's required terms (none: every node)? */
export function matchesAddedAffinity(added: any, node: NodeInfo): boolean {
  const terms = added?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as any[] | undefined;
  return !terms || terms.some((t) => matchTerm(t, node.labels, node.name));
}

/**
 * `args.addedAffinity` (NodeAffinityArgs) is node affinity the profile adds to every pod: its
 * required terms must match too (`node(s) didn't match scheduler-enforced node affinity`), its
 * preferred terms score too.
 */
export function create(args?: Record<string, unknown>): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const added = args?.addedAffinity as any;
  const addedRequired = !!added?.requiredDuringSchedulingIgnoredDuringExecution;
  const addedPreferred = ((added?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as any[]);
  const preferred = (pod: any): any[] => [...((pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as any[]), ...addedPreferred];
  return {
    name: NAME,
    // Nothing to check or prefer: skip Filter / Score for this pod (as upstream's PreFilter and PreScore do).
    preFilter: (_state, pod) => (hasRequiredNodeAffinity(pod.pod) ? preFilterNodeNames(pod.pod) : addedRequired ? undefined : { status: skip() }),
    preScore: (_state, pod) => (preferred(pod.pod).length ? undefined : skip()),
    filter(_state, pod, node) {
      if (addedRequired && !matchesAddedAffinity(added, node)) return unresolvable(ERR_REASON_ENFORCED);
      return matchesRequiredNodeAffinity(pod.pod, node) ? undefined : unresolvable(ERR_REASON);
    },
    score(_state, pod, node) {
      let total = 0;
      for (const p of preferred(pod.pod)) if (p.weight && matchTerm(p.preference, node.labels, node.name)) total += p.weight;
      return total;
    },
    normalizeScore(_state, _pod, scores) {
      let max = 0;
      for (const s of scores) if (s.score > max) max = s.score;
      for (const s of scores) s.score = max === 0 ? 0 : Math.floor((s.score * MAX_NODE_SCORE) / max);
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
}
