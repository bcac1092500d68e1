/**
 * Issue 18 §10: inputs the apiserver (or the language) refuses, which kscn accepted. Each is
 * refused at `kscn check` where the input is static — a located error with the apiserver's text
 * and exit 2 — and by the simulated apiserver at run time where it depends on the cluster.
 * Upstream texts: encoding/json's UnmarshalTypeError (as sigs.k8s.io/json decodes request
 * bodies), pkg/apis/core/validation (ValidateMaxSkew), plugin/pkg/admission/priority
 * (validatePriorityClass), apimachinery pkg/labels/selector.go (Parse), kubectl's
 * `no matches for kind`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { check } from '../../src/cli/check.js';
import { main } from '../../src/cli/main.js';
import { parseLabelSelector } from '../../src/engine/apiserver/selector.js';
import { runText } from '../run/helpers.js';
import { memoryIO } from '../report/io.js';

const CLUSTER = 'cluster c { node n-1 { cpu 4; memory 8Gi } }\n';
/** A file applying this YAML (indented into a block string) in one scenario. */
const applying = (yaml: string) => `${CLUSTER}manifest m """\n${yaml.split('\n').map((l) => `  ${l}`).join('\n')}\n"""\nscenario "s" {\n  given cluster c\n  when { apply m }\n}\n`;
/** The errors of checking `text`: message, line, column, and the text under the caret. */
function refusals(text: string): [string, number, number, string][] {
  return checkSource(text, 's.kscn', { readFile: () => undefined })
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => [d.message, d.span.start.line, d.span.start.col, text.split('\n')[d.span.start.line - 1]!.slice(d.span.start.col - 1, d.span.end.col - 1)]);
}

describe('§10 refused at kscn check, at the YAML key, in the apiserver\'s words', () => {
  it('apiVersion: apps/v1 with kind: Pod', () => {
    expect(refusals(applying('apiVersion: apps/v1\nkind: Pod\nmetadata: { name: a }\nspec: { containers: [{ name: c, image: busybox }] }'))).toEqual([['no matches for kind "Pod" in version "apps/v1"', 4, 9, 'Pod']]);
  });

  it('labels given as a list', () => {
    expect(refusals(applying('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: [app, web]\nspec: { containers: [{ name: c, image: busybox }] }'))).toEqual([
      ['Error from server (BadRequest): Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string', 7, 5, 'labels'],
    ]);
  });

  it('an image given as a number', () => {
    expect(refusals(applying('apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec:\n  containers:\n    - name: c\n      image: 5'))).toEqual([
      ['Error from server (BadRequest): Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string', 9, 9, 'image'],
    ]);
  });

  it('replicas: 2147483648 (out of int32)', () => {
    const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  replicas: 2147483648\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [{ name: c, image: nginx }] }';
    expect(refusals(applying(yaml))).toEqual([
      ['Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32', 7, 5, 'replicas'],
    ]);
    // 2147483647 decodes; it is the object cap that stops it then (at run time).
    expect(refusals(applying(yaml.replace('2147483648', '2147483647')))).toEqual([]);
  });

  it('maxSkew: 0', () => {
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata: { name: a, labels: { app: a } }\nspec:\n  containers: [{ name: c, image: busybox }]\n  topologySpreadConstraints:\n    - maxSkew: 0\n      topologyKey: kubernetes.io/hostname\n      whenUnsatisfiable: DoNotSchedule\n      labelSelector: { matchLabels: { app: a } }';
    expect(refusals(applying(yaml))).toEqual([['The Pod "a" is invalid: spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero', 9, 9, 'maxSkew']]);
  });

  it('two PriorityClasses with globalDefault: true in one manifest', () => {
    const pc = (name: string, value: number) => `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: { name: ${name} }\nvalue: ${value}\nglobalDefault: true`;
    expect(refusals(applying(`${pc('first', 100)}\n---\n${pc('second', 200)}`))).toEqual([
      ['Error from server (Forbidden): priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist', 13, 3, 'globalDefault'],
    ]);
  });

  it('a label selector `a in (`', () => {
    const text = `${CLUSTER}scenario "s" {\n  given cluster c\n  when { kubectl get pods -l "a in (" }\n}\n`;
    expect(refusals(text)).toEqual([["unable to parse requirement: found '', expected: ',', ')' or identifier", 4, 30, '"a in ("']]);
  });

  it('exit 2 from the CLI, with the location', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kscn-refuse-'));
    writeFileSync(join(dir, 'r.kscn'), applying('apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec: { containers: [{ name: c, image: 5 }] }'));
    const io = memoryIO({ cwd: dir });
    expect(await check(['r.kscn'], io)).toBe(2);
    expect(io.err + io.out).toContain('--> r.kscn:6:35');
  });

  it('inside `expect failure` the apply is left to the run, which refuses it with the same text', () => {
    const text = applying('apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec: { containers: [{ name: c, image: 5 }] }').replace('when { apply m }', 'when { expect failure "cannot be handled" { apply m } }');
    expect(refusals(text)).toEqual([]);
    const [r] = runText(text);
    expect(r!.status).toBe('passed');
  });
});

