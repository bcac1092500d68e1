/** The step caps: a step that stops at its timeout says so, and is not a failure for that. */
import { describe, expect, it } from 'vitest';
import { CLUSTER, explain, runText } from './helpers.js';

const crashLoop = (then: string) => `${CLUSTER}
scenario "crash loop" {
  timeout 2m
  given cluster two
  when {
    pods web crash after 1s
    kubectl run web --image=nginx
  }
  then { ${then} }
}
`;

describe('step timeout', () => {
  it('warns with the step span and what was still busy, but passes', () => {
    const [r] = runText(crashLoop('pod web: reason CrashLoopBackOff'));
    expect(r!.status, explain(r!)).toBe('passed');
    const w = r!.errors.find((e) => e.code === 'W-STEP-TIMEOUT');
    expect(w?.severity).toBe('warning');
    expect(w?.message).toMatch(/^step 1 did not settle within 2m \(timeout\); the cluster was still busy: pod web is CrashLoopBackOff; last message .* -> .*/);
    expect(w?.span.start.line).toBe(11);
    expect(r!.trace.steps.find((s) => s.index === 1)?.ended).toBe('timeout');
  });

  it('still fails a step whose expectations fail', () => {
    const [r] = runText(crashLoop('pod web: Running and Ready'));
    expect(r!.status).toBe('failed');
    expect(r!.errors.some((e) => e.code === 'W-STEP-TIMEOUT')).toBe(true);
  });

  it('says nothing for a step that settles', () => {
    const [r] = runText(`${CLUSTER}
scenario "calm" {
  given cluster two
  when { kubectl run web --image=nginx }
  then { pod web: Running }
}
`);
    expect(r!.errors).toEqual([]);
  });

  it('stops a step at the event cap with an error', () => {
    const [r] = runText(crashLoop('pod web: reason CrashLoopBackOff'), { maxEventsPerStep: 120 });
    expect(r!.status).toBe('error');
    expect(r!.errors.find((e) => e.code === 'E-EVENT-CAP')?.message).toMatch(/^step 1 ran 120 events without settling/);
  });
});

describe('simulated time cap', () => {
  it('stops a step whose actions run past the cap, with an error naming it', () => {
    const [r] = runText(`${CLUSTER}
scenario "too long" {
  given cluster two
  when { wait 2h }
  then { node worker-1: Ready }
}
`, { maxStepMs: 3600_000 });
    expect(r!.status).toBe('error');
    expect(r!.errors.find((e) => e.code === 'E-TIME-CAP')?.message).toBe("step 1's actions were still running after 1h of simulated time, the most a step may take; it was stopped there");
    expect(r!.trace.steps.find((s) => s.index === 1)?.endMs).toBe(3600_000);
  });

  it('caps the set-up too', () => {
    const [r] = runText(`${CLUSTER}
scenario "too long" {
  given cluster two
  given { wait 2h }
  when { wait 1s }
  then { node worker-1: Ready }
}
`, { maxStepMs: 3600_000 });
    expect(r!.status).toBe('error');
    expect(r!.errors.find((e) => e.code === 'E-TIME-CAP')?.message).toMatch(/^the set-up .* took more than 1h of simulated time/);
  });
});

describe('a short step timeout', () => {
  it('bounds the steps, not the set-up: the cluster\'s namespaces exist and `given` settles', () => {
    const [r] = runText(`${CLUSTER}
scenario "short" {
  timeout 0s
  given cluster two
  given { kubectl run a --image=busybox }
  when { kubectl run b --image=busybox }
  then { pod a: Running; pods b: 1 Pending }
}
`);
    expect(r!.status, explain(r!)).toBe('passed');
    expect(r!.errors.map((e) => e.code)).toEqual(['W-STEP-TIMEOUT']);
  });
});
