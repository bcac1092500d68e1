/**
 * Which pods a ReplicaSet deletes first when it scales down: ActivePodsWithRanks.Less of
 * pkg/controller/controller_utils.go with PodDeletionCost and LogarithmicScaleDown (both on by
 * default). Earlier in the order = deleted first.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import { isPodActive, isPodReady, readyCondition } from './objects.js';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

interface Ranked {
  pod: KubeObject;
  /** Active related pods on the same node (getPodsRankedByRelatedPodsOnSameNode). */
  rank: number;
}

/** floor(log2(now − t)) in ns, −1 when not in the past (logarithmicRankDiff's halves). */
function logRank(tMs: number | undefined, nowMs: number): number {
  if (tMs === undefined) return -1;
  const d = (nowMs - tMs) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

function maxRestarts(pod: KubeObject): number {
  return Math.max(0, ...((pod as any).status?.containerStatuses ?? []).map((c: any) => c.restartCount ?? 0));
}

/**
 * Order `pods` for deletion. `related` are the pods of every ReplicaSet of the same owner,
 * `parse` maps an RFC 3339 timestamp to simulated ms, `nowMs` is the ranking time.
 */
export function rankPodsForDeletion(pods: KubeObject[], related: KubeObject[], nowMs: number, parse: (ts: string) => number): KubeObject[] {
  const onNode = new Map<string, number>();
  for (const p of related) {
    const node = (p as any).spec?.nodeName ?? '';
    if (isPodActive(p)) onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked: Ranked[] = pods.map((pod) => ({ pod, rank: onNode.get((pod as any).spec?.nodeName ?? '') ?? 0 }));
  const ts = (s: string | undefined) => (s ? parse(s) : undefined);
  const byUid = (a: KubeObject, b: KubeObject) => (a.metadata.uid! < b.metadata.uid! ? -1 : a.metadata.uid! > b.metadata.uid! ? 1 : 0);
  ranked.sort((x, y) => {
    const a = x.pod as any;
    const b = y.pod as any;
    const na = a.spec?.nodeName ?? '';
    const nb = b.spec?.nodeName ?? '';
    // 1. Unassigned < assigned.
    if (na !== nb && (!na || !nb)) return !na ? -1 : 1;
    // 2. Pending < Unknown < Running.
    const pa = PHASE_ORDINAL[a.status?.phase] ?? 0;
    const pb = PHASE_ORDINAL[b.status?.phase] ?? 0;
    if (pa !== pb) return pa - pb;
    // 3. Not ready < ready.
    const ra = isPodReady(a);
    const rb = isPodReady(b);
    if (ra !== rb) return ra ? 1 : -1;
    // 4. Lower pod-deletion-cost < higher.
    const ca = Number(a.metadata.annotations?.[DELETION_COST] ?? 0) || 0;
    const cb = Number(b.metadata.annotations?.[DELETION_COST] ?? 0) || 0;
    if (ca !== cb) return ca - cb;
    // 5. Doubled up < not doubled up.
    if (x.rank !== y.rank) return y.rank - x.rank;
    // 6. Both ready: ready for a shorter time < longer (logarithmic buckets, then UID).
    if (ra && rb) {
      const ta = ts(readyCondition(a)?.lastTransitionTime);
      const tb = ts(readyCondition(b)?.lastTransitionTime);
      if (ta !== tb) {
        const d = logRank(ta, nowMs) - logRank(tb, nowMs);
        return d !== 0 ? d : byUid(a, b);
      }
    }
    // 7. More restarts < fewer.
    const ma = maxRestarts(a);
    const mb = maxRestarts(b);
    if (ma !== mb) return mb - ma;
    // 8. Newer < older (logarithmic buckets, then UID).
    const ka = ts(a.metadata.creationTimestamp);
    const kb = ts(b.metadata.creationTimestamp);
    if (ka !== kb) {
      const d = logRank(ka, nowMs) - logRank(kb, nowMs);
      return d !== 0 ? d : byUid(a, b);
    }
    return 0;
  });
  return ranked.map((r) => r.pod);
}
