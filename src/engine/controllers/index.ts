/** The controllers kube-controller-manager runs in the simulation, in start order. */
import type { Controller } from './controller.js';

/** Every controller (added to as controllers are written; one file each). */
export function defaultControllers(): Controller[] {
  return [];
}
