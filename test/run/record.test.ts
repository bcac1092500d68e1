/**
 * `kscn record`: the `then` block it prints for a step, pasted into the scenario, passes —
 * for plain pods, generated names (a Deployment's pods), failures and multi-step scenarios.
 */
import { describe, expect, it } from 'vitest';
import { CLUSTER, explain, runText } from './helpers.js';
import { formatThen, recordSteps } from '../../src/run/record.js';

/** A scenario with these `when` blocks; `thens` are the `then` blocks (text with braces). */
function build(whens: string[], thens: string[]): string {
  const steps = whens.map((w, i) => `  when {\n${w.split('\n').map((l) => `    ${l.trim()}`).join('\n')}\n  }\n${thens[i] ?? '  then { }\n'}`).join('');
  return `${CLUSTER}\nscenario "recorded" {\n  given cluster two\n${steps}}\n`;
}

const cases: { name: string; whens: string[]; expect?: RegExp[] }[] = [
  { name: 'kubectl run', whens: ['kubectl run busybox --image=busybox'], expect: [/^\s*events pod\/busybox: Scheduled, Pulling, Pulled, Created, Started$/m, /^\s*pod busybox: Running$/m, /^\s*kubelet -> runtime: PullImage busybox\*$/m] },
  { name: 'a deployment', whens: ['kubectl create deployment web --image=nginx --replicas=3'], expect: [/pod\/web-\*/, /^\s*pods web-\*: Running$/m, /^\s*deployment web: 3 ready$/m] },
  { name: 'an image that fails to pull', whens: ['image nginx fails to pull\nkubectl run web --image=nginx'], expect: [/^\s*pod web: Pending and reason ImagePullBackOff$/m] },
  { name: 'a crash loop', whens: ['pods web crash after 2s exit 1 times 2\nkubectl run web --image=nginx'] },
  { name: 'two steps, a delete and a cordon', whens: ['kubectl run a --image=busybox\nkubectl run b --image=busybox', 'kubectl delete pod a\nkubectl cordon worker-1'], expect: [/^\s*pod a: gone$/m, /^\s*node worker-1: unschedulable$/m] },
  { name: 'a failed node', whens: ['kubectl run a --image=busybox', 'fail node worker-1\nwait 2m'], expect: [/^\s*node worker-1: NotReady$/m] },
  { name: 'an RBAC denial', whens: ['as alice { expect failure "forbidden" { kubectl run x --image=nginx } }'], expect: [/kubectl -> apiserver: create pod\/x user=alice/] },
];

describe('kscn record', () => {
  it.each(cases)('$name: the recorded block passes when pasted', ({ whens, expect: want }) => {
    const [first] = runText(build(whens, []));
    const recorded = recordSteps(first!);
    expect(recorded).toHaveLength(whens.length);
    const thens = recorded.map((s) => formatThen(s));
    for (const re of want ?? []) expect(thens.join('')).toMatch(re);
    const [again] = runText(build(whens, thens));
    expect(again!.status, `${explain(again!)}\n${thens.join('')}`).toBe('passed');
    expect(again!.expectations.length).toBeGreaterThan(0);
  });
});
