/**
 * DynamicResources (DRA), on by default since 1.34. The simulation has no ResourceClaims, so its
 * PreFilter skips every pod; its PostFilter still runs for an unschedulable pod and, with no claims
 * to deallocate, says so — which is why current FailedScheduling messages read
 * `… no new claims to deallocate, preemption: …`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { skip, unschedulable, type PostFilterPlugin, type PreFilterPlugin } from '../framework/interface.js';

export const NAME = 'DynamicResources';
export const POSTFILTER_MSG = 'no new claims to deallocate';

export function create(): PreFilterPlugin & PostFilterPlugin {
  return {
    name: NAME,
    preFilter(_state, pod) {
      const claims = (pod.pod as any).spec?.resourceClaims as unknown[] | undefined;
      return claims?.length ? undefined : { status: skip() };
    },
    postFilter: () => ({ status: unschedulable(POSTFILTER_MSG) }),
  } satisfies PreFilterPlugin & PostFilterPlugin;
}
