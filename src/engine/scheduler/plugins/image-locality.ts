/**
 * ImageLocality: favours nodes that already have the pod's images, weighted by image size and by
 * how many nodes have them (spread), between 23 MB and 1000 MB per container.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { MAX_NODE_SCORE, type ScorePlugin } from '../framework/interface.js';
import type { SchedulerHandle } from '../framework/handle.js';
import { imageWithTag } from '../../../manifests/defaults.js';

export const NAME = 'ImageLocality';
const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

export function create(_args: unknown, handle: SchedulerHandle): ScorePlugin {
  return {
    name: NAME,
    score(_state, pod, node) {
      const containers = ((pod.pod as any).spec?.containers ?? []) as any[];
      const total = handle.nodes().length || 1;
      let sum = 0;
      for (const c of containers) {
        const image = imageWithTag(String(c.image ?? ''));
        const size = node.images.get(image);
        if (size === undefined) continue;
        let have = 0;
        for (const n of handle.nodes()) if (n.images.has(image)) have++;
        sum += Math.floor(size * (have / total));
      }
      const max = MAX_CONTAINER_THRESHOLD * Math.max(1, containers.length);
      if (sum < MIN_THRESHOLD) return 0;
      if (sum > max) return MAX_NODE_SCORE;
      return Math.floor((MAX_NODE_SCORE * (sum - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
    },
  } satisfies ScorePlugin;
}
