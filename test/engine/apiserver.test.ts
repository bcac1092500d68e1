/**
 * The apiserver's answers in its own words: RBAC on subresources, immutable pod specs, and the
 * group-qualified names of 403 messages.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { runScenario } from '../../src/run/run.js';

function run(text: string) {
  const r = checkSource(text, 'apiserver.kscn', { cwd: __dirname });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return runScenario(r.file!, r.file!.scenarios[0]!);
}

const responses = (res: ReturnType<typeof run>, step = 1) => res.trace.messages.filter((m) => m.step === step && m.kind === 'response' && m.to === 'kubectl').map((m) => m.label);

describe('apiserver', () => {
  it('does not let a rule on deployments cover deployments/scale, and names deployments.apps', () => {
    const res = run(`
cluster one {
  node worker-1 { cpu 4; memory 8Gi }
  namespace team-a
  user dave { allow get,list,create,patch,update on deployments in team-a }
  user erin { allow patch on deployments/scale in team-a }
}
scenario "scale" {
  given cluster one
  given { kubectl create deployment web --image=nginx:1.27 -n team-a }
  when {
    as dave { expect failure "forbidden" { kubectl scale deployment web --replicas=3 -n team-a } }
    as erin { kubectl scale deployment web --replicas=2 -n team-a }
  }
  then { deployment web: 2 replicas }
}`);
    expect(responses(res)).toEqual([
      '403 Forbidden: deployments.apps "web" is forbidden: User "dave" cannot patch resource "deployments/scale" in API group "apps" in the namespace "team-a"',
      '200 OK',
    ]);
    expect(res.status).toBe('passed');
  });

  it('refuses to change a pod spec beyond its mutable fields, and allows a new image', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
manifest db-selector """
  apiVersion: v1
  kind: Pod
  metadata: { name: db }
  spec:
    nodeSelector: { disk: ssd }
    containers: [{ name: db, image: postgres:16 }]
"""
manifest db-image """
  apiVersion: v1
  kind: Pod
  metadata: { name: db }
  spec:
    containers: [{ name: db, image: postgres:17 }]
"""
scenario "immutable" {
  given cluster one
  given { kubectl run db --image=postgres:16 }
  when {
    expect failure "pod updates may not change fields" { apply db-selector }
    apply db-image
  }
  then { pod db: Running }
}`);
    const r = responses(res);
    expect(r[1]).toBe('422 Unprocessable Entity: Pod "db" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)');
    expect(r[3]).toBe('200 OK');
    expect(res.status).toBe('passed');
  });

  it('answers 400 for a quantity it cannot decode, before validation', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
manifest bad """
  apiVersion: v1
  kind: Pod
  metadata: { name: bad }
  spec:
    containers: [{ name: app, image: nginx:1.27, resources: { requests: { cpu: lots } } }]
"""
scenario "decode" {
  given cluster one
  when { expect failure "cannot be handled" { apply bad } }
  then { pod bad: gone }
}`);
    expect(responses(res)).toEqual([
      '404 Not Found: pods "bad" not found',
      `400 Bad Request: Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    ]);
  });
});
