/**
 * Custom resources (LANGUAGE.md §12.1): a CustomResourceDefinition makes its kind served —
 * stored under /registry/GROUP/PLURAL, listed, watched, reachable by kubectl's words for it —
 * with the status the apiextensions controllers write (apiextensions-apiserver
 * pkg/controller/status/naming_controller.go, pkg/controller/establish/establishing_controller.go);
 * before it, kubectl's own "no matches for kind" (cli-runtime pkg/resource/mapper.go), with no
 * request sent.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { runScenario } from '../../src/run/run.js';
import type { KubeObject } from '../../src/trace/types.js';

const CRD = `
manifest crd """
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata: { name: widgets.example.com }
  spec:
    group: example.com
    scope: Namespaced
    names: { plural: widgets, singular: widget, kind: Widget, shortNames: [wd] }
    versions:
      - name: v1
        served: true
        storage: true
        schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
"""
manifest gizmo-crd """
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata: { name: gizmos.example.com }
  spec:
    group: example.com
    scope: Cluster
    names: { plural: gizmos, kind: Gizmo }
    versions: [{ name: v1alpha1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }]
"""
manifest blue """
  apiVersion: example.com/v1
  kind: Widget
  metadata: { name: blue, namespace: team-a }
  spec: { size: 3 }
"""
manifest g1 """
  apiVersion: example.com/v1alpha1
  kind: Gizmo
  metadata: { name: g1 }
"""
`;

function run(body: string) {
  const text = `cluster one {
  node worker-1 { cpu 4; memory 8Gi }
  namespace team-a
}
${CRD}
scenario "s" {
  given cluster one
${body}
}`;
  const r = checkSource(text, 'crd.kscn', { cwd: __dirname });
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return runScenario(r.file!, r.file!.scenarios[0]!);
}

/** The stored value of an etcd key at the end of the run (null when deleted). */
function stored(res: ReturnType<typeof run>, key: string): KubeObject | null | undefined {
  let v: KubeObject | null | undefined;
  for (const c of res.trace.changes) if (c.key === key) v = c.value;
  return v;
}

const printed = (res: ReturnType<typeof run>) => res.trace.output.map((o) => o.text);

