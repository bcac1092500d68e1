import { describe, expect, it } from 'vitest';
import { eventsOf, runFact } from './helpers.js';
import { formatDuration } from '../../../src/engine/kubelet/pod-worker.js';

describe('K8S-FACTS §1 kubelet events', () => {
  it('§1 Kubelet: "already present on machine" and "not present with pull policy of Never" name the requested image (no default tag)', () => {
    const r = runFact(`
manifest pods """
  apiVersion: v1
  kind: Pod
  metadata: { name: cached }
  spec: { containers: [{ name: app, image: nginx, imagePullPolicy: IfNotPresent }] }
  ---
  apiVersion: v1
  kind: Pod
  metadata: { name: never }
  spec: { containers: [{ name: app, image: busybox, imagePullPolicy: Never }] }
"""
cluster c { node worker-1 { cpu 4; memory 8Gi; images nginx } }
scenario "images" {
  given cluster c
  when { apply pods }
  then { pod cached: Running }
}`);
    expect(eventsOf(r, 'pod/cached', 'Pulled').map((e) => e.message)).toEqual(['Container image "nginx" already present on machine']);
    expect(eventsOf(r, 'pod/never', 'ErrImageNeverPull').map((e) => [e.type, e.message])).toEqual([['Warning', 'Container image "busybox" is not present with pull policy of Never']]);
  });

  it('§1 Kubelet: Pulling and Pulled name the image as the spec writes it (pkg/kubelet/images/image_manager.go EnsureImageExists: requestedImage); Pulled "Successfully pulled image %q in %v (%v including waiting). Image size: %v bytes."; Created/Started as 1.35+ (kuberuntime_container.go startContainer, #134043)', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "pull" {
  given cluster c
  when { kubectl run web --image=nginx }
  then { pod web: Running }
}`);
    expect(eventsOf(r, 'pod/web', 'Pulling').map((e) => e.message)).toEqual(['Pulling image "nginx"']);
    expect(eventsOf(r, 'pod/web', 'Pulled')[0]!.message).toMatch(/^Successfully pulled image "nginx" in \d+(\.\d+)?m?s \(\d+(\.\d+)?m?s including waiting\)\. Image size: \d+ bytes\.$/);
    expect(eventsOf(r, 'pod/web').map((e) => e.reason)).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
    expect(eventsOf(r, 'pod/web', 'Created')[0]!.message).toBe('Container created');
    expect(eventsOf(r, 'pod/web', 'Started')[0]!.message).toBe('Container started');
    expect(eventsOf(r, 'pod/web', 'Started')[0]!.host).toBe('worker-1');
  });

  it('§1 Kubelet: durations read as Go time.Duration (Truncate(ms))', () => {
    expect([0, 500, 1500, 2995, 10_000, 61_500, 300_000, 3_600_000].map(formatDuration)).toEqual(['0s', '500ms', '1.5s', '2.995s', '10s', '1m1.5s', '5m0s', '1h0m0s']);
  });
});
