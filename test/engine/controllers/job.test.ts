/**
 * The Job controller and the TTL-after-finished controller, with cases ported from upstream's
 * pkg/controller/job tests: TestControllerSyncJob (job start, WQ job start, correct # of pods,
 * too many pods running, failed pods, backoff limit exceeded, activeDeadlineSeconds, suspend),
 * TestNewBackoffRecord and TestGetRemainingBackoffTime (backoff_utils_test.go),
 * TestMatchPodFailurePolicy (pod_failure_policy_test.go), and
 * TestFinalizersRemovedExpectations' finalizer tracking — run end to end in the simulated cluster.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';
import { cluster, create, objects, pods, step } from './helpers.js';
import type { Cluster } from '../../../src/engine/cluster.js';
import type { KubeObject } from '../../../src/trace/types.js';
import { backoffRemaining, matchPodFailurePolicy, nextBackoffRecord } from '../../../src/engine/controllers/job-util.js';
import { duplicatedIndexPods, firstPendingIndexes, formatIndexes, generateNameWithIndex, matchSuccessPolicy, parseIndexes, withIndexes } from '../../../src/engine/controllers/job-indexed.js';
import { indexesFormatProblem } from '../../../src/manifests/job-indexes.js';

function job(name: string, spec: any = {}, template: any = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }], ...template } } },
  };
}

/** Every container of matching pods exits with `code`, `afterMs` after it started. */
function exits(c: Cluster, prefix: string, code: number, afterMs: number, times?: number): void {
  c.faults.addCrash({ match: (p) => p.metadata.name.startsWith(prefix), afterMs, exitCode: code, times, count: new Map() });
}

const jobOf = (c: Cluster, name: string) => objects(c, 'jobs').find((j) => j.metadata.name === name);
const conditions = (j: any) => Object.fromEntries((j.status?.conditions ?? []).map((x: any) => [x.type, x]));
const jobEvents = (c: Cluster, name: string) => c.env.rec.trace.events.filter((e) => e.object === `job/${name}`);

