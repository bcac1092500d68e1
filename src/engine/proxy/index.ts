/**
 * kube-proxy, one per node: watches Services and EndpointSlices and syncs iptables rules.
 * (Filled in by the kube-proxy work; until then no proxies run.)
 */
import type { Env } from '../env.js';
import type { ApiServer } from '../apiserver/server.js';

/** Start a kube-proxy on each node. */
export function startProxies(_env: Env, _server: ApiServer, _nodes: string[]): void {}
