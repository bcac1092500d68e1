import { describe, expect, it } from 'vitest';
import * as imageLocality from '../../../src/engine/scheduler/plugins/image-locality.js';
import { cluster, node, pod, scoreAll } from './helpers.js';

const MB = 1024 * 1024;

describe('ImageLocality', () => {
  it.each([
    { name: 'nowhere', images: [[], [], []], pod: pod('p', { images: ['nginx:1.27'] }), want: { a: 0, b: 0, c: 0 } },
    { name: 'on two of three nodes, spread-weighted', images: [[{ name: 'nginx:1.27', size: 500 * MB }], [{ name: 'nginx:1.27', size: 500 * MB }], []], pod: pod('p', { images: ['nginx:1.27'] }), want: { a: 31, b: 31, c: 0 } },
    { name: 'below the 23 MB threshold', images: [[{ name: 'busybox:latest', size: 5 * MB }], [], []], pod: pod('p', { images: ['busybox'] }), want: { a: 0, b: 0, c: 0 } },
    { name: 'large image everywhere', images: [[{ name: 'big:1', size: 2000 * MB }], [{ name: 'big:1', size: 2000 * MB }], [{ name: 'big:1', size: 2000 * MB }]], pod: pod('p', { images: ['big:1'] }), want: { a: 100, b: 100, c: 100 } },
    { name: 'the threshold grows with the containers', images: [[{ name: 'big:1', size: 2000 * MB }], [{ name: 'big:1', size: 2000 * MB }], [{ name: 'big:1', size: 2000 * MB }]], pod: pod('p', { images: ['big:1', 'sidecar:1'] }), want: { a: 100, b: 100, c: 100 } },
  ])('$name', ({ images, pod: p, want }) => {
    const { handle } = cluster(['a', 'b', 'c'].map((n, i) => node(n, { images: images[i] })));
    expect(scoreAll(imageLocality.create(undefined, handle), p, handle)).toEqual(want);
  });

  it('keeps the per-image node count when nodes change', () => {
    const { cache, handle } = cluster([node('a', { images: [{ name: 'nginx:1.27', size: 500 * MB }] }), node('b')]);
    expect(handle.imageNodeCount('nginx:1.27')).toBe(1);
    cache.upsertNode(node('b', { images: [{ name: 'nginx:1.27', size: 500 * MB }] }));
    expect(handle.imageNodeCount('nginx:1.27')).toBe(2);
    cache.upsertNode(node('a'));
    cache.removeNode('b');
    expect(handle.imageNodeCount('nginx:1.27')).toBe(0);
  });
});
