/**
 * ImageLocality: favours nodes that already have the pod's images, weighted by image size and by
 * the share of nodes that have them (spread), between 23 MB and 1000 MB per container. The number
 * of nodes per image comes from the cache (ImageStateSummary), so a score costs O(containers).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { MAX_NODE_SCORE, skip, type PreScorePlugin, type ScorePlugin } from '../framework/interface.js';
import type { ClusterView } from '../framework/handle.js';
import { imageWithTag } from '../../../manifests/defaults.js';

export const NAME = 'ImageLocality';
const MB = 1024 * 1024;
const STATE_KEY = 'PreScore' + NAME;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** Scale the summed, spread-weighted image sizes to 0..100 (calculatePriority). */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const max = MAX_CONTAINER_THRESHOLD * Math.max(1, numContainers);
  const s = Math.min(Math.max(sumScores, MIN_THRESHOLD), max);
  return Math.floor((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
}

export function create(_args: unknown, handle: ClusterView): PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    // The pod's normalized image names, once per cycle; when no node has any of them every score
    // would be 0, so Score is skipped (same totals, less work).
    preScore(state, pod) {
      const spec = (pod.pod as any).spec ?? {};
      const images = [...((spec.initContainers ?? []) as any[]), ...((spec.containers ?? []) as any[])].map((c) => imageWithTag(String(c.image ?? '')));
      if (!images.some((i) => handle.imageNodeCount(i) > 0)) return skip();
      state.write(STATE_KEY, images);
      return undefined;
    },
    score(state, pod, node) {
      const spec = (pod.pod as any).spec ?? {};
      const images = state.read<string[]>(STATE_KEY) ?? [...((spec.initContainers ?? []) as any[]), ...((spec.containers ?? []) as any[])].map((c) => imageWithTag(String(c.image ?? '')));
      const total = handle.nodes().length || 1;
      let sum = 0;
      for (const image of images) {
        const size = node.images.get(image);
        if (size === undefined) continue;
        sum += Math.floor(size * (handle.imageNodeCount(image) / total));
      }
      return calculatePriority(sum, images.length);
    },
    scoreNodes(state, pod, nodes, scores) {
      const spec = (pod.pod as any).spec ?? {};
      const images = state.read<string[]>(STATE_KEY) ?? [...((spec.initContainers ?? []) as any[]), ...((spec.containers ?? []) as any[])].map((c) => imageWithTag(String(c.image ?? '')));
      const total = handle.nodes().length || 1;
      // The spread of each image (nodes with it / all nodes), once per cycle.
      const spread = images.map((image) => handle.imageNodeCount(image) / total);
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i]!;
        let sum = 0;
        for (let k = 0; k < images.length; k++) {
          const size = node.images.get(images[k]!);
          if (size === undefined) continue;
          sum += Math.floor(size * spread[k]!);
        }
        scores[i]!.score = calculatePriority(sum, images.length);
      }
    },
  } satisfies PreScorePlugin & ScorePlugin;
}
