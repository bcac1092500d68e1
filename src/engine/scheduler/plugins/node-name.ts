/** NodeName: a pod with `spec.nodeName` set fits only that node. */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { unresolvable, type FilterPlugin } from '../framework/interface.js';

export const NAME = 'NodeName';
export const ERR_REASON = "node(s) didn't match the requested node name";

export function create(): FilterPlugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      const want = (pod.pod as any).spec?.nodeName;
      return !want || want === node.name ? undefined : unresolvable(ERR_REASON);
    },
  } satisfies FilterPlugin;
}
