/**
 * PodDisruptionBudget arithmetic shared by the disruption controller and the Eviction API
 * (pkg/controller/disruption/disruption.go getExpectedPodCount, countHealthyPods;
 * pkg/registry/core/pod/storage/eviction.go checkAndDecrement).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import { matchLabelSelector } from './selector.js';
import type { ApiResponse } from './types.js';

/** The 429 of an eviction a budget refuses (eviction.go). */
export const EVICTION_REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";

/** An int-or-percent of `total`, rounded up (intstr.GetScaledValueFromIntOrPercent, roundUp true). */
export function scaled(v: unknown, total: number): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+%$/.test(v)) return Math.ceil((Number(v.slice(0, -1)) * total) / 100);
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/** Does the budget select the pod (same namespace, its selector matches; an empty selector matches every pod). */
export function selects(pdb: KubeObject, pod: KubeObject): boolean {
  if (pdb.metadata.namespace !== pod.metadata.namespace) return false;
  const sel = (pdb as any).spec?.selector;
  if (!sel) return false;
  return matchLabelSelector(sel, pod.metadata.labels ?? {});
}

function ready(pod: any): boolean {
  return pod.status?.phase === 'Running' && (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

/**
 * The Eviction API's decision for `pod` (eviction.go Create): a pod that is terminal, Pending
 * or already being deleted is evicted without a budget; a pod under no budget too. With one
 * budget: refused (429) when its status is not yet current or it allows no disruption — unless
 * the pod is not ready and the budget is met (unhealthyPodEvictionPolicy IfHealthyBudget); else
 * allowed, and the budget's status is to lose one allowed disruption. Two budgets are a 500.
 */
export function evictionDecision(pod: KubeObject, pdbs: KubeObject[], now: string): { refuse: ApiResponse } | { pdb: KubeObject; status: any } | { free: true } {
  const p = pod as any;
  if (['Succeeded', 'Failed', 'Pending'].includes(p.status?.phase) || pod.metadata.deletionTimestamp) return { free: true };
  const mine = pdbs.filter((b) => selects(b, pod));
  if (!mine.length) return { free: true };
  if (mine.length > 1) return { refuse: { code: 500, reason: 'InternalError', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' } };
  const pdb = mine[0] as any;
  const st = pdb.status ?? {};
  // The StatusCause (type DisruptionBudget) says why: kubectl prints the message only.
  const budget = (_why: string): { refuse: ApiResponse } => ({ refuse: { code: 429, reason: 'TooManyRequests', message: EVICTION_REFUSED, cause: 'DisruptionBudget' } });
  if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) return budget(`The disruption budget ${pdb.metadata.name} is still being processed by the server.`);
  // An unready pod: AlwaysAllow lets it go; IfHealthyBudget (the default) when the budget is met.
  if (!ready(p) && pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { free: true };
  if (!ready(p) && (st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0) && (st.desiredHealthy ?? 0) > 0) return { free: true };
  if ((st.disruptionsAllowed ?? 0) < 0) return { refuse: { code: 403, reason: 'Forbidden', message: 'pdb disruptions allowed is negative' } };
  if ((st.disruptionsAllowed ?? 0) === 0) return budget(`The disruption budget ${pdb.metadata.name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`);
  const status = { ...st, disruptionsAllowed: st.disruptionsAllowed - 1, disruptedPods: { ...(st.disruptedPods ?? {}), [pod.metadata.name]: now } };
  return { pdb, status };
}