describe('Job controller (TestControllerSyncJob)', () => {
  it('job start: parallelism 2 of 5 completions creates 2 pods, labelled, owned and held by the tracking finalizer', () => {
    const c = cluster();
    step(c, [create('jobs', job('foo', { parallelism: 2, completions: 5 }))], 20_000);
    const j = jobOf(c, 'foo');
    const ps = pods(c, 'foo-');
    expect(ps).toHaveLength(2);
    for (const p of ps) {
      expect(p.metadata.generateName).toBe('foo-');
      expect(p.metadata.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'foo', 'job-name': 'foo', 'batch.kubernetes.io/controller-uid': j.metadata.uid, 'controller-uid': j.metadata.uid });
      expect(p.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
      expect(p.metadata.ownerReferences[0]).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', name: 'foo', uid: j.metadata.uid, controller: true, blockOwnerDeletion: true });
    }
    expect(j.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': j.metadata.uid } });
    expect(j.spec).toMatchObject({ backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
    expect(j.status).toMatchObject({ active: 2, ready: 2, terminating: 0 });
    expect(j.status.startTime).toBeDefined();
    expect(jobEvents(c, 'foo').map((e) => [e.reason, e.message, e.source]).sort()).toEqual(ps.map((p) => ['SuccessfulCreate', `Created pod: ${p.metadata.name}`, 'job-controller']).sort());
  });

  it('WQ job start: without completions, parallelism pods run; the Job completes once one succeeded and none is active', () => {
    const c = cluster();
    exits(c, 'wq-', 0, 3000);
    step(c, [create('jobs', job('wq', { parallelism: 2 }))]);
    const j = jobOf(c, 'wq');
    expect(j.spec.completions).toBeUndefined();
    expect(j.status).toMatchObject({ succeeded: 2 });
    expect(conditions(j).Complete).toMatchObject({ status: 'True', reason: 'CompletionsReached' });
    expect(pods(c, 'wq-')).toHaveLength(2);
  });

  it('correct # of pods: completions 2 run one after another (parallelism 1), then SuccessCriteriaMet, Complete and the Completed Event', () => {
    const c = cluster();
    exits(c, 'pi-', 0, 5000);
    expect(step(c, [create('jobs', job('pi', { completions: 2 }))])).toBe('settled');
    const j = jobOf(c, 'pi');
    expect(j.status).toMatchObject({ succeeded: 2, ready: 0, terminating: 0 });
    expect(j.status.active).toBeUndefined();
    expect(j.status.uncountedTerminatedPods).toEqual({});
    const conds = j.status.conditions;
    expect(conds.map((x: any) => x.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(conds[1]).toMatchObject({ status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' });
    expect(j.status.completionTime).toBe(conds[1].lastTransitionTime);
    const ps = pods(c, 'pi-');
    expect(ps.map((p) => p.status.phase)).toEqual(['Succeeded', 'Succeeded']);
    // Counted pods lose the finalizer; succeeded pods stay (the pod GC removes terminated pods only over its threshold).
    expect(ps.every((p) => !p.metadata.finalizers)).toBe(true);
    const ev = jobEvents(c, 'pi').map((e) => e.reason);
    expect(ev).toEqual(['SuccessfulCreate', 'SuccessfulCreate', 'Completed']);
    // The second pod is created only after the first succeeded: parallelism 1.
    const created = c.env.rec.trace.events.filter((e) => e.object === 'job/pi' && e.reason === 'SuccessfulCreate').map((e) => e.timeMs);
    expect(created[1]! - created[0]!).toBeGreaterThan(5000);
    // The uncounted pod's UID is written before its finalizer goes (trackJobStatusAndRemoveFinalizers).
    const msgs = c.env.rec.trace.messages.filter((m) => m.from === 'controller-manager' && m.attrs.controller === 'job' && m.kind === 'request');
    const firstUncounted = msgs.findIndex((m) => m.label.includes('uncounted'));
    const firstFinalizer = msgs.findIndex((m) => m.label.includes('remove finalizer'));
    expect(firstUncounted).toBeGreaterThanOrEqual(0);
    expect(firstUncounted).toBeLessThan(firstFinalizer);
  });

  it('too many pods running: lowering parallelism deletes the surplus (SuccessfulDelete), finalizer first', () => {
    const c = cluster();
    step(c, [create('jobs', job('many', { parallelism: 3, completions: 10 }))], 20_000);
    expect(pods(c, 'many-')).toHaveLength(3);
    step(c, [{ verb: 'patch', resource: 'jobs', namespace: 'default', name: 'many', body: { spec: { parallelism: 1 } } }], 120_000);
    const live = pods(c, 'many-').filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(1);
    expect(jobEvents(c, 'many').filter((e) => e.reason === 'SuccessfulDelete')).toHaveLength(2);
    expect(jobOf(c, 'many').status.active).toBe(1);
  });

  it('backoff limit exceeded: failed pods are replaced after 10 s, 20 s …; past backoffLimit the Job fails with BackoffLimitExceeded', () => {
    const c = cluster();
    exits(c, 'bad-', 1, 1000);
    step(c, [create('jobs', job('bad', { backoffLimit: 2 }))]);
    const j = jobOf(c, 'bad');
    expect(j.status.failed).toBe(3);
    expect(j.status.succeeded).toBeUndefined();
    expect(j.status.conditions.map((x: any) => x.type)).toEqual(['FailureTarget', 'Failed']);
    expect(conditions(j).Failed).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    const ev = jobEvents(c, 'bad');
    expect(ev.map((e) => e.reason)).toEqual(['SuccessfulCreate', 'SuccessfulCreate', 'SuccessfulCreate', 'BackoffLimitExceeded']);
    expect(ev[3]).toMatchObject({ type: 'Warning', message: 'Job has reached the specified backoff limit' });
    // Back-off: the second pod ≥ 10 s after the first failed, the third ≥ 20 s after the second.
    const t = ev.map((e) => e.timeMs);
    expect(t[1]! - t[0]!).toBeGreaterThanOrEqual(10_000);
    expect(t[2]! - t[1]!).toBeGreaterThanOrEqual(20_000);
    expect(t[2]! - t[1]!).toBeLessThan(25_000);
    expect(pods(c, 'bad-').map((p) => p.status.phase)).toEqual(['Failed', 'Failed', 'Failed']);
  });

  it('restartPolicy OnFailure: container restarts count against backoffLimit (pastBackoffLimitOnFailure)', () => {
    const c = cluster();
    exits(c, 'onf-', 1, 1000);
    step(c, [create('jobs', job('onf', { backoffLimit: 1 }, { restartPolicy: 'OnFailure' }))]);
    const j = jobOf(c, 'onf');
    expect(conditions(j).Failed).toMatchObject({ reason: 'BackoffLimitExceeded' });
    // The running pod was deleted when the Job failed; it was terminating until then, so Failed came after.
    expect(pods(c, 'onf-').filter((p) => !p.metadata.deletionTimestamp && p.status.phase === 'Running')).toHaveLength(0);
    expect(jobEvents(c, 'onf').map((e) => e.reason)).toContain('SuccessfulDelete');
  });

  it('activeDeadlineSeconds: a Job still running after its deadline fails with DeadlineExceeded; its pods are deleted', () => {
    const c = cluster();
    step(c, [create('jobs', job('slow', { activeDeadlineSeconds: 30 }))]);
    const j = jobOf(c, 'slow');
    expect(conditions(j).Failed).toMatchObject({ status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    const ev = jobEvents(c, 'slow');
    expect(ev.map((e) => e.reason)).toEqual(['SuccessfulCreate', 'SuccessfulDelete', 'DeadlineExceeded']);
    // 30 s after status.startTime, which has the second precision of a timestamp.
    const start = c.env.parseTimestamp(j.status.startTime) - c.env.rec.origin;
    expect(ev[1]!.timeMs - start).toBeGreaterThanOrEqual(30_000);
    expect(ev[1]!.timeMs - start).toBeLessThan(31_000);
    // The pod, its finalizer removed once counted, is gone.
    expect(pods(c, 'slow-')).toHaveLength(0);
    expect(j.status.failed).toBe(1);
  });

  it('suspend: a suspended Job deletes its active pods (Suspended), and resuming creates them again (Resumed)', () => {
    const c = cluster();
    step(c, [create('jobs', job('sus', { parallelism: 2, completions: 4 }))], 20_000);
    step(c, [{ verb: 'patch', resource: 'jobs', namespace: 'default', name: 'sus', body: { spec: { suspend: true } } }], 60_000);
    let j = jobOf(c, 'sus');
    expect(conditions(j).Suspended).toMatchObject({ status: 'True', reason: 'JobSuspended', message: 'Job suspended' });
    expect(pods(c, 'sus-').filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(0);
    step(c, [{ verb: 'patch', resource: 'jobs', namespace: 'default', name: 'sus', body: { spec: { suspend: false } } }], 20_000);
    j = jobOf(c, 'sus');
    expect(conditions(j).Suspended).toMatchObject({ status: 'False', reason: 'JobResumed' });
    expect(j.status.active).toBe(2);
    expect(jobEvents(c, 'sus').map((e) => e.reason).filter((r) => r === 'Suspended' || r === 'Resumed')).toEqual(['Suspended', 'Resumed']);
  });

  it('podFailurePolicy FailJob: an exit code in the rule fails the Job at once (PodFailurePolicy)', () => {
    const c = cluster();
    exits(c, 'pfp-', 42, 1000);
    const policy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] };
    step(c, [create('jobs', job('pfp', { backoffLimit: 6, podFailurePolicy: policy }))]);
    const j = jobOf(c, 'pfp');
    const p = pods(c, 'pfp-')[0];
    expect(conditions(j).Failed).toMatchObject({ reason: 'PodFailurePolicy', message: `Container main for pod default/${p.metadata.name} failed with exit code 42 matching FailJob rule at index 0` });
    expect(j.spec.podReplacementPolicy).toBe('Failed');
    expect(jobEvents(c, 'pfp').filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(1);
  });

  it('ttlSecondsAfterFinished: the finished Job is deleted that many seconds after it finished, its pods with it', () => {
    const c = cluster();
    exits(c, 'ttl-', 0, 1000);
    step(c, [create('jobs', job('ttl', { ttlSecondsAfterFinished: 60 }))]);
    const j = jobOf(c, 'ttl');
    expect(conditions(j).Complete).toBeDefined();
    const finished = c.env.parseTimestamp(j.status.completionTime) - c.env.rec.origin;
    // The TTL does not keep a step alive: let two minutes pass (`wait 2m`).
    step(c, () => void c.env.loop.after(120_000, () => {}), 180_000);
    expect(jobOf(c, 'ttl')).toBeUndefined();
    const del = c.env.rec.trace.messages.find((m) => m.verb === 'delete' && m.target === 'job/ttl');
    expect(del?.attrs.controller).toBe('ttl-after-finished');
    expect(del!.timeMs).toBeGreaterThanOrEqual(finished + 60_000);
    expect(del!.timeMs).toBeLessThan(finished + 61_000);
    step(c, () => {}, 60_000);
    expect(pods(c, 'ttl-')).toHaveLength(0);
  });

  it('a deleted Job: the garbage collector deletes its pods and the controller removes their finalizers (syncOrphanPod)', () => {
    const c = cluster();
    step(c, [create('jobs', job('gone', { parallelism: 2, completions: 2 }))], 20_000);
    expect(pods(c, 'gone-')).toHaveLength(2);
    step(c, [{ verb: 'delete', resource: 'jobs', namespace: 'default', name: 'gone' }], 120_000);
    expect(pods(c, 'gone-')).toHaveLength(0);
    expect(c.env.rec.trace.messages.some((m) => m.attrs.controller === 'job' && m.label.includes('remove finalizer'))).toBe(true);
  });
});

describe('validation (pkg/apis/batch/validation)', () => {
  it('a Job template with restartPolicy Always (the default) is refused with the apiserver text', () => {
    const c = cluster(1);
    const bad = job('x');
    (bad as any).spec.template.spec.restartPolicy = 'Always';
    step(c, [create('jobs', bad)], 5_000);
    const res = c.env.rec.trace.messages.find((m) => m.kind === 'response' && m.target === 'job/x');
    expect(res?.attrs.code).toBe('422');
    // validateJobSpec: Always (or left out, which defaults to Always) is "not set".
    expect(res?.label).toBe('422 Unprocessable Entity: Job.batch "x" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
  });

  it('negative parallelism and completions are refused', () => {
    const c = cluster(1);
    step(c, [create('jobs', job('y', { parallelism: -1, completions: -2 }))], 5_000);
    const res = c.env.rec.trace.messages.find((m) => m.kind === 'response' && m.target === 'job/y');
    expect(res?.label).toBe('422 Unprocessable Entity: Job.batch "y" is invalid: [spec.parallelism: Invalid value: -1: must be greater than or equal to 0, spec.completions: Invalid value: -2: must be greater than or equal to 0]');
  });
});

describe('validation of Indexed Jobs, successPolicy, managedBy and updates (pkg/apis/batch/validation TestValidateJob, TestValidateJobUpdate)', () => {
  const refused = (spec: any, name = 'v', template: any = {}) => {
    const c = cluster(1);
    step(c, [create('jobs', job(name, spec, template))], 5_000);
    return c.env.rec.trace.messages.find((m) => m.kind === 'response' && m.target === `job/${name}`)?.label;
  };
  it('Indexed needs completions; per-index fields need Indexed; the highest index must make a DNS label', () => {
    expect(refused({ completionMode: 'Indexed', parallelism: 2 })).toBe('422 Unprocessable Entity: Job.batch "v" is invalid: spec.completions: Required value: when completion mode is Indexed');
    expect(refused({ backoffLimitPerIndex: 1 })).toBe('422 Unprocessable Entity: Job.batch "v" is invalid: spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode');
    expect(refused({ completionMode: 'Indexed', completions: 3, parallelism: 100001 })).toBe('422 Unprocessable Entity: Job.batch "v" is invalid: spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed');
    expect(refused({ completionMode: 'Indexed', completions: 2 }, 'a'.repeat(63))).toContain(`metadata.name: Invalid value: "${'a'.repeat(63)}": will not able to create pod with invalid DNS label: ${'a'.repeat(63)}-1`);
  });
  it('successPolicy: Indexed only, at least one rule, indexes that parse and counts within completions', () => {
    expect(refused({ successPolicy: { rules: [{ succeededCount: 1 }] }, completions: 2 })).toBe('422 Unprocessable Entity: Job.batch "v" is invalid: spec.successPolicy: Invalid value: batch.SuccessPolicy{…}: requires indexed completion mode');
    expect(refused({ completionMode: 'Indexed', completions: 3, successPolicy: { rules: [] } })).toBe('422 Unprocessable Entity: Job.batch "v" is invalid: spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified');
    expect(refused({ completionMode: 'Indexed', completions: 3, successPolicy: { rules: [{ succeededIndexes: '0-3' }] } })).toBe('422 Unprocessable Entity: Job.batch "v" is invalid: spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-3": error parsing succeededIndexes: too large index: "3"');
    expect(refused({ completionMode: 'Indexed', completions: 3, successPolicy: { rules: [{ succeededIndexes: '0,1', succeededCount: 3 }] } })).toBe('422 Unprocessable Entity: Job.batch "v" is invalid: spec.successPolicy.rules[0].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)');
    expect(indexesFormatProblem('1,3-5,7', 10)).toEqual([5, undefined]);
    expect(indexesFormatProblem('3-1', 10)[1]).toBe('non-increasing order, previous: 3, current: 1');
    expect(indexesFormatProblem('1-2-3', 10)[1]).toBe(`the fragment "1-2-3" violates the requirement that an index interval can have at most two parts separated by '-'`);
    expect(indexesFormatProblem('a', 10)[1]).toBe('cannot convert string to integer for index: "a"');
    expect(indexesFormatProblem('2,1', 10)[1]).toBe('non-increasing order, previous: 2, current: 1');
  });
  it('managedBy must be a domain-prefixed path of at most 63 characters; podFailurePolicy needs restartPolicy Never', () => {
    expect(refused({ managedBy: 'kueue' })).toBe('422 Unprocessable Entity: Job.batch "v" is invalid: spec.managedBy: Invalid value: "kueue": must be a domain-prefixed path (such as "acme.io/foo")');
    expect(refused({ managedBy: `example.com/${'x'.repeat(60)}` })).toBe('422 Unprocessable Entity: Job.batch "v" is invalid: spec.managedBy: Too long: may not be more than 63 bytes');
    expect(refused({ podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] } }, 'v', { restartPolicy: 'OnFailure' })).toBe(
      '422 Unprocessable Entity: Job.batch "v" is invalid: spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    );
    expect(refused({ podFailurePolicy: { rules: [{ action: 'Ignore' }] } })).toBe('422 Unprocessable Entity: Job.batch "v" is invalid: spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required');
  });
  it('ValidateJobSpecUpdate: the template is immutable, but for the scheduling directives of a suspended Job that never started; completions change only in tandem with parallelism (elastic Indexed Jobs)', () => {
    const c = cluster(1);
    step(c, [create('jobs', job('run', { completions: 2 })), create('jobs', job('held', { suspend: true })), create('jobs', job('elastic', { completionMode: 'Indexed', completions: 2, parallelism: 2 }))], 5_000);
    const patch = (name: string, body: any) => ({ verb: 'patch' as const, resource: 'jobs', namespace: 'default', name, body, patchType: 'merge' as const });
    step(c, [
      patch('run', { spec: { template: { spec: { containers: [{ name: 'main', image: 'busybox:1.37' }] } } } }),
      patch('held', { spec: { template: { spec: { nodeSelector: { zone: 'a' } } } } }),
      patch('run', { spec: { completions: 3 } }),
      patch('elastic', { spec: { completions: 4 } }),
    ], 5_000);
    const labels = c.env.rec.trace.messages.filter((m) => m.kind === 'response' && m.label.startsWith('422')).map((m) => m.label);
    expect(labels).toEqual([
      '422 Unprocessable Entity: Job.batch "run" is invalid: spec.template: Invalid value: core.PodTemplateSpec{…}: field is immutable',
      '422 Unprocessable Entity: Job.batch "run" is invalid: spec.completions: Invalid value: 3: field is immutable',
      '422 Unprocessable Entity: Job.batch "elastic" is invalid: spec.completions: Invalid value: 4: can only be modified in tandem with spec.parallelism',
    ]);
    expect(jobOf(c, 'held').spec.template.spec.nodeSelector).toEqual({ zone: 'a' });
  });
});

describe('Indexed Jobs (indexed_job_utils_test.go, TestControllerSyncJob indexed cases)', () => {
  it('TestCalculateSucceededIndexes / TestIntervalsHaveIndex: intervals parse, merge and print as upstream', () => {
    expect(formatIndexes(parseIndexes('1,2,3-5,7', 10))).toBe('1-5,7');
    expect(formatIndexes(parseIndexes('0-9', 5))).toBe('0-4');
    expect(formatIndexes(parseIndexes('x,2', 5))).toBe('2');
    expect(formatIndexes(withIndexes(parseIndexes('1,5', 10), [2, 3, 6]))).toBe('1-3,5,6');
    expect(formatIndexes(withIndexes([], [0, 1]))).toBe('0,1');
    expect(generateNameWithIndex('pi', 3)).toBe('pi-3-');
    expect(generateNameWithIndex('x'.repeat(60), 12)).toBe(`${'x'.repeat(54)}-12-`);
  });

  it('TestFirstPendingIndexes: the lowest indexes no active pod holds and that did not succeed', () => {
    const at = (i: number) => ({ metadata: { name: `p${i}`, annotations: { 'batch.kubernetes.io/job-completion-index': String(i) } } }) as any;
    expect(firstPendingIndexes([], [], undefined, 3, 5)).toEqual([0, 1, 2]);
    expect(firstPendingIndexes(parseIndexes('0,2', 10), [at(1), at(4)], undefined, 3, 10)).toEqual([3, 5, 6]);
    expect(firstPendingIndexes(parseIndexes('0-3', 5), [], undefined, 3, 5)).toEqual([4]);
    const { rm, left } = duplicatedIndexPods([at(0), at(1), at(1), at(7), { metadata: { name: 'none' } } as any], 5, (l) => l);
    expect(rm.map((p) => p.metadata.name).sort()).toEqual(['none', 'p1', 'p7']);
    expect(left.map((p) => p.metadata.name)).toEqual(['p0', 'p1']);
  });

  it('an Indexed Job: pods NAME-INDEX-xxxxx with the index annotation, label, hostname and JOB_COMPLETION_INDEX; completedIndexes counts indexes', () => {
    const c = cluster();
    exits(c, 'idx-', 0, 3000);
    step(c, [create('jobs', job('idx', { completionMode: 'Indexed', completions: 3, parallelism: 2 }))]);
    const j = jobOf(c, 'idx');
    const ps = pods(c, 'idx-').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    expect(ps.map((p) => p.metadata.generateName)).toEqual(['idx-0-', 'idx-1-', 'idx-2-']);
    for (const [i, p] of ps.entries()) {
      expect(p.metadata.annotations['batch.kubernetes.io/job-completion-index']).toBe(String(i));
      expect(p.metadata.labels['batch.kubernetes.io/job-completion-index']).toBe(String(i));
      expect(p.spec.hostname).toBe(`idx-${i}`);
      expect(p.spec.containers[0].env).toEqual([{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }]);
    }
    expect(j.status).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
    expect(conditions(j).Complete?.status).toBe('True');
    expect(c.env.rec.trace.messages.some((m) => m.label.includes('completed indexes 0,1'))).toBe(true);
  });

  it('a failed index is retried with a pod of the same index; a successful one is never rerun', () => {
    const c = cluster();
    let first: string | undefined;
    c.faults.addCrash({ match: (p) => p.metadata.name.startsWith('retry-1-') && (first ??= p.metadata.name) === p.metadata.name, afterMs: 2000, exitCode: 1, count: new Map() });
    exits(c, 'retry-', 0, 3000);
    step(c, [create('jobs', job('retry', { completionMode: 'Indexed', completions: 2, parallelism: 2 }))]);
    const j = jobOf(c, 'retry');
    const names = pods(c, 'retry-').map((p) => p.metadata.generateName).sort();
    expect(names).toEqual(['retry-0-', 'retry-1-', 'retry-1-']);
    expect(j.status).toMatchObject({ succeeded: 2, failed: 1, completedIndexes: '0,1' });
    expect(conditions(j).Complete?.status).toBe('True');
  });

  it('successPolicy: once the rule\'s indexes succeeded, the Job meets SuccessCriteriaMet (SuccessPolicy, "Matched rules at index 0"), its other pods are deleted, then it is Complete', () => {
    const c = cluster();
    exits(c, 'leader-0-', 0, 3000);
    step(c, [create('jobs', job('leader', { completionMode: 'Indexed', completions: 3, parallelism: 3, successPolicy: { rules: [{ succeededIndexes: '0' }] } }))]);
    const j = jobOf(c, 'leader');
    expect(conditions(j).SuccessCriteriaMet).toMatchObject({ status: 'True', reason: 'SuccessPolicy', message: 'Matched rules at index 0' });
    expect(conditions(j).Complete).toMatchObject({ status: 'True', reason: 'SuccessPolicy', message: 'Matched rules at index 0' });
    expect(j.status).toMatchObject({ succeeded: 1, completedIndexes: '0' });
    expect(pods(c, 'leader-').filter((p) => p.status.phase === 'Running')).toHaveLength(0);
    expect(jobEvents(c, 'leader').filter((e) => e.reason === 'Completed')).toHaveLength(1);
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '0-4', succeededCount: 2 }] }, 5, parseIndexes('1,3', 5))).toBe('Matched rules at index 0');
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '0-4', succeededCount: 3 }, { succeededCount: 2 }] }, 5, parseIndexes('1,3', 5))).toBe('Matched rules at index 1');
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '0-1' }] }, 5, parseIndexes('1,3', 5))).toBeUndefined();
  });

  it('managedBy another controller: the job controller leaves the Job alone (no pods, no status)', () => {
    const c = cluster(1);
    step(c, [create('jobs', job('ext', { managedBy: 'example.com/custom-controller' })), create('jobs', job('own', { managedBy: 'kubernetes.io/job-controller' }))], 20_000);
    expect(pods(c, 'ext-')).toHaveLength(0);
    expect(jobOf(c, 'ext').status ?? {}).toEqual({});
    expect(pods(c, 'own-')).toHaveLength(1);
  });
});

