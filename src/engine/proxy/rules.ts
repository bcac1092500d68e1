/**
 * How many iptables rules kube-proxy (iptables mode, clusterCIDR set) writes for one Service, per
 * port with N ready endpoints:
 * - nat KUBE-SERVICES: 1 jump to KUBE-SVC-<hash> for clusterIP:port;
 * - KUBE-SVC-<hash>: 1 KUBE-MARK-MASQ for traffic from outside the cluster CIDR, then N jumps to
 *   KUBE-SEP-<hash> (probabilities 1/N, 1/(N−1) … 1);
 * - each KUBE-SEP-<hash>: 1 KUBE-MARK-MASQ for hairpin traffic and 1 DNAT to podIP:targetPort;
 * - NodePort: 1 jump in KUBE-NODEPORTS to KUBE-EXT-<hash>, whose 2 rules masquerade and jump to KUBE-SVC.
 * A port without ready endpoints gets no nat rules (only a filter-table REJECT, not counted).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';

/** The Service's rule count given its EndpointSlices; 0 for headless Services or no ready endpoints. */
export function countRules(svc: KubeObject, slices: Iterable<KubeObject>): number {
  const spec = (svc as any).spec ?? {};
  if (spec.clusterIP === 'None' || spec.type === 'ExternalName') return 0;
  let total = 0;
  for (const port of (spec.ports ?? []) as any[]) {
    const ips = new Set<string>();
    for (const s of slices) {
      const sp = ((s as any).ports ?? []) as any[];
      if (!sp.some((p) => (p.name ?? '') === (port.name ?? ''))) continue;
      for (const ep of ((s as any).endpoints ?? []) as any[]) if (ep.conditions?.ready !== false) for (const a of ep.addresses ?? []) ips.add(a);
    }
    const n = ips.size;
    if (!n) continue;
    total += 2 + 3 * n;
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') total += 3;
  }
  return total;
}
