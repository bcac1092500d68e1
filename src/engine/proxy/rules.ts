/**
 * How many iptables rules kube-proxy (iptables mode, clusterCIDR set) writes for one Service, per
 * port with N ready endpoints:
 * - nat KUBE-SERVICES: 1 jump to KUBE-SVC-<hash> for clusterIP:port;
 * - KUBE-SVC-<hash>: 1 KUBE-MARK-MASQ for traffic from outside the cluster CIDR, then N jumps to
 *   KUBE-SEP-<hash> (probabilities 1/N, 1/(N−1) … 1);
 * - each KUBE-SEP-<hash>: 1 KUBE-MARK-MASQ for hairpin traffic and 1 DNAT to podIP:targetPort;
 * - NodePort: 1 jump in KUBE-NODEPORTS to KUBE-EXT-<hash>, whose 2 rules masquerade and jump to KUBE-SVC.
 * A port without usable endpoints gets no nat rules (only a filter-table REJECT, not counted).
 * Usable endpoints are the ready ones or, when none is ready anywhere, the serving-and-terminating
 * ones (pkg/proxy/topology.go CategorizeEndpoints: the fallback that keeps a Service answering
 * while all its pods shut down).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';

/**
 * The addresses kube-proxy routes a Service port to (CategorizeEndpoints, Cluster traffic policy,
 * no topology hints): ready endpoints; if there are none, serving and terminating ones.
 */
export function usableAddresses(slices: Iterable<KubeObject>, portName: string | undefined): string[] {
  const ready = new Set<string>();
  const servingTerminating = new Set<string>();
  for (const s of slices) {
    const sp = ((s as any).ports ?? []) as any[];
    if (portName !== undefined && !sp.some((p) => (p.name ?? '') === portName)) continue;
    for (const ep of ((s as any).endpoints ?? []) as any[]) {
      const c = ep.conditions ?? {};
      const isReady = c.ready !== false;
      // An unset serving condition means the same as ready (discovery/v1 EndpointConditions).
      const isServing = c.serving ?? isReady;
      for (const a of ep.addresses ?? []) {
        if (isReady) ready.add(a);
        else if (isServing && c.terminating === true) servingTerminating.add(a);
      }
    }
  }
  return [...(ready.size ? ready : servingTerminating)].sort();
}

/** The Service's rule count given its EndpointSlices; 0 for headless Services or no usable endpoints. */
export function countRules(svc: KubeObject, slicesIn: Iterable<KubeObject>): number {
  const slices = [...slicesIn];
  const spec = (svc as any).spec ?? {};
  if (spec.clusterIP === 'None' || spec.type === 'ExternalName') return 0;
  let total = 0;
  for (const port of (spec.ports ?? []) as any[]) {
    const n = usableAddresses(slices, port.name ?? '').length;
    if (!n) continue;
    total += 2 + 3 * n;
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') total += 3;
  }
  return total;
}
