/**
 * ImageLocality: favours nodes that already have the pod's images, weighted by image size and by
 * the share of nodes that have them (spread), between 23 MB and 1000 MB per container. The number
 * of nodes per image comes from the cache (ImageStateSummary), so a score costs O(containers).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { MAX_NODE_SCORE, type ScorePlugin } from '../framework/interface.js';
import type { ClusterView } from '../framework/handle.js';
import { imageWithTag } from '../../../manifests/defaults.js';

export const NAME = 'ImageLocality';
const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** Scale the summed, spread-weighted image sizes to 0..100 (calculatePriority). */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const max = MAX_CONTAINER_THRESHOLD * Math.max(1, numContainers);
  const s = Math.min(Math.max(sumScores, MIN_THRESHOLD), max);
  return Math.floor((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
}

export function create(_args: unknown, handle: ClusterView): ScorePlugin {
  return {
    name: NAME,
    score(_state, pod, node) {
      const spec = (pod.pod as any).spec ?? {};
      const containers = [...((spec.initContainers ?? []) as any[]), ...((spec.containers ?? []) as any[])];
      const total = handle.nodes().length || 1;
      let sum = 0;
      for (const c of containers) {
        const image = imageWithTag(String(c.image ?? ''));
        const size = node.images.get(image);
        if (size === undefined) continue;
        sum += Math.floor(size * (handle.imageNodeCount(image) / total));
      }
      return calculatePriority(sum, containers.length);
    },
  } satisfies ScorePlugin;
}
