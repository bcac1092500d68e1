/**
 * `kscn check` refuses what kscn does not simulate and accepts what it does (LANGUAGE.md §12.1,
 * the tables of src/simulated.ts). The refusals' wording is in the error goldens
 * (not-simulated-yaml, not-simulated-kubectl); here, what passes and what each case points at.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';

const check = (yaml: string, when = 'apply m') =>
  checkSource(`cluster c { node w { cpu 4; memory 8Gi } }
manifest m """
${yaml.trim().split('\n').map((l) => '  ' + l).join('\n')}
"""
scenario "s" {
  given cluster c
  when { ${when} }
}
`, 'sim.kscn', { readFile: () => undefined }).diagnostics;

describe('what kscn simulates passes kscn check', () => {
  it('a Deployment with what the kubelet and scheduler model: emptyDir, readinessProbe, limits, plain env, securityContext', () => {
    const d = check(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      volumes: [{ name: scratch, emptyDir: {} }]
      securityContext: { runAsNonRoot: true }
      containers:
        - name: web
          image: nginx:1.27
          ports: [{ containerPort: 80 }]
          env: [{ name: MODE, value: fast }]
          volumeMounts: [{ name: scratch, mountPath: /tmp }]
          readinessProbe: { httpGet: { path: /, port: 80 }, periodSeconds: 5 }
          resources: { requests: { cpu: 100m }, limits: { memory: 256Mi } }`);
    expect(d).toEqual([]);
  });

  it('a kind: List applies its items, each checked', () => {
    expect(check(`
apiVersion: v1
kind: List
items:
  - { apiVersion: v1, kind: Namespace, metadata: { name: a } }
  - { apiVersion: v1, kind: Secret, metadata: { name: s } }
  - { apiVersion: v1, kind: PersistentVolumeClaim, metadata: { name: c } }`).map((d) => [d.code, d.message])).toEqual([['E-NOT-SIMULATED', 'kscn does not simulate PersistentVolumeClaim (v1): not served: no volumes, no storage provisioning']]);
  });

  it('a custom resource is accepted when a CustomResourceDefinition of the file declares its group, version and kind', () => {
    const crd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }]
---
apiVersion: example.com/v1
kind: Widget
metadata: { name: w }`;
    // Declared: the kind is known; but in the same apply as its CRD kubectl cannot map it yet (custom-resources.test.ts).
    expect(check(crd).map((d) => d.message)).toEqual(['no matches for kind "Widget" in version "example.com/v1" here: its CustomResourceDefinition is in the same apply, and kubectl maps every object before it sends one']);
    expect(check(crd, 'expect failure "ensure CRDs are installed first" { apply m }')).toEqual([]);
    const other = check(crd.replace('kind: Widget\nmetadata', 'kind: Gadget\nmetadata'));
    expect(other.find((d) => /Gadget/.test(d.message))?.message).toBe('no matches for kind "Gadget" in version "example.com/v1"');
  });

  it('points at the word: the kind, the field', () => {
    const [d] = check(`
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers: [{ name: a, image: nginx, lifecycle: { preStop: { exec: { command: [true] } } } }]`);
    expect(d!.message).toBe('kscn does not simulate spec.containers[0].lifecycle: postStart and preStop hooks are not run');
    expect([d!.span.start.line, d!.span.start.col]).toEqual([7, 43]);
  });

  it('a probe on a port the container does not declare is legal but warned about; a named port it lacks too', () => {
    const ds = check(`
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
  - name: a
    image: nginx
    ports: [{ name: http, containerPort: 8080 }]
    livenessProbe: { httpGet: { path: /, port: 9090 } }
    readinessProbe: { tcpSocket: { port: http } }
    startupProbe: { httpGet: { path: /, port: metrics } }`);
    expect(ds.map((d) => [d.code, d.severity, d.message])).toEqual([
      ['W-PROBE-PORT', 'warning', 'spec.containers[0].livenessProbe.httpGet.port: the container does not declare port 9090'],
      ['W-PROBE-PORT', 'warning', 'spec.containers[0].startupProbe.httpGet.port: the container has no port named "metrics"'],
    ]);
    expect([ds[0]!.span.start.line, ds[0]!.span.start.col]).toEqual([11, 50]);
  });

  it('a refused kubectl command names what to write instead', () => {
    const [d] = check('apiVersion: v1\nkind: Namespace\nmetadata: { name: a }', 'kubectl logs web');
    expect(d!.message).toBe('kubectl logs is not simulated: containers print nothing in the simulation');
    expect(d!.hint).toBe('write instead: an expectation of state or Events, e.g. pod NAME: Running');
  });
});

describe('fields of a kind\'s own spec (SPEC_FIELDS)', () => {
  it('an Indexed Job with a successPolicy and managedBy passes; backoffLimitPerIndex is refused at its key, in a Job and in a CronJob\'s job template', () => {
    const job = (extra: string) => `
apiVersion: batch/v1
kind: Job
metadata: { name: work }
spec:
  completionMode: Indexed
  completions: 3
${extra}
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: w, image: busybox:1.36 }]`;
    expect(check(job('  successPolicy: { rules: [{ succeededIndexes: "0" }] }\n  managedBy: kubernetes.io/job-controller'))).toEqual([]);
    const d = check(job('  backoffLimitPerIndex: 1\n  maxFailedIndexes: 1'));
    expect(d.map((x) => [x.code, x.message, x.span.start.line])).toEqual([
      ['E-NOT-SIMULATED', 'kscn does not simulate spec.backoffLimitPerIndex: per-index back-off (backoffLimitPerIndex, maxFailedIndexes, FailIndex) is not simulated', 9],
      ['E-NOT-SIMULATED', 'kscn does not simulate spec.maxFailedIndexes: per-index back-off (backoffLimitPerIndex, maxFailedIndexes, FailIndex) is not simulated', 10],
    ]);
    expect(d[0]!.hint).toContain('a Job-wide backoffLimit');
    const cron = check(`
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly }
spec:
  schedule: "0 1 * * *"
  timeZone: Europe/Berlin
  jobTemplate:
    spec:
      completionMode: Indexed
      completions: 2
      backoffLimitPerIndex: 2
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: w, image: busybox:1.36 }]`);
    expect(cron.map((x) => x.message)).toEqual(['kscn does not simulate spec.jobTemplate.spec.backoffLimitPerIndex: per-index back-off (backoffLimitPerIndex, maxFailedIndexes, FailIndex) is not simulated']);
  });
});
