/** K8S-FACTS §2 names / LANGUAGE.md §7.3: EndpointSlices `<service>-<5 chars>` with ready/serving/terminating, ports, nodeName and zone. */
import { describe, expect, it } from 'vitest';
import { runFact } from './helpers.js';

describe('endpointslice controller', () => {
  it('names slices <svc>-<5 chars>, labels them, lists ready pods with conditions, node, zone and the target port', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi; zone eu-1a } }
scenario "svc" {
  given cluster c
  when {
    kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=8080
    kubectl expose deployment web --port=80 --target-port=8080
    wait until deployment web: 2 ready
  }
  then { endpoints web: 2 endpoints }
}`);
    const slices = r.trace.changes.filter((c) => c.key.startsWith('/registry/endpointslices/default/'));
    const slice = slices.at(-1)!.value as any;
    expect(slice.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.metadata.generateName).toBe('web-');
    expect(slice.metadata.labels).toMatchObject({ 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(slice.metadata.ownerReferences[0]).toMatchObject({ kind: 'Service', name: 'web', controller: true });
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
    expect(slice.endpoints).toHaveLength(2);
    for (const ep of slice.endpoints) {
      expect(ep).toMatchObject({ conditions: { ready: true, serving: true, terminating: false }, nodeName: 'worker-1', zone: 'eu-1a', targetRef: { kind: 'Pod', namespace: 'default' } });
      expect(ep.addresses[0]).toMatch(/^10\.244\.\d+\.\d+$/);
    }
  });
});
