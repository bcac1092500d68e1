/**
 * Well-known taints (kubernetes/api core/v1 well_known_taints.go), the taints the node-lifecycle
 * controller derives from a node's conditions and spec, and toleration matching
 * (v1helper.TolerationsTolerateTaint / GetMatchingTolerations).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

/** The keys whose NoSchedule taints follow node conditions (TaintNodesByCondition). */
const NO_SCHEDULE_KEYS = [TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, 'node.kubernetes.io/memory-pressure', 'node.kubernetes.io/disk-pressure', 'node.kubernetes.io/pid-pressure', 'node.kubernetes.io/network-unavailable'];
const NO_EXECUTE_KEYS = [TAINT_NOT_READY, TAINT_UNREACHABLE];

export function taintsOf(node: KubeObject): Taint[] {
  return ((node as any).spec?.taints ?? []) as Taint[];
}

export function conditionStatus(node: KubeObject, type: string): string | undefined {
  return ((node as any).status?.conditions ?? []).find((c: any) => c.type === type)?.status;
}

/** The controller-managed taint keys a node should carry for `effect`, from its conditions and spec. */
function wanted(node: KubeObject, effect: 'NoSchedule' | 'NoExecute'): string[] {
  const ready = conditionStatus(node, 'Ready');
  const out: string[] = [];
  if (ready === 'False') out.push(TAINT_NOT_READY);
  if (ready === 'Unknown') out.push(TAINT_UNREACHABLE);
  if (effect === 'NoExecute') return out;
  if ((node as any).spec?.unschedulable) out.push(TAINT_UNSCHEDULABLE);
  for (const [cond, key] of [['MemoryPressure', 'memory-pressure'], ['DiskPressure', 'disk-pressure'], ['PIDPressure', 'pid-pressure'], ['NetworkUnavailable', 'network-unavailable']]) {
    if (conditionStatus(node, cond!) === 'True') out.push(`node.kubernetes.io/${key}`);
  }
  return out;
}

/**
 * The node's taints with the controller-managed ones of `effect` brought in line with its
 * state, or undefined when nothing changes. New NoExecute taints get `timeAdded = now`.
 */
export function reconcileTaints(node: KubeObject, effect: 'NoSchedule' | 'NoExecute', now: string, disrupted = false): Taint[] | undefined {
  const managed = effect === 'NoSchedule' ? NO_SCHEDULE_KEYS : NO_EXECUTE_KEYS;
  // In master disruption mode every node is treated as reachable: no NoExecute taints, no evictions.
  const want = disrupted && effect === 'NoExecute' ? [] : wanted(node, effect);
  const cur = taintsOf(node);
  const keep = cur.filter((t) => t.effect !== effect || !managed.includes(t.key) || want.includes(t.key));
  const add = want.filter((k) => !cur.some((t) => t.key === k && t.effect === effect));
  if (keep.length === cur.length && !add.length) return undefined;
  return [...keep, ...add.map((key) => (effect === 'NoExecute' ? { key, effect, timeAdded: now } : { key, effect }))];
}

/** Does `t` tolerate `taint` (ToleratesTaint)? */
export function tolerates(t: any, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/**
 * GetMatchingTolerations + getMinTolerationTime for a pod and NoExecute taints: `undefined` when
 * some taint is not tolerated (evict now), Infinity when tolerated forever, else the seconds.
 */
export function minTolerationSeconds(pod: KubeObject, taints: Taint[]): number | undefined {
  const tolerations = ((pod as any).spec?.tolerations ?? []) as any[];
  let min = Infinity;
  for (const taint of taints) {
    const t = tolerations.find((x) => tolerates(x, taint));
    if (!t) return undefined;
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) min = Math.min(min, Math.max(0, t.tolerationSeconds));
  }
  return min;
}
