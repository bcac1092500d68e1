/**
 * The CronJob controller and its schedules, with cases ported from upstream: robfig/cron v3
 * parser_test.go (TestRange, TestParseScheduleErrors: the apiserver's 422 detail), and
 * pkg/controller/cronjob cronjob_controllerv2_test.go TestControllerV2SyncCronJob (schedule met,
 * suspended, Forbid with an active Job, Replace, a missed deadline) and utils_test.go
 * TestGetJobFromTemplate2 (name and scheduled-timestamp annotation) — end to end in the simulated cluster.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';
import { cluster, create, objects, step } from './helpers.js';
import type { Cluster } from '../../../src/engine/cluster.js';
import type { KubeObject } from '../../../src/trace/types.js';
import { parseSchedule, rfc3339In, timeZoneProblem } from '../../../src/manifests/cron.js';

const EPOCH = Date.UTC(2026, 0, 1);

function cronjob(name: string, spec: any = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: { schedule: '*/1 * * * *', ...spec, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox:1.36' }] } } } } },
  };
}

/** A `when` step that lets `ms` of simulated time pass (`wait`). */
function wait(c: Cluster, ms: number, reqs: () => void = () => {}): void {
  step(c, () => {
    reqs();
    c.env.loop.after(ms, () => {});
  }, ms + 60_000);
}

function exits(c: Cluster, code: number, afterMs: number): void {
  c.faults.addCrash({ match: (p) => !!p.metadata.labels?.['batch.kubernetes.io/job-name'], afterMs, exitCode: code, count: new Map() });
}

const cjEvents = (c: Cluster, name: string) => c.env.rec.trace.events.filter((e) => e.object === `cronjob/${name}`);
const jobs = (c: Cluster) => objects(c, 'jobs');

