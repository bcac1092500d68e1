/** PrioritySort: higher `spec.priority` first, then earlier queue time. */
import type { QueueSortPlugin } from '../framework/interface.js';

export const NAME = 'PrioritySort';

export function create(): QueueSortPlugin {
  return {
    name: NAME,
    less: (a, b) => (a.priority !== b.priority ? a.priority > b.priority : a.timestamp < b.timestamp),
  } satisfies QueueSortPlugin;
}
