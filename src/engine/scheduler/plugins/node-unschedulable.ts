/** NodeUnschedulable: a cordoned node (`spec.unschedulable`) fits only pods that tolerate `node.kubernetes.io/unschedulable:NoSchedule`. */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { unresolvable, type FilterPlugin } from '../framework/interface.js';
import { tolerates } from './taint-toleration.js';

export const NAME = 'NodeUnschedulable';
export const ERR_REASON = 'node(s) were unschedulable';

export function create(): FilterPlugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      if (!node.unschedulable) return undefined;
      const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
      if (tolerates((pod.pod as any).spec?.tolerations ?? [], taint)) return undefined;
      return unresolvable(ERR_REASON);
    },
  } satisfies FilterPlugin;
}
