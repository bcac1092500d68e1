/**
 * NodePorts: the host ports a pod asks for must be free on the node. A port bound on 0.0.0.0
 * conflicts with the same protocol and port on any address, and any address with 0.0.0.0
 * (HostPortInfo.CheckConflict).
 */
import { skip, unschedulable, type CycleState, type FilterPlugin, type PreFilterPlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/types.js';

export const NAME = 'NodePorts';
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";
const STATE_KEY = 'PreFilter' + NAME;
const ANY_IP = '0.0.0.0';

interface HostPort {
  protocol: string;
  ip: string;
  port: string;
}

function parse(key: string): HostPort {
  const [protocol, ip, port] = key.split('/') as [string, string, string];
  return { protocol, ip: ip || ANY_IP, port };
}

/** Does a wanted `protocol/ip/port` conflict with the ports in use on the node? */
export function conflicts(wanted: string, node: NodeInfo): boolean {
  const w = parse(wanted);
  if (w.ip === ANY_IP) {
    for (const used of node.usedPorts.keys()) {
      const u = parse(used);
      if (u.protocol === w.protocol && u.port === w.port) return true;
    }
    return false;
  }
  return node.usedPorts.has(`${w.protocol}/${w.ip}/${w.port}`) || node.usedPorts.has(`${w.protocol}/${ANY_IP}/${w.port}`);
}

export function create(): PreFilterPlugin & FilterPlugin {
  return {
    name: NAME,
    preFilter(state: CycleState, pod) {
      if (!pod.hostPorts.length) return { status: skip() };
      state.write(STATE_KEY, pod.hostPorts);
      return undefined;
    },
    filter(state, pod, node) {
      const wanted = state.read<string[]>(STATE_KEY) ?? pod.hostPorts;
      for (const p of wanted) if (conflicts(p, node)) return unschedulable(ERR_REASON);
      return undefined;
    },
  } satisfies PreFilterPlugin & FilterPlugin;
}
