/**
 * `kind: List` — what `kubectl get -o yaml` prints for several objects — applies its items at
 * run time, one after another, as kubectl does (LANGUAGE.md §12.1); an item the apiserver
 * refuses fails the line with that item's error, and the items around it are still applied
 * (kubectl's builder continues on error and reports at the end).
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { explain, runText, scenario } from './helpers.js';

const LIST = (items: string) => `manifest several """
  apiVersion: v1
  kind: List
  metadata: { resourceVersion: "" }
  items:
${items}
"""
`;

const NS = `    - apiVersion: v1
      kind: Namespace
      metadata: { name: shop }`;
const WEB = `    - apiVersion: v1
      kind: Pod
      metadata: { name: web, namespace: shop }
      spec: { containers: [{ name: web, image: nginx:1.27 }] }`;
const EMPTY = `    - apiVersion: v1
      kind: Pod
      metadata: { name: empty, namespace: shop }
      spec: { containers: [] }`;
const API = `    - apiVersion: apps/v1
      kind: Deployment
      metadata: { name: api, namespace: shop }
      spec:
        replicas: 2
        selector: { matchLabels: { app: api } }
        template:
          metadata: { labels: { app: api } }
          spec: { containers: [{ name: api, image: nginx:1.27 }] }`;

describe('kind: List at run time', () => {
  it('an apply of a List creates each item, in order', () => {
    const [r] = runText(scenario('apply several', 'pod web: Running\ndeployment api: 2 ready within 1m\nnamespace shop: exists', LIST([NS, WEB, API].join('\n'))));
    expect(r!.status, explain(r!)).toBe('passed');
    const created = r!.trace.messages.filter((m) => m.from === 'kubectl' && m.verb === 'create').map((m) => m.target);
    expect(created).toEqual(['namespace/shop', 'pod/web', 'deployment/api']);
    expect(r!.trace.output.map((o) => o.text)).toEqual(['namespace/shop created', 'pod/web created', 'deployment.apps/api created']);
  });

  it('a bad item is an error of kscn check, at the item, in kubectl\'s words (the apiserver would refuse it whatever the cluster holds)', () => {
    const text = scenario('apply several', 'pod web: Running', LIST([NS, EMPTY, WEB].join('\n')));
    const d = checkSource(text, 'case.kscn', { readFile: () => undefined }).diagnostics;
    expect(d.map((x) => x.message)).toEqual(['The Pod "empty" is invalid: spec.containers: Required value']);
    expect(text.split('\n')[d[0]!.span.start.line - 1]!.trim()).toBe('spec: { containers: [] }');
  });

  it('at run time the refused item fails the line with its error; the others are applied', () => {
    const [r] = runText(scenario('expect failure "spec.containers: Required value" { apply several }', 'pod web: Running', LIST([NS, EMPTY, WEB].join('\n'))));
    // The items before and after the refused one were created.
    expect(r!.trace.output.map((o) => o.text)).toEqual(['namespace/shop created', 'The Pod "empty" is invalid: spec.containers: Required value', 'pod/web created']);
  });

  it('the bad item, expected, passes', () => {
    const [r] = runText(scenario('expect failure "spec.containers: Required value" { apply several }', 'pod web: Running', LIST([NS, EMPTY, WEB].join('\n'))));
    expect(r!.status, explain(r!)).toBe('passed');
  });
});