describe('schedules (robfig/cron v3 ParseStandard, as validateScheduleFormat calls it)', () => {
  it('TestParseScheduleErrors / TestRange: the parser error texts', () => {
    const cases: [string, string][] = [
      ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
      ['@unrecognized', 'unrecognized descriptor: @unrecognized'],
      ['@every Xm', 'failed to parse duration @every Xm: time: invalid duration "Xm"'],
      ['5-60 * * * *', 'end of range (60) above maximum (59): 5-60'],
      ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
      ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
      ['*/0 * * * *', 'step of range should be a positive number: */0'],
      ['*//2 * * * *', 'too many slashes: *//2'],
      ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
      ['5-3 * * * *', 'beginning of range (5) beyond end of range (3): 5-3'],
      ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
      ['*/-12 * * * *', 'negative number (-12) not allowed: -12'],
    ];
    for (const [spec, err] of cases) expect(parseSchedule(spec), spec).toBe(err);
  });

  it('five fields, names, descriptors and @every fire at the right times', () => {
    const next = (spec: string, from: string) => {
      const s = parseSchedule(spec);
      if (typeof s === 'string') throw new Error(s);
      return new Date(s.next(Date.parse(from))).toISOString();
    };
    expect(next('*/15 * * * *', '2026-01-01T00:07:00Z')).toBe('2026-01-01T00:15:00.000Z');
    expect(next('0 9 * * MON-FRI', '2026-01-02T10:00:00Z')).toBe('2026-01-05T09:00:00.000Z');
    expect(next('@hourly', '2026-01-01T00:00:00Z')).toBe('2026-01-01T01:00:00.000Z');
    expect(next('@daily', '2026-01-01T05:00:00Z')).toBe('2026-01-02T00:00:00.000Z');
    expect(next('@every 90s', '2026-01-01T00:00:00.400Z')).toBe('2026-01-01T00:01:30.000Z');
    expect(next('0 0 1 JAN *', '2026-01-01T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
  });

  it('spec.timeZone: the fields are read in that zone, daylight saving included', () => {
    const next = (spec: string, zone: string, from: string) => {
      const s = parseSchedule(spec, zone);
      if (typeof s === 'string') throw new Error(s);
      return new Date(s.next(Date.parse(from))).toISOString();
    };
    // 09:00 in Berlin is 08:00 UTC in winter (CET) and 07:00 UTC in summer (CEST).
    expect(next('0 9 * * *', 'Europe/Berlin', '2026-01-01T00:00:00Z')).toBe('2026-01-01T08:00:00.000Z');
    expect(next('0 9 * * *', 'Europe/Berlin', '2026-07-01T00:00:00Z')).toBe('2026-07-01T07:00:00.000Z');
    expect(next('@daily', 'America/New_York', '2026-01-01T00:00:00Z')).toBe('2026-01-01T05:00:00.000Z');
    expect(next('0 9 * * *', 'Etc/UTC', '2026-01-01T00:00:00Z')).toBe('2026-01-01T09:00:00.000Z');
    expect(rfc3339In(Date.parse('2026-01-01T08:00:00Z'), 'Europe/Berlin')).toBe('2026-01-01T09:00:00+01:00');
    expect(rfc3339In(Date.parse('2026-01-01T05:00:00Z'), 'America/New_York')).toBe('2026-01-01T00:00:00-05:00');
    expect(rfc3339In(Date.parse('2026-01-01T05:00:00Z'), 'Asia/Kolkata')).toBe('2026-01-01T10:30:00+05:30');
    expect(rfc3339In(Date.parse('2026-01-01T05:00:00Z'))).toBe('2026-01-01T05:00:00Z');
  });

  it('validateTimeZone (pkg/apis/batch/validation TestValidateCronJob): the 422 details', () => {
    expect(timeZoneProblem('Europe/Berlin')).toBeUndefined();
    expect(timeZoneProblem('UTC')).toBeUndefined();
    expect(timeZoneProblem('')).toBe('timeZone must be nil or non-empty string');
    expect(timeZoneProblem('Local')).toBe('timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones');
    expect(timeZoneProblem('America/New York')).toBe('unknown time zone America/New York');
    expect(timeZoneProblem('Continent/Nowhere')).toBe('unknown time zone Continent/Nowhere');
    expect(timeZoneProblem('../etc/passwd')).toBe('unknown time zone ../etc/passwd');
    const c = cluster(1);
    step(c, [create('cronjobs', cronjob('tz', { timeZone: 'Mars/Olympus' }))], 5_000);
    const res = c.env.rec.trace.messages.find((m) => m.kind === 'response' && m.target === 'cronjob/tz');
    expect(res?.label).toBe('422 Unprocessable Entity: CronJob.batch "tz" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus');
  });

  it('a CronJob with a schedule that does not parse is a 422 with the parser text', () => {
    const c = cluster(1);
    step(c, [create('cronjobs', cronjob('bad', { schedule: '61 * * * *' }))], 5_000);
    const res = c.env.rec.trace.messages.find((m) => m.kind === 'response' && m.target === 'cronjob/bad');
    expect(res?.label).toBe('422 Unprocessable Entity: CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61');
  });
});

describe('CronJob controller (TestControllerV2SyncCronJob)', () => {
  it('creates NAME-<minutes since the epoch> Jobs at each scheduled time, with the scheduled-timestamp annotation (TestGetJobFromTemplate2)', () => {
    const c = cluster(1);
    exits(c, 0, 5_000);
    step(c, [create('cronjobs', cronjob('hello'))], 5_000);
    wait(c, 150_000);
    const cj = objects(c, 'cronjobs')[0];
    const js = jobs(c).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const created = c.env.parseTimestamp(cj.metadata.creationTimestamp);
    const firstMinute = Math.floor((EPOCH + created) / 60_000) + 1;
    expect(js.map((j) => j.metadata.name)).toEqual([`hello-${firstMinute}`, `hello-${firstMinute + 1}`]);
    expect(js[0].metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(new Date(firstMinute * 60_000).toISOString().replace('.000', ''));
    expect(js[0].metadata.ownerReferences[0]).toMatchObject({ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', controller: true });
    const ev = cjEvents(c, 'hello').map((e) => `${e.reason} ${e.message}`);
    expect(ev).toEqual([
      `SuccessfulCreate Created job hello-${firstMinute}`,
      `SawCompletedJob Saw completed job: hello-${firstMinute}, condition: Complete`,
      `SuccessfulCreate Created job hello-${firstMinute + 1}`,
      `SawCompletedJob Saw completed job: hello-${firstMinute + 1}, condition: Complete`,
    ]);
    // The Job is created at the scheduled minute (plus the controller's 100 ms look-again delta).
    const createdAt = c.env.rec.trace.events.find((e) => e.reason === 'SuccessfulCreate' && e.object === 'cronjob/hello')!.timeMs + c.env.rec.origin;
    expect(EPOCH + createdAt - firstMinute * 60_000).toBeGreaterThanOrEqual(100);
    expect(EPOCH + createdAt - firstMinute * 60_000).toBeLessThan(200);
    expect(cj.status.lastScheduleTime).toBe(new Date((firstMinute + 1) * 60_000).toISOString().replace('.000', ''));
    expect(cj.status.lastSuccessfulTime).toBeDefined();
    expect(cj.status.active).toBeUndefined();
  });

  it('with spec.timeZone, a daily Job starts at the zone\'s hour and its annotation is stamped in the zone (getJobFromTemplate2)', () => {
    const c = cluster(1);
    exits(c, 0, 5_000);
    // The simulated clock starts at 2026-01-01T00:00:00Z; 01:00 in Berlin is 00:00 UTC of the next day.
    step(c, [create('cronjobs', cronjob('nightly', { schedule: '0 1 * * *', timeZone: 'Europe/Berlin' }))], 5_000);
    wait(c, 25 * 3_600_000);
    const js = jobs(c);
    expect(js).toHaveLength(1);
    const at = Date.parse('2026-01-02T00:00:00Z');
    expect(js[0].metadata.name).toBe(`nightly-${at / 60_000}`);
    expect(js[0].metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-02T01:00:00+01:00');
    expect(objects(c, 'cronjobs')[0].status.lastScheduleTime).toBe('2026-01-02T00:00:00Z');
  });

  it('keeps successfulJobsHistoryLimit finished Jobs, deleting the oldest (SuccessfulDelete "Deleted job …")', () => {
    const c = cluster(1);
    exits(c, 0, 5_000);
    step(c, [create('cronjobs', cronjob('hist', { successfulJobsHistoryLimit: 2 }))], 5_000);
    wait(c, 5 * 60_000);
    expect(jobs(c)).toHaveLength(2);
    const deleted = cjEvents(c, 'hist').filter((e) => e.reason === 'SuccessfulDelete');
    expect(deleted.length).toBe(3);
    expect(deleted[0]!.message).toMatch(/^Deleted job hist-\d+$/);
  });

  it('suspend: no Job is created while suspended', () => {
    const c = cluster(1);
    step(c, [create('cronjobs', cronjob('sus', { suspend: true }))], 5_000);
    wait(c, 3 * 60_000);
    expect(jobs(c)).toHaveLength(0);
    expect(cjEvents(c, 'sus')).toHaveLength(0);
  });

  it('concurrencyPolicy Forbid: a Job still active means no new one (JobAlreadyActive)', () => {
    const c = cluster(1);
    step(c, [create('cronjobs', cronjob('fb', { concurrencyPolicy: 'Forbid' }))], 5_000);
    wait(c, 130_000);
    expect(jobs(c)).toHaveLength(1);
    const ev = cjEvents(c, 'fb');
    expect(ev.map((e) => e.reason)).toEqual(['SuccessfulCreate', 'JobAlreadyActive']);
    expect(ev[1]).toMatchObject({ type: 'Normal', message: 'Not starting job because prior execution is running and concurrency policy is Forbid' });
    expect(objects(c, 'cronjobs')[0].status.active).toHaveLength(1);
  });

  it('concurrencyPolicy Replace: the active Job is deleted and a new one created', () => {
    const c = cluster(1);
    step(c, [create('cronjobs', cronjob('rp', { concurrencyPolicy: 'Replace' }))], 5_000);
    wait(c, 130_000);
    const ev = cjEvents(c, 'rp').map((e) => e.reason);
    expect(ev).toEqual(['SuccessfulCreate', 'SuccessfulDelete', 'SuccessfulCreate']);
    expect(jobs(c)).toHaveLength(1);
    expect(objects(c, 'cronjobs')[0].status.active).toHaveLength(1);
  });

  it('concurrencyPolicy Allow: Jobs run side by side', () => {
    const c = cluster(1);
    step(c, [create('cronjobs', cronjob('al'))], 5_000);
    wait(c, 130_000);
    expect(jobs(c)).toHaveLength(2);
    expect(objects(c, 'cronjobs')[0].status.active).toHaveLength(2);
  });

  it('startingDeadlineSeconds: a time missed by more than the deadline is not run (MissSchedule)', () => {
    const c = cluster(1);
    step(c, [create('cronjobs', cronjob('late', { suspend: true, startingDeadlineSeconds: 200, schedule: '0 * * * *' }))], 5_000);
    // Suspended over the top of the hour, resumed 10 minutes later: 600 s late > 200 s.
    wait(c, 70 * 60_000);
    wait(c, 60_000, () => c.kubectl().request({ verb: 'patch', resource: 'cronjobs', namespace: 'default', name: 'late', body: { spec: { suspend: false } } }));
    expect(jobs(c)).toHaveLength(0);
    // mostRecentScheduleTime looks no further back than startingDeadlineSeconds: the missed time is skipped silently.
    expect(cjEvents(c, 'late')).toHaveLength(0);
  });

  it('a CronJob every minute stays bounded: after two hours, three finished Jobs are kept and their pods only', () => {
    const c = cluster(1);
    exits(c, 0, 5_000);
    step(c, [create('cronjobs', cronjob('day'))], 5_000);
    wait(c, 2 * 3_600_000 - 30_000);
    expect(jobs(c)).toHaveLength(3);
    expect(cjEvents(c, 'day').filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(119);
    expect(objects(c, 'pods')).toHaveLength(3);
  });
});
