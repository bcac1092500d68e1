/**
 * kubectl get's printers: humanDuration (apimachinery pkg/util/duration duration_test.go
 * TestHumanDuration cases), client-go util/jsonpath (jsonpath_test.go: fields, [*], filters,
 * range), and -o wide|name|json|yaml through the runner, by the lines kubectl prints.
 */
import { describe, expect, it } from 'vitest';
import { humanDuration, jsonPath } from '../../src/run/kubectl-get.js';
import { explain, runText, scenario } from './helpers.js';

describe('kubectl get printers', () => {
  it('TestHumanDuration', () => {
    const s = 1000;
    const cases: [number, string][] = [[-2 * s, '<invalid>'], [-s / 2, '0s'], [0, '0s'], [s, '1s'], [119 * s, '119s'], [120 * s, '2m'], [182 * s, '3m2s'], [599 * s, '9m59s'], [600 * s, '10m'], [179 * 60 * s, '179m'], [3 * 3600 * s, '3h'], [(3 * 3600 + 60) * s, '3h1m'], [8 * 3600 * s, '8h'], [47 * 3600 * s, '47h'], [48 * 3600 * s, '2d'], [(48 + 1) * 3600 * s, '2d1h'], [8 * 24 * 3600 * s, '8d'], [730 * 24 * 3600 * s, '2y']];
    for (const [ms, want] of cases) expect(humanDuration(ms), `${ms}`).toBe(want);
  });

  it('jsonpath: fields, indexes, [*], filters, range and text', () => {
    const data = { kind: 'List', items: [{ metadata: { name: 'a' }, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] } }, { metadata: { name: 'b' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } }] };
    expect(jsonPath('{.items[*].metadata.name}', data)).toBe('a b');
    expect(jsonPath('{.items[0].metadata.name}', data)).toBe('a');
    expect(jsonPath('{.items[-1].metadata.name}', data)).toBe('b');
    expect(jsonPath('{.items[*].status.conditions[?(@.type=="Ready")].status}', data)).toBe('True False');
    expect(jsonPath('{range .items[*]}{.metadata.name}{"\\n"}{end}', data)).toBe('a\nb\n');
    expect(jsonPath('names: {.items[*].metadata.name}', data)).toBe('names: a b');
    expect(jsonPath('{.metadata.annotations.deployment\\.kubernetes\\.io/revision}', { metadata: { annotations: { 'deployment.kubernetes.io/revision': '2' } } })).toBe('2');
  });

  const DEPLOY = 'kubectl create deployment web --image=nginx:1.27 --replicas=2\nwait until deployment web: 2 ready';
  const cases: { name: string; when: string; pass: string; fail: string }[] = [
    { name: 'the table', when: `${DEPLOY}\nkubectl get deployments`, pass: 'output "NAME   READY   UP-TO-DATE   AVAILABLE   AGE"\noutput "web    2/2     2            2           *s"', fail: 'output "web    1/2*"' },
    { name: '-o wide', when: `${DEPLOY}\nkubectl get pods -o wide`, pass: 'output "NAME * READY   STATUS    RESTARTS   AGE   IP * NODE * NOMINATED NODE   READINESS GATES"\noutput "web-* 1/1 * Running   0 * 10.244.*"', fail: 'output "*Pending*"' },
    { name: '-o name', when: `${DEPLOY}\nkubectl get deploy -o name`, pass: 'output "deployment.apps/web"', fail: 'output "deployment/web"' },
    { name: '-o json', when: `${DEPLOY}\nkubectl get deployment web -o json`, pass: 'output "    \\"apiVersion\\": \\"apps/v1\\","\noutput "        \\"readyReplicas\\": 2,"', fail: 'output "kind: Deployment"' },
    { name: '-o yaml', when: `${DEPLOY}\nkubectl get deployment web -o yaml`, pass: 'output "kind: Deployment"\noutput "  readyReplicas: 2"\noutput "      - image: nginx:1.27"', fail: 'output "    \\"kind\\"*"' },
    { name: '-o jsonpath', when: `${DEPLOY}\nkubectl get pods -l app=web -o jsonpath='{.items[*].status.phase}'`, pass: 'output "Running Running"', fail: 'output "Pending*"' },
    { name: 'nothing found', when: 'kubectl get statefulsets', pass: 'output "No resources found in default namespace."', fail: 'output "NAME*"' },
  ];
  it.each(cases)('$name', ({ when, pass, fail }) => {
    const [ok] = runText(scenario(when, pass));
    expect(ok!.status, explain(ok!)).toBe('passed');
    const [bad] = runText(scenario(when, fail));
    expect(bad!.status, explain(bad!)).toBe('failed');
  });
});
