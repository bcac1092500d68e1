/**
 * kubectl rollout status|history|undo|pause|resume and kubectl wait through the runner, checked by
 * the lines kubectl prints (LANGUAGE.md §12.2 `output`), with the texts of
 * staging/src/k8s.io/kubectl/pkg/polymorphichelpers (rollout_status.go, history.go, rollback.go)
 * and cmd/wait.
 */
import { describe, expect, it } from 'vitest';
import { explain, runText, scenario } from './helpers.js';

const MANIFESTS = `manifest sts """
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: { name: web }
  spec:
    serviceName: web
    replicas: 2
    selector: { matchLabels: { app: web } }
    template:
      metadata: { labels: { app: web } }
      spec: { containers: [{ name: web, image: "nginx:1.27" }] }
"""
manifest ds """
  apiVersion: apps/v1
  kind: DaemonSet
  metadata: { name: agent }
  spec:
    selector: { matchLabels: { app: agent } }
    template:
      metadata: { labels: { app: agent } }
      spec: { containers: [{ name: agent, image: "busybox:1.36" }] }
"""`;
const STS = 'apply sts';
const DS = 'apply ds';
const ROLLED = `wait until statefulset web: 2 ready\nkubectl set image statefulset/web web=nginx:1.28\nkubectl rollout status statefulset/web`;

const cases: { name: string; when: string; pass: string; fail: string }[] = [
  {
    name: 'rollout status of a StatefulSet blocks until it is rolled out',
    when: `${STS}\nkubectl rollout status statefulset/web`,
    pass: 'output "Waiting for 2 pods to be ready..."\noutput "partitioned roll out complete: 2 new pods have been updated..."\nstatefulset web: 2 ready',
    fail: 'output "Waiting for 3 pods to be ready..."',
  },
  {
    name: 'rollout status of a DaemonSet',
    when: `${DS}\nkubectl rollout status daemonset/agent`,
    pass: 'output "daemon set \\"agent\\" successfully rolled out"\ndaemonset agent: 2 desired and 2 ready',
    fail: 'output "deployment*"',
  },
  {
    name: 'rollout history and undo of a StatefulSet',
    when: `${STS}\n${ROLLED}\nkubectl rollout history statefulset/web\nkubectl rollout undo statefulset/web --to-revision=1\nkubectl rollout status statefulset/web`,
    pass: 'output "statefulset.apps/web "\noutput "1         <none>"\noutput "statefulset.apps/web rolled back"\nstatefulset web: 2 updated and 2 ready\nevent statefulset/web SuccessfulDelete "delete Pod web-1 in StatefulSet web successful"',
    fail: 'output "3         <none>"',
  },
  {
    name: 'undo to a revision that is not in the history',
    when: `${STS}\nwait until statefulset web: 2 ready\nexpect failure "unable to find" { kubectl rollout undo statefulset/web --to-revision=9 }`,
    pass: 'output "error: unable to find specified revision 9 in history"',
    fail: 'output "statefulset.apps/web rolled back"',
  },
  {
    name: 'undo to the revision already running is skipped',
    when: `${STS}\n${ROLLED}\nkubectl rollout undo statefulset/web --to-revision=2`,
    pass: 'output "statefulset.apps/web skipped rollback (current template already matches revision 2)"',
    fail: 'output "statefulset.apps/web rolled back"',
  },
  {
    name: 'pause is for Deployments',
    when: `${STS}\nexpect failure "not supported" { kubectl rollout pause statefulset/web }`,
    pass: 'output "error: statefulsets.apps \\"web\\" pausing is not supported"',
    fail: 'output "statefulset.apps/web paused"',
  },
  {
    name: 'wait for a condition',
    when: 'kubectl run web --image=nginx\nkubectl wait --for=condition=Ready pod/web --timeout=60s',
    pass: 'output "pod/web condition met"',
    fail: 'output "error: timed out*"',
  },
  {
    name: 'wait times out with kubectl\'s text',
    when: 'image nginx:9.9 fails to pull\nkubectl run web --image=nginx:9.9\nexpect failure "timed out" { kubectl wait --for=condition=Ready pod/web --timeout=5s }',
    pass: 'output "error: timed out waiting for the condition on pods/web"',
    fail: 'output "pod/web condition met"',
  },
  {
    name: 'wait for delete',
    when: 'kubectl run web --image=nginx\nwait until pod web: Running\nkubectl delete pod web --wait=false\nkubectl wait --for=delete pod/web',
    pass: 'output "pod/web deleted"\npod web: gone',
    fail: 'output "error: timed out*"',
  },
  {
    name: 'wait -l for every matching pod',
    when: 'kubectl create deployment api --image=nginx --replicas=2\nwait until pods app=api: 2 Pending|Running\nkubectl wait --for=condition=Ready pod -l app=api',
    pass: 'output "pod/api-*-* condition met"\npods app=api: 2 Ready',
    fail: 'output "error: no matching resources found"',
  },
];

describe('kubectl rollout and wait', () => {
  it.each(cases)('$name', ({ when, pass, fail }) => {
    const [ok] = runText(scenario(when, pass, MANIFESTS));
    expect(ok!.status, explain(ok!)).toBe('passed');
    const [bad] = runText(scenario(when, fail, MANIFESTS));
    expect(bad!.status, explain(bad!)).toBe('failed');
  });

  it('the StatefulSet and DaemonSet validation errors are the apiserver\'s', () => {
    const bad = `manifest bad """
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: { name: bad }
  spec:
    selector: { matchLabels: { app: a } }
    template:
      metadata: { labels: { app: b } }
      spec: { containers: [{ name: c, image: nginx }] }
"""`;
    const [r] = runText(scenario('expect failure "is invalid" { apply bad }', 'output "The StatefulSet \\"bad\\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\\"app\\":\\"b\\"}: `selector` does not match template `labels`"', bad));
    expect(r!.status, explain(r!)).toBe('passed');
  });
});
