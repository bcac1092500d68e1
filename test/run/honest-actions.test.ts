/**
 * LANGUAGE.md §12.1, honest verdicts on actions: an action that fails (kubectl's non-zero exit,
 * a refused `apply`, a `wait until` that times out) fails the scenario at its line and stops it
 * there, as `set -e` would; `expect failure ["PATTERN"] { … }` states a failure, and an action in
 * it that succeeds, or fails otherwise, fails the scenario.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { explain, runText, scenario } from './helpers.js';

const BAD_POD = `manifest bad """
  apiVersion: v1
  kind: Pod
  metadata: { name: empty }
  spec: { containers: [] }
"""
`;

const failures = (r: ReturnType<typeof runText>[number]) => r.expectations.filter((e) => !e.ok);

describe('a failed action fails the scenario at its line (§12.1)', () => {
  it('a kubectl error answer: the command, the server\'s text, the line; what follows does not run', () => {
    const [r] = runText(scenario('kubectl create namespace team-a\nkubectl run after --image=nginx', 'pod after: Running'));
    expect(r!.status).toBe('failed');
    const [f, ...rest] = failures(r!);
    expect(rest).toEqual([]);
    expect(f!.kind).toBe('action');
    expect(f!.message).toBe('`kubectl create namespace team-a` failed: Error from server (AlreadyExists): namespaces "team-a" already exists');
    expect([f!.span.start.line, f!.span.start.col]).toEqual([11, 5]);
    // `set -e`: the next command never reached the apiserver, and `then` was not checked.
    expect(r!.trace.messages.some((m) => m.target === 'pod/after')).toBe(false);
    expect(r!.expectations.filter((e) => e.kind !== 'action')).toEqual([]);
  });

  it('a refused apply (422, in kubectl\'s words)', () => {
    // A pod that exists cannot take another spec: the refusal depends on the cluster, so it is the run's.
    const other = 'manifest other """\n  apiVersion: v1\n  kind: Pod\n  metadata: { name: web }\n  spec: { restartPolicy: Never, containers: [{ name: web, image: nginx }] }\n"""\n';
    const [r] = runText(scenario('kubectl run web --image=nginx\nwait 5s\napply other', 'pod web: Running', other));
    expect(failures(r!).map((e) => e.message)).toEqual(['`apply other` failed: The Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)']);
  });

  it('an apply the apiserver would refuse whatever the cluster holds is an error of kscn check, with the same text', () => {
    const c = checkSource(scenario('apply bad', 'pod empty: gone', BAD_POD), 'case.kscn', { readFile: () => undefined });
    expect(c.diagnostics.map((d) => [d.message, d.span.start.line, d.span.start.col])).toEqual([['The Pod "empty" is invalid: spec.containers: Required value', 11, 11]]);
  });

  it('an error kubectl finds itself (drain refuses a pod without a controller)', () => {
    const [r] = runText(scenario('kubectl cordon worker-2\nkubectl run web --image=nginx\nwait 5s\nkubectl drain worker-1', 'node worker-1: unschedulable'));
    expect(failures(r!)[0]!.message).toMatch(/^`kubectl drain worker-1` failed: error: cannot delete Pods that declare no controller \(use --force to override\): default\/web$/);
  });

  it('a failure in the set-up (`given`) stops the scenario before its first step', () => {
    const text = scenario('kubectl run web --image=nginx', 'pod web: Running').replace('given cluster two', 'given cluster two\n  given { kubectl delete pod nothing }');
    const [r] = runText(text);
    expect(r!.status).toBe('failed');
    expect(failures(r!).map((e) => [e.step, e.message])).toEqual([[0, '`kubectl delete pod nothing` failed: Error from server (NotFound): pods "nothing" not found']]);
    expect(r!.trace.messages.some((m) => m.target === 'pod/web')).toBe(false);
  });

  it('a warning is not a failure: it stays a note (kubectl exits 0)', () => {
    const [r] = runText(scenario('kubectl run web --image=nginx\nwait 5s\nkubectl delete pod web --force --grace-period=0', 'pod web: gone'));
    expect(r!.status, explain(r!)).toBe('passed');
    expect(r!.errors.map((e) => [e.code, e.severity])).toEqual([['W-KUBECTL', 'warning']]);
  });
});

describe('expect failure ["PATTERN"] { actions } (§12.1)', () => {
  it('passes when every action fails with a text matching the pattern, and records the block as a kept expectation', () => {
    const [r] = runText(scenario('kubectl create namespace team-b\nexpect failure "already exists" {\nkubectl create namespace team-b\nkubectl create namespace team-a\n}\nkubectl run after --image=nginx', 'pod after: Running'));
    expect(r!.status, explain(r!)).toBe('passed');
    const kept = r!.expectations.filter((e) => e.kind === 'action');
    expect(kept.map((e) => [e.ok, e.text])).toEqual([[true, 'expect failure "already exists" { kubectl create namespace team-b · kubectl create namespace team-a }']]);
  });

  it('without a pattern, any failure will do; `as USER` inside works', () => {
    const [r] = runText(scenario('expect failure { as alice { kubectl run x --image=nginx -n team-a } }', 'pod x: gone'));
    expect(r!.status, explain(r!)).toBe('passed');
  });

  it('fails the scenario when an action in it succeeds', () => {
    const [r] = runText(scenario('expect failure "already exists" { kubectl create namespace team-b }\nkubectl run after --image=nginx', 'pod after: Running'));
    expect(r!.status).toBe('failed');
    expect(failures(r!).map((e) => e.message)).toEqual(['`kubectl create namespace team-b` succeeded, but `expect failure` says it must fail with "already exists"']);
    expect(failures(r!)[0]!.span.start.line).toBe(11);
  });

  it('fails the scenario when the action fails otherwise than the pattern says', () => {
    const [r] = runText(scenario('expect failure "forbidden" { kubectl create namespace team-a }', 'pod x: gone'));
    expect(failures(r!).map((e) => e.message)).toEqual(['`kubectl create namespace team-a` failed, but not with "forbidden": Error from server (AlreadyExists): namespaces "team-a" already exists']);
  });

  it('every action must fail: one success among failures fails it', () => {
    const [r] = runText(scenario('expect failure {\nkubectl create namespace team-a\nkubectl create namespace team-c\n}', 'pod x: gone'));
    expect(failures(r!).map((e) => e.message)).toEqual(['`kubectl create namespace team-c` succeeded, but `expect failure` says it must fail']);
  });

  it('a pattern takes `*` and `|` alternatives, matched anywhere in the text', () => {
    const [r] = runText(scenario('expect failure "nope|namespaces * already" { kubectl create namespace team-a }', 'pod x: gone'));
    expect(r!.status, explain(r!)).toBe('passed');
  });

  it('a `wait until` that times out is a failure it can expect', () => {
    const [r] = runText(scenario('expect failure "still not true after 10s" { wait until pod nothing: Running timeout 10s }', 'pod nothing: gone'));
    expect(r!.status, explain(r!)).toBe('passed');
    const [bad] = runText(scenario('wait until pod nothing: Running timeout 10s', 'pod nothing: gone'));
    expect(failures(bad!).map((e) => e.message)).toEqual(['`wait until pod nothing: Running` failed: still not true after 10s: no pod matching nothing']);
  });
});

describe('an object applied with a status (§12.1)', () => {
  it('gets its status reset on create, as the apiserver does (PrepareForCreate): a Pod starts Pending, not Running', () => {
    const text = scenario('apply claims-running\napply rs-status\nwait 1ms', 'never pod fake: Running\nreplicaset rs: 0 ready').replace('scenario "case"', `manifest claims-running """
  apiVersion: v1
  kind: Pod
  metadata: { name: fake }
  spec: { nodeName: nowhere, containers: [{ name: a, image: nginx }] }
  status: { phase: Running, podIP: 10.0.0.9 }
"""
manifest rs-status """
  apiVersion: apps/v1
  kind: ReplicaSet
  metadata: { name: rs }
  spec:
    replicas: 0
    selector: { matchLabels: { app: rs } }
    template: { metadata: { labels: { app: rs } }, spec: { containers: [{ name: a, image: nginx }] } }
  status: { replicas: 5, readyReplicas: 5 }
"""
scenario "case"`);
    const [r] = runText(text);
    expect(r!.status, explain(r!)).toBe('passed');
    const put = r!.trace.changes.find((c) => c.value?.metadata.name === 'fake');
    expect((put!.value as unknown as { status: unknown }).status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });
});
