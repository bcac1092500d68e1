/**
 * Custom resources end to end (LANGUAGE.md §12.1), the built `kscn` as a user runs it: the
 * library scenario passes; `kscn check` refuses a custom resource applied before its CRD at its
 * line; at run time, a custom resource whose kind is no longer served fails the scenario at its
 * line with kubectl's text.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const bin = join(root, 'bin/kscn.js');

function kscn(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const HEAD = `cluster c { node worker-1 { cpu 4; memory 8Gi } }
manifest crd """
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata: { name: widgets.example.com }
  spec:
    group: example.com
    scope: Namespaced
    names: { plural: widgets, kind: Widget }
    versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }]
"""
manifest w """
  apiVersion: example.com/v1
  kind: Widget
  metadata: { name: w }
"""
`;

describe('custom resources from the command line', () => {
  it('the library scenario passes', () => {
    const out = mkdtempSync(join(tmpdir(), 'kscn-'));
    const r = kscn(['run', 'scenarios/extending/custom-resources.kscn', '--out', out, '--no-svg']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^2 passed, 0 failed$/m);
  });

  it('kscn check refuses a custom resource applied before its CRD, at its line (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kscn-'));
    writeFileSync(join(dir, 'early.kscn'), `${HEAD}scenario "too early" {
  given cluster c
  when {
    apply w
    apply crd
  }
}
`);
    const r = kscn(['check', join(dir, 'early.kscn')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error: no matches for kind "Widget" in version "example.com/v1" here: its CustomResourceDefinition is not applied before this line in this scenario');
    expect(r.err).toMatch(/--> .*early\.kscn:20:5/);
    expect(r.err).toContain('hint: apply the CustomResourceDefinition in an earlier action');
  });

  it('a custom resource whose CRD was deleted fails the scenario at its line with kubectl\'s text (exit 1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kscn-'));
    writeFileSync(join(dir, 'gone.kscn'), `${HEAD}scenario "CRD deleted" {
  given cluster c
  when {
    apply crd
    kubectl delete crd widgets.example.com
    apply w
  }
}
`);
    const r = kscn(['run', join(dir, 'gone.kscn'), '--out', join(dir, 'reports'), '--no-svg']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('× `apply w` failed: error: resource mapping not found for name: "w" namespace: "" from "STDIN": no matches for kind "Widget" in version "example.com/v1"\n');
    expect(r.out).toContain('ensure CRDs are installed first');
    expect(r.out).toMatch(/at .*gone\.kscn:22:5$/m);
  });
});
