/** LANGUAGE.md §6 `apply` of an object that exists: kubectl apply's three-way patch, and what the apiserver lets change. */
import { describe, expect, it } from 'vitest';
import { explain, runText } from '../run/helpers.js';
import { applyPatch } from '../../src/run/kubectl-exec.js';
import { strategicMergePatch } from '../../src/engine/apiserver/merge-patch.js';

describe('§6 apply, again', () => {
  it('removes what left the manifest (the last-applied configuration), as kubectl apply does', () => {
    const [r] = runText(`cluster c { node worker-1 { cpu 8; memory 16Gi } }
manifest v1 """
  apiVersion: apps/v1
  kind: Deployment
  metadata: { name: web, labels: { app: web, tier: front } }
  spec:
    replicas: 2
    selector: { matchLabels: { app: web } }
    template:
      metadata: { labels: { app: web, canary: "yes" } }
      spec: { containers: [{ name: nginx, image: nginx }, { name: sidecar, image: busybox }] }
"""
manifest v2 """
  apiVersion: apps/v1
  kind: Deployment
  metadata: { name: web, labels: { app: web } }
  spec:
    replicas: 2
    selector: { matchLabels: { app: web } }
    template:
      metadata: { labels: { app: web } }
      spec: { containers: [{ name: nginx, image: nginx }] }
"""
scenario "apply twice" {
  given cluster c
  given { apply v1 }
  when { apply v2 }
  then {
    pods canary=yes: gone
    pods app=web: 2 Running
    deployment web: 2 updated
  }
}
`);
    expect(r!.status, explain(r!)).toBe('passed');
  });

  it('sends null for a field that left and {name, $patch: delete} for a named element that left', () => {
    const last = { metadata: { labels: { app: 'web', tier: 'front' } }, spec: { containers: [{ name: 'a', image: 'x', env: [{ name: 'E', value: '1' }] }, { name: 'b', image: 'y' }] } };
    const modified = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'x2' }] } };
    const patch = applyPatch(last, modified);
    expect(patch).toEqual({ metadata: { labels: { app: 'web', tier: null } }, spec: { containers: [{ name: 'a', image: 'x2', env: null }, { name: 'b', $patch: 'delete' }] } });
    // What others set (a label by hand, a defaulted field) stays.
    const live = { metadata: { labels: { app: 'web', tier: 'front', added: 'by-hand' } }, spec: { containers: [{ name: 'a', image: 'x', env: [{ name: 'E', value: '1' }], imagePullPolicy: 'Always' }, { name: 'b', image: 'y' }] } };
    expect(strategicMergePatch(live, patch)).toEqual({ metadata: { labels: { app: 'web', added: 'by-hand' } }, spec: { containers: [{ name: 'a', image: 'x2', imagePullPolicy: 'Always' }] } });
  });

  it('a gated pod (spec.schedulingGates) waits as SchedulingGated; a gate may be removed, never added (K8S-FACTS §4)', () => {
    const [r] = runText(`cluster c { node worker-1 { cpu 8; memory 16Gi } }
manifest gated """
  apiVersion: v1
  kind: Pod
  metadata: { name: batch }
  spec:
    schedulingGates: [{ name: example.com/quota }]
    containers: [{ name: main, image: busybox }]
"""
manifest more """
  apiVersion: v1
  kind: Pod
  metadata: { name: batch }
  spec:
    schedulingGates: [{ name: example.com/quota }, { name: other }]
    containers: [{ name: main, image: busybox }]
"""
manifest released """
  apiVersion: v1
  kind: Pod
  metadata: { name: batch }
  spec: { containers: [{ name: main, image: busybox }] }
"""
scenario "gates" {
  given cluster c
  when { apply gated; wait 1m }
  then {
    pod batch: Pending
    never scheduler -> apiserver: bind pod/batch
  }
  when { expect failure "Forbidden: only deletion is allowed" { apply more } }
  then { sequence { apiserver -> kubectl: response pod/batch code=422 } }
  when { apply released }
  then { pod batch: Running within 10s }
}
`);
    expect(r!.status, explain(r!)).toBe('passed');
    expect(JSON.stringify(r!)).toContain(`spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'other'`);
    expect(JSON.stringify(r!)).toContain('Scheduling is blocked due to non-empty scheduling gates');
  });
});