describe('backoff (backoff_utils_test.go)', () => {
  const parse = (ts: string) => Date.parse(ts) - Date.UTC(2026, 0, 1);
  const pod = (phase: string, finishedAt: string) => ({ metadata: { creationTimestamp: '2026-01-01T00:00:00Z' }, status: { phase, containerStatuses: [{ state: { terminated: { finishedAt } } }] } });
  const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString().replace('.000', '');

  it('TestNewBackoffRecord: failures add up; a success after them resets; failures after the last success count', () => {
    expect(nextBackoffRecord(undefined, [], [pod('Failed', t(5))], parse)).toEqual({ failuresAfterLastSuccess: 1, lastFailureTime: 5000 });
    expect(nextBackoffRecord({ failuresAfterLastSuccess: 1, lastFailureTime: 5000 }, [], [pod('Failed', t(9)), pod('Failed', t(7))], parse)).toEqual({ failuresAfterLastSuccess: 3, lastFailureTime: 9000 });
    expect(nextBackoffRecord({ failuresAfterLastSuccess: 3, lastFailureTime: 9000 }, [pod('Succeeded', t(10))], [], parse)).toEqual({ failuresAfterLastSuccess: 0 });
    expect(nextBackoffRecord({ failuresAfterLastSuccess: 3, lastFailureTime: 9000 }, [pod('Succeeded', t(10))], [pod('Failed', t(8)), pod('Failed', t(11)), pod('Failed', t(12))], parse)).toEqual({ failuresAfterLastSuccess: 2, lastFailureTime: 12000 });
  });

  it('TestGetRemainingBackoffTime: 10 s doubling per failure, capped at 10 min, minus the time since the last failure', () => {
    expect(backoffRemaining({ failuresAfterLastSuccess: 0 }, 0)).toBe(0);
    expect(backoffRemaining({ failuresAfterLastSuccess: 1, lastFailureTime: 0 }, 3_000)).toBe(7_000);
    expect(backoffRemaining({ failuresAfterLastSuccess: 2, lastFailureTime: 0 }, 5_000)).toBe(15_000);
    expect(backoffRemaining({ failuresAfterLastSuccess: 3, lastFailureTime: 0 }, 0)).toBe(40_000);
    expect(backoffRemaining({ failuresAfterLastSuccess: 8, lastFailureTime: 0 }, 0)).toBe(600_000);
    expect(backoffRemaining({ failuresAfterLastSuccess: 20, lastFailureTime: 0 }, 0)).toBe(600_000);
    expect(backoffRemaining({ failuresAfterLastSuccess: 1, lastFailureTime: 0 }, 11_000)).toBe(0);
  });
});

