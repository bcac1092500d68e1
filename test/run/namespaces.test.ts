/**
 * LANGUAGE.md §12.1: `-n NAMESPACE` after a selector, in state expectations (and `wait until`);
 * without it a selector matches in every namespace, and failures print `namespace/name`.
 */
import { describe, expect, it } from 'vitest';
import { explain, runText, scenario } from './helpers.js';
import { checkSource } from '../../src/lang/check.js';

const TWO = 'kubectl create namespace team-b\nkubectl run web --image=nginx -n team-a\nkubectl create deployment api --image=nginx --replicas=2 -n team-b';

describe('-n NAMESPACE in expectations (§12.1)', () => {
  it('narrows a state to one namespace; without it, every namespace counts', () => {
    const [ok] = runText(scenario(TWO, 'pod web -n team-a: Running\npods app=api -n team-b: 2 Running\npods -n team-a: 1 Running\npods app=api -n team-a: gone\ndeployment api -n team-b: 2 ready\npods run=web: 1 Running'));
    expect(ok!.status, explain(ok!)).toBe('passed');
    const [bad] = runText(scenario(TWO, 'pod web -n team-b: Running'));
    expect(bad!.status).toBe('failed');
    expect(bad!.expectations[0]!.message).toMatch(/no pod matching web -n team-b/);
  });

  it('works in wait until, and --namespace=NS is the same', () => {
    const [r] = runText(scenario(`${TWO}\nwait until deployment api --namespace=team-b: 2 ready timeout 1m`, 'pods app=api -n team-b: 2 Running'));
    expect(r!.status, explain(r!)).toBe('passed');
  });

  it('failures print namespace/name', () => {
    const [r] = runText(scenario(TWO, 'pod web: Pending\ndeployment api: 5 ready'));
    const text = r!.expectations.flatMap((e) => [e.message, ...e.details]).join('\n');
    expect(text).toMatch(/team-a\/web is Running on worker-\d/);
    expect(text).toMatch(/deployment team-b\/api with/);
  });
});

describe('-n NAMESPACE on Event expectations (§12.1)', () => {
  it('events, event and no event take -n after the object', () => {
    const [ok] = runText(scenario(TWO, 'events pod/web -n team-a: Scheduled, Started\nevent pod/web -n team-a Scheduled "Successfully assigned team-a/web to *"\nno event pod/web -n team-b Scheduled\nevent pod/api-* --namespace=team-b Started'));
    expect(ok!.status, explain(ok!)).toBe('passed');
    const [bad] = runText(scenario(TWO, 'event pod/web -n team-b Scheduled'));
    expect(bad!.status).toBe('failed');
    expect(bad!.expectations[0]!.message).toBe('no Scheduled Event for pod/web in namespace team-b');
  });

  it('Event failures print namespace/name, as state failures do; the same name in two namespaces is two objects', () => {
    const [r] = runText(scenario(`${TWO}\nkubectl run web --image=nginx -n team-b`, 'event pod/web Scheduled "nope"\nevents pod/web: Scheduled, Killing\nno event pod/web -n team-b Pulled\nevent node/worker-1 Nope'));
    const [nope, order, pulled, node] = r!.expectations;
    expect(nope!.details).toEqual(expect.arrayContaining([expect.stringMatching(/^nearest: \S+ pod team-a\/web Scheduled "Successfully assigned team-a\/web to worker-\d"$/), expect.stringMatching(/^nearest: \S+ pod team-b\/web Scheduled /)]));
    expect(order!.message).toBe('pod team-a/web: expected Scheduled, Killing in this order; missing Killing after Scheduled');
    expect(order!.details).toEqual([expect.stringMatching(/^pod team-a\/web had: Scheduled, Pulling/)]);
    expect(pulled!.message).toMatch(/^expected `no event pod\/web -n team-b Pulled`, but pod team-b\/web got Normal Pulled at /);
    // A cluster-scoped object has no namespace to print.
    expect(node!.message).toBe('no Nope Event for node/worker-1');
    expect(node!.details.join('\n')).not.toContain('default/');
  });
});

describe('-n NAMESPACE on a cluster-scoped kind (§12.1)', () => {
  it('is an error of kscn check at the selector, with a hint', () => {
    const r = checkSource(scenario('kubectl cordon worker-1', 'node worker-1 -n team-a: Ready\nnamespace team-a --namespace=team-a: exists\npriorityclass high -n team-a: gone\nevent node/worker-1 -n team-a NodeNotSchedulable'), 'ns.kscn');
    expect(r.diagnostics.map((d) => [d.code, d.message, `${d.span.start.line}:${d.span.start.col}`])).toEqual([
      ['E-SELECTOR', '`-n team-a` on node worker-1: a Node is cluster-scoped', '14:10'],
      ['E-SELECTOR', '`-n team-a` on namespace team-a: a Namespace is cluster-scoped', '15:15'],
      ['E-SELECTOR', '`-n team-a` on priorityclass high: a PriorityClass is cluster-scoped', '16:19'],
      ['E-SELECTOR', '`-n team-a` on node/worker-1: a Node is cluster-scoped', '17:5'],
    ]);
    expect(r.diagnostics[0]!.hint).toBe('a Node has no namespace; remove `-n team-a` (a selector without -n matches in every namespace)');
  });
});
