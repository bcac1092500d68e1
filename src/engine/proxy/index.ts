/** kube-proxy, one per node: watches Services and EndpointSlices and syncs iptables rules. */
import type { Env } from '../env.js';
import type { ApiServer } from '../apiserver/server.js';
import { KubeProxy } from './kube-proxy.js';

export { KubeProxy } from './kube-proxy.js';
export { countRules } from './rules.js';

/** Start a kube-proxy on each node; returns them (for inspection; the trace is what counts). */
export function startProxies(env: Env, server: ApiServer, nodes: string[]): KubeProxy[] {
  return nodes.map((n) => {
    const p = new KubeProxy(env, server, n);
    p.start();
    return p;
  });
}