describe('podFailurePolicy (TestMatchPodFailurePolicy)', () => {
  const failed = (code: number, conditions: any[] = []) => ({ metadata: { namespace: 'default', name: 'mypod' }, status: { phase: 'Failed', conditions, containerStatuses: [{ name: 'main-container', state: { terminated: { exitCode: code } } }] } });
  it('FailJob on an exit code In the values; Ignore and Count; NotIn; no match counts the failure', () => {
    const policy = (action: string, operator = 'In', values = [1, 2, 3]) => ({ rules: [{ action, onExitCodes: { operator, values } }] });
    expect(matchPodFailurePolicy(policy('FailJob'), failed(2))).toEqual(['Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 0', true, 'FailJob']);
    expect(matchPodFailurePolicy(policy('Ignore'), failed(2))).toEqual([undefined, false, 'Ignore']);
    expect(matchPodFailurePolicy(policy('Count'), failed(2))).toEqual([undefined, true, 'Count']);
    expect(matchPodFailurePolicy(policy('FailJob', 'NotIn'), failed(2))).toEqual([undefined, true, undefined]);
    expect(matchPodFailurePolicy(policy('FailJob', 'NotIn'), failed(42))[2]).toBe('FailJob');
    expect(matchPodFailurePolicy(policy('FailJob'), failed(42))).toEqual([undefined, true, undefined]);
  });
  it('onPodConditions: a DisruptionTarget condition matches; Ignore does not count it', () => {
    const rules = { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] };
    expect(matchPodFailurePolicy(rules, failed(137, [{ type: 'DisruptionTarget', status: 'True' }]))).toEqual([undefined, false, 'Ignore']);
    const fail = { rules: [{ action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget' }] }] };
    expect(matchPodFailurePolicy(fail, failed(137, [{ type: 'DisruptionTarget', status: 'True' }]))[0]).toBe('Pod default/mypod has condition DisruptionTarget matching FailJob rule at index 0');
  });
});
