/** What plugins may read of the scheduler beyond the pod and node at hand. */
import type { NodeInfo } from './types.js';
import type { Random } from '../../sim/random.js';

export interface SchedulerHandle {
  /** Every node the scheduler knows, in a stable order. */
  nodes(): readonly NodeInfo[];
  node(name: string): NodeInfo | undefined;
  rng: Random;
}