describe('§10 refused at run time when the cluster decides', () => {
  it('a second default PriorityClass applied in a later step: 403, in kubectl\'s words', () => {
    const pc = (name: string) => `manifest ${name} """\n  apiVersion: scheduling.k8s.io/v1\n  kind: PriorityClass\n  metadata: { name: ${name} }\n  value: 100\n  globalDefault: true\n"""\n`;
    const text = `${CLUSTER}${pc('first')}${pc('second')}scenario "s" {\n  given cluster c\n  when { apply first }\n  when { apply second }\n}\n`;
    expect(refusals(text)).toEqual([]);
    const [r] = runText(text);
    expect(r!.status).toBe('failed');
    expect(r!.expectations.filter((e) => !e.ok).map((e) => e.message)).toEqual(['`apply second` failed: Error from server (Forbidden): priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist']);
  });
});

describe('§10 the label selector parser is apimachinery\'s', () => {
  it('accepts what labels.Parse accepts and refuses the rest with its text', () => {
    const ok = (s: string) => ('requirements' in parseLabelSelector(s) ? 'ok' : (parseLabelSelector(s) as { error: string }).error);
    expect(ok('app=web,tier!=db,env in (a,b),!legacy,x notin (in),y')).toBe('ok');
    expect(ok('')).toBe('ok');
    expect(ok('a in (')).toBe("unable to parse requirement: found '', expected: ',', ')' or identifier");
    expect(ok('a in (b')).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    expect(ok('a b')).toBe("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    expect(ok('a,')).toBe("found '', expected: identifier after ','");
    expect(ok('a=b c')).toBe("found 'c', expected: ',' or 'end of string'");
    expect(ok('a foo b')).toBe('unable to parse requirement: found \'foo\', expected: in, notin, =, ==, !=, gt, lt');
    expect(ok('a in b')).toBe("unable to parse requirement: found 'b' expected: '('");
    expect(ok('=a')).toBe("found '=', expected: !, identifier, or 'end of string'");
  });
});

describe('§10 --seed above 2^53 is refused, as the language refuses it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kscn-seed-'));
  writeFileSync(join(dir, 's.kscn'), `${CLUSTER}scenario "s" {\n  given cluster c\n  when { kubectl run a --image=busybox }\n}\n`);
  it('kscn run, kscn diagram, kscn trace and kscn.config.json', async () => {
    for (const argv of [['run', 's.kscn', '--no-svg', '--seed', '9007199254740993'], ['trace', 's.kscn', '--seed', '9007199254740993'], ['diagram', 's.kscn', '--seed', '9007199254740993']]) {
      const io = memoryIO({ cwd: dir });
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      expect(io.err, argv.join(' ')).toMatch(/--seed takes a whole number of at most 9007199254740991 \(2\^53 - 1\), not "9007199254740993"/);
    }
    // The largest exact one runs.
    const io = memoryIO({ cwd: dir });
    expect(await main(['run', 's.kscn', '--no-svg', '--out', 'out', '--seed', '9007199254740991'], io)).toBe(0);
    writeFileSync(join(dir, 'kscn.config.json'), '{ "seed": 9007199254740993 }');
    const io2 = memoryIO({ cwd: dir });
    expect(await main(['run', 's.kscn', '--no-svg', '--out', 'out'], io2)).toBe(2);
    expect(io2.err).toContain('"seed" takes a whole number of at most 9007199254740991 (2^53 - 1)');
  });
  it('the language: `seed 9007199254740993`', () => {
    const text = `${CLUSTER}scenario "s" {\n  given cluster c\n  seed 9007199254740993\n  when { kubectl run a --image=busybox }\n}\n`;
    expect(refusals(text).map((r) => r[0])).toEqual(['"9007199254740993" is not a seed (a whole number)']);
  });
});

describe('§10 at run time, when the input changed after kscn check', () => {
  it('a kubectl apply -f file rewritten to apiVersion: apps/v1 with kind: Pod: kubectl\'s mapping error', async () => {
    const { runScenario } = await import('../../src/run/run.js');
    const { readFileSync: read } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'kscn-refuse-'));
    const file = join(dir, 's.kscn');
    writeFileSync(file, `${CLUSTER}scenario "s" {\n  given cluster c\n  when { kubectl apply -f pod.yaml }\n}\n`);
    writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec: { containers: [{ name: c, image: busybox }] }\n');
    const c = checkSource(read(file, 'utf8'), file, { cwd: dir });
    expect(c.diagnostics).toEqual([]);
    writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: apps/v1\nkind: Pod\nmetadata: { name: a }\nspec: { containers: [{ name: c, image: busybox }] }\n');
    const r = runScenario(c.file!, c.file!.scenarios[0]!);
    expect(r.status).toBe('failed');
    expect(r.expectations.filter((e) => !e.ok).map((e) => e.message)).toEqual(['`kubectl apply -f pod.yaml` failed: error: resource mapping not found for name: "a" namespace: "" from "pod.yaml": no matches for kind "Pod" in version "apps/v1"']);
  });

  it('a label selector labels.Parse refuses: 400 from the apiserver, in kubectl\'s words', async () => {
    const { runScenario } = await import('../../src/run/run.js');
    const c = checkSource(`${CLUSTER}scenario "s" {\n  given cluster c\n  when { kubectl get pods -l app=web }\n}\n`, 's.kscn', { readFile: () => undefined });
    const action = c.file!.scenarios[0]!.steps[0]!.when[0] as { raw: string };
    // What kscn check refuses, sent anyway (as a library caller could).
    action.raw = 'get pods -l "a in ("';
    const r = runScenario(c.file!, c.file!.scenarios[0]!);
    expect(r.expectations.filter((e) => !e.ok).map((e) => e.message)).toEqual([
      '`kubectl get pods -l "a in ("` failed: Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "a in (", field selector "": unable to parse requirement: found \'\', expected: \',\', \')\' or identifier',
    ]);
  });
});