describe('custom resources', () => {
  it('a CRD is stored under its group, gets NamesAccepted and Established, and serves its kind at /registry/GROUP/PLURAL', () => {
    const res = run(`  when {
    apply crd
    apply gizmo-crd
    kubectl wait --for=condition=established crd/widgets.example.com crd/gizmos.example.com
    apply blue
    apply g1
  }`);
    expect(res.status, JSON.stringify(res.expectations)).toBe('passed');
    const crd = stored(res, '/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com') as any;
    expect(crd.status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['NamesAccepted', 'True', 'NoConflicts', 'no conflicts found'],
      ['Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted'],
    ]);
    expect(crd.status.acceptedNames).toEqual({ plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'], listKind: 'WidgetList' });
    expect(crd.status.storedVersions).toEqual(['v1']);
    // Namespaced under the namespace, cluster-scoped without one.
    expect((stored(res, '/registry/example.com/widgets/team-a/blue') as any).spec).toEqual({ size: 3 });
    expect(stored(res, '/registry/example.com/gizmos/g1')?.metadata.name).toBe('g1');
    expect(printed(res)).toEqual(expect.arrayContaining(['widget.example.com/blue created', 'gizmo.example.com/g1 created', 'customresourcedefinition.apiextensions.k8s.io/widgets.example.com condition met']));
    // The REST paths of the custom resources' requests.
    const labels = res.trace.messages.filter((m) => m.from === 'kubectl').map((m) => m.label);
    expect(labels).toContain('POST /apis/example.com/v1/namespaces/team-a/widgets');
    expect(labels).toContain('POST /apis/example.com/v1alpha1/gizmos');
  });

  it('the naming controller writes Established False (Installing) before the establishing controller writes True', () => {
    const res = run(`  when { apply crd }`);
    const writes = res.trace.changes.filter((c) => c.key === '/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com').map((c) => (c.value as any)?.status?.conditions?.find((x: any) => x.type === 'Established'));
    expect(writes.map((c) => c && [c.status, c.reason])).toEqual([undefined, ['False', 'Installing'], ['True', 'InitialNamesAccepted']]);
  });

  it('a custom resource before its CRD: kubectl\'s "no matches for kind" and no request reaches the apiserver', () => {
    const res = run(`  when { expect failure "ensure CRDs are installed first" { apply blue } }`);
    expect(res.status).toBe('passed');
    expect(res.trace.messages).toEqual([]);
    expect(printed(res)).toEqual([
      'error: resource mapping not found for name: "blue" namespace: "team-a" from "STDIN": no matches for kind "Widget" in version "example.com/v1"',
      'ensure CRDs are installed first',
    ]);
  });

  it('a custom resource before its CRD fails the scenario at its line (set -e)', () => {
    const text = `cluster one { node worker-1 { cpu 4; memory 8Gi } }
${CRD}
scenario "s" {
  given cluster one
  when { kubectl apply -f nothing-here.yaml }
}`;
    // Through kubectl apply -f: the file's path is in the message.
    const r = checkSource(text.replace('kubectl apply -f nothing-here.yaml', 'apply """\n      apiVersion: example.com/v1\n      kind: Widget\n      metadata: { name: w }\n    """\n    apply crd'), 'crd.kscn', { cwd: __dirname });
    // kscn check already says so (a custom resource whose CRD is applied later).
    expect(r.diagnostics.map((d) => [d.code, d.message, d.span.start.line])).toEqual([['E-NOT-SIMULATED', 'no matches for kind "Widget" in version "example.com/v1" here: its CustomResourceDefinition is not applied before this line in this scenario', 41]]);
  });

  it('kubectl reaches a custom resource by plural, singular, kind, short name and plural.group; get -o yaml, apply again, delete', () => {
    const res = run(`  when {
    apply crd
    apply blue
    kubectl get widgets -n team-a
    kubectl get wd blue -n team-a -o name
    kubectl get Widget blue -n team-a -o jsonpath={.spec.size}
    kubectl get widgets.example.com blue -n team-a -o yaml
    apply blue
    apply """
      apiVersion: example.com/v1
      kind: Widget
      metadata: { name: blue, namespace: team-a }
      spec: { size: 5, colour: blue }
    """
    kubectl delete widget blue -n team-a
    kubectl get crd
  }`);
    expect(res.status, JSON.stringify(res.expectations)).toBe('passed');
    const out = printed(res);
    expect(out).toEqual(expect.arrayContaining(['NAME   AGE', 'widget.example.com/blue', '3', 'kind: Widget', 'widget.example.com/blue unchanged', 'widget.example.com/blue configured', 'widget.example.com "blue" deleted']));
    expect(out.some((l) => /^widgets\.example\.com +2026-/.test(l))).toBe(true);
    // A merge patch (no strategic merge for custom resources), then the object is gone.
    const patch = res.trace.messages.find((m) => m.from === 'kubectl' && m.verb === 'patch');
    expect(patch?.label).toBe('PATCH /apis/example.com/v1/namespaces/team-a/widgets/blue');
    expect(stored(res, '/registry/example.com/widgets/team-a/blue')).toBeNull();
  });

  it('custom resources are watched: kubectl delete waits on a watch for the DELETED of a finalized one', () => {
    const res = run(`  when {
    apply crd
    apply """
      apiVersion: example.com/v1
      kind: Widget
      metadata: { name: held, namespace: team-a, finalizers: [example.com/hold] }
    """
    at 1s { kubectl patch widget held -n team-a --type merge -p '{"metadata":{"finalizers":null}}' }
    kubectl delete widget held -n team-a
    kubectl wait --for=delete widget/held -n team-a --timeout=10s
  }`);
    expect(res.status, JSON.stringify(res.expectations)).toBe('passed');
    expect(res.trace.messages.some((m) => m.kind === 'watch' && m.to === 'kubectl' && m.label === 'WATCH DELETED Widget team-a/held')).toBe(true);
    expect(printed(res)).toContain('widget.example.com "held" deleted');
    expect(stored(res, '/registry/example.com/widgets/team-a/held')).toBeNull();
  });

  it('deleting the CRD deletes its custom resources and the kind is no longer served', () => {
    const res = run(`  when {
    apply crd
    apply blue
    kubectl delete crd widgets.example.com
    expect failure "no matches for kind \\"Widget\\"" { apply blue }
    expect failure "the server doesn't have a resource type \\"widgets\\"" { kubectl get widgets -n team-a }
  }`);
    expect(res.status, JSON.stringify(res.expectations)).toBe('passed');
    expect(stored(res, '/registry/example.com/widgets/team-a/blue')).toBeNull();
    expect(stored(res, '/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com')).toBeNull();
  });

  it('a namespace deleted deletes the custom resources in it', () => {
    const res = run(`  when {
    apply crd
    apply blue
    kubectl delete namespace team-a
  }`);
    expect(res.status, JSON.stringify(res.expectations)).toBe('passed');
    expect(stored(res, '/registry/example.com/widgets/team-a/blue')).toBeNull();
  });

  it('an invalid CRD is the apiserver\'s 422, and a plural already served is NamesAccepted False', () => {
    const res = run(`  when {
    expect failure "must be spec.names.plural" {
      apply """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: { name: widget.example.com }
        spec:
          group: example.com
          scope: Namespaced
          names: { plural: widgets, kind: Widget }
          versions: [{ name: v1, served: true, storage: true }]
      """
    }
    apply """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: { name: pods.example.com }
      spec:
        group: example.com
        scope: Namespaced
        names: { plural: pods, kind: Pod }
        versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }]
    """
    wait 1s
  }`);
    expect(res.status, JSON.stringify(res.expectations)).toBe('passed');
    // A v1 CRD needs a schema in every version (apiextensions validation.go: "schemas are required").
    expect(printed(res)[0]).toBe('The CustomResourceDefinition "widget.example.com" is invalid: [metadata.name: Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group, spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required]');
    const crd = stored(res, '/registry/apiextensions.k8s.io/customresourcedefinitions/pods.example.com') as any;
    expect(crd.status.conditions.map((c: any) => [c.type, c.status, c.reason])).toEqual([
      ['NamesAccepted', 'False', 'PluralConflict'],
      ['Established', 'False', 'NotAccepted'],
    ]);
  });
});

describe('state expectations on custom resources (LANGUAGE.md §12.1, §12.2 "any kind")', () => {
  it('exists, gone and .PATH OP VALUE by plural, singular or short name, with -n; wait until too', () => {
    const res = run(`  when {
    apply crd
    apply blue
    wait until widget blue -n team-a: exists
  }
  then {
    widget blue: exists
    widgets blue -n team-a: .spec.size == 3
    wd blue: .spec.size >= 2
    widget red: gone
    widget blue -n default: gone
  }
  when { kubectl delete wd blue -n team-a }
  then { widgets blue: gone }`);
    expect(res.status, JSON.stringify(res.expectations.filter((e) => !e.ok))).toBe('passed');
    expect(res.expectations.filter((e) => e.kind !== 'action').length).toBe(6);
  });

  it('fails honestly when the object is not there, naming it namespace/name when it is', () => {
    const res = run(`  when { apply crd; apply blue }
  then {
    widget red: exists
    widget blue: .spec.size == 4
  }`);
    expect(res.status).toBe('failed');
    const [red, size] = res.expectations.filter((e) => !e.ok);
    expect(red!.message).toBe('expected `widget red: exists` at the end of the step (11ms); found no widget matching red');
    expect(size!.message).toMatch(/found widget team-a\/blue; \.spec\.size is "3"$/);
  });

  it('kscn check refuses a state on a word no CustomResourceDefinition of the file declares, at the word', () => {
    const r = checkSource(`cluster one { node worker-1 { cpu 4; memory 8Gi } }
${CRD}
scenario "s" {
  given cluster one
  when { apply crd }
  then {
    widget blue: gone
    gadget blue: gone
  }
}`, 'crd.kscn', { cwd: __dirname });
    expect(r.diagnostics.map((d) => [d.message, d.hint, `${d.span.start.line}:${d.span.start.col}`])).toEqual([['unknown kind `gadget` in a state', 'did you mean `widget`?', '44:5']]);
  });
});

describe('a custom resource against its CRD\'s schema (crd.ts validateCustom)', () => {
  it('a wrong type, a missing required field, a value outside enum and an undeclared field are refused in the apiserver\'s words', () => {
    const text = `cluster one { node worker-1 { cpu 4; memory 8Gi } }
manifest crd """
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata: { name: widgets.example.com }
  spec:
    group: example.com
    scope: Namespaced
    names: { plural: widgets, kind: Widget }
    versions:
      - name: v1
        served: true
        storage: true
        schema:
          openAPIV3Schema:
            type: object
            properties:
              spec:
                type: object
                required: [size]
                properties:
                  size: { type: integer }
                  colour: { type: string, enum: [blue, green] }
                  labels: { type: object, additionalProperties: { type: string } }
"""
scenario "schema" {
  given cluster one
  when {
    apply crd
    expect failure "spec.size in body must be of type integer: \\"string\\"" {
      apply """
        apiVersion: example.com/v1
        kind: Widget
        metadata: { name: a }
        spec: { size: "3" }
      """
    }
    expect failure "spec.size: Required value" {
      apply """
        apiVersion: example.com/v1
        kind: Widget
        metadata: { name: b }
        spec: { colour: blue }
      """
    }
    expect failure "Unsupported value: \\"red\\"" {
      apply """
        apiVersion: example.com/v1
        kind: Widget
        metadata: { name: c }
        spec: { size: 1, colour: red }
      """
    }
    expect failure "strict decoding error: unknown field \\"spec.shape\\"" {
      apply """
        apiVersion: example.com/v1
        kind: Widget
        metadata: { name: d }
        spec: { size: 1, shape: round }
      """
    }
    apply """
      apiVersion: example.com/v1
      kind: Widget
      metadata: { name: e }
      spec: { size: 1, colour: green, labels: { a: b } }
    """
  }
  then { widget e: exists }
}
`;
    const r = checkSource(text, 'schema.kscn', { cwd: __dirname });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    const res = runScenario(r.file!, r.file!.scenarios[0]!);
    expect(res.status, JSON.stringify(res.expectations.filter((e) => !e.ok))).toBe('passed');
    expect(res.trace.output.map((o) => o.text)).toEqual([
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created',
      'The Widget "a" is invalid: spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"',
      'The Widget "b" is invalid: spec.size: Required value',
      'The Widget "c" is invalid: spec.colour: Unsupported value: "red": supported values: "blue", "green"',
      'Error from server (BadRequest): Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.shape"',
      'widget.example.com/e created',
    ]);
  });
});
