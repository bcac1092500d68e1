/**
 * LANGUAGE.md §12.1: `-n NAMESPACE` after a selector, in state expectations (and `wait until`);
 * without it a selector matches in every namespace, and failures print `namespace/name`.
 */
import { describe, expect, it } from 'vitest';
import { explain, runText, scenario } from './helpers.js';

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
    expect(bad!.expectations[0]!.message).toBe('no Scheduled Event for pod/web');
  });
});
