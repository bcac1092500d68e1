/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go): at each time the
 * schedule names (simulated time; five-field cron, @hourly-style descriptors, @every), it creates
 * a Job `NAME-<scheduled time in minutes since the Unix epoch>` from the job template — unless the
 * CronJob is suspended, the time was missed by more than startingDeadlineSeconds (MissSchedule),
 * or concurrencyPolicy Forbid finds a Job still active (JobAlreadyActive); Replace deletes the
 * active Jobs first. It keeps `status.active`, `lastScheduleTime` and `lastSuccessfulTime`, tells
 * of finished Jobs (SawCompletedJob) and deletes finished Jobs beyond the history limits.
 * A spec.timeZone reads the schedule in that zone (UTC otherwise) and stamps the scheduled-time
 * annotation in it, as getJobFromTemplate2 does.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, objectKey, type Informer } from './informer.js';
import { WorkQueue, Pending } from './queue.js';
import { controllerOf, controllerRef } from './objects.js';
import { indexByOwner } from './pod-indexes.js';
import { parseSchedule, rfc3339In, type Schedule } from '../../manifests/cron.js';
import { cloneData } from '../apiserver/clone.js';
import type { Timer } from '../sim/loop.js';

/** nextScheduleDelta: the controller looks again this long after the next scheduled time. */
const NEXT_SCHEDULE_DELTA_MS = 100;
/** mostRecentScheduleTime gives up counting missed times after this many (TooManyMissedTimes). */
const MAX_MISSED = 100;
/** batch.CronJobScheduledTimestampAnnotation. */
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** The simulation's epoch (Env): simulated ms 0 is this Unix time. */
const EPOCH = Date.UTC(2026, 0, 1);

/** getJobFromTemplate2's name: the CronJob's name and the scheduled time in minutes since the Unix epoch. */
export function jobNameFor(cronJobName: string, scheduledUnixMs: number): string {
  return `${cronJobName}-${Math.floor(scheduledUnixMs / 60_000)}`;
}

/** The Job a CronJob's template makes (getJobFromTemplate2), without its name. */
export function jobFromTemplate(cj: any, name: string, annotations: Record<string, string>): KubeObject {
  const t = cj.spec?.jobTemplate ?? {};
  const meta: any = { name, namespace: cj.metadata.namespace, labels: { ...(t.metadata?.labels ?? {}) }, annotations: { ...(t.metadata?.annotations ?? {}), ...annotations }, ownerReferences: [controllerRef(cj)] };
  if (!Object.keys(meta.labels).length) delete meta.labels;
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: meta, spec: cloneData(t.spec ?? {}) } as KubeObject;
}

function finishedType(job: any): 'Complete' | 'Failed' | undefined {
  const c = ((job.status?.conditions ?? []) as any[]).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.type;
}

/** Go's time.RFC1123Z of a UTC time: `Thu, 01 Jan 2026 01:00:00 +0000`. */
function rfc1123z(unixMs: number): string {
  const d = new Date(unixMs);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${day}, ${p(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export class CronJobController implements Controller {
  readonly name = 'cronjob';
  readonly eventSource = 'cronjob-controller';
  private ctx!: ControllerContext;
  private cronjobs!: Informer;
  private jobs!: Informer;
  private queue!: WorkQueue;
  /** The timer of each CronJob's next scheduled time (periodic work: it does not keep a step alive). */
  private readonly nextTimers = new Map<string, Timer>();
  /** Parsed schedules by text (a schedule is parsed once). */
  private readonly schedules = new Map<string, Schedule | string>();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.cronjobs = sharedInformer(ctx.client, ctx.server, 'cronjobs');
    this.jobs = sharedInformer(ctx.client, ctx.server, 'jobs');
    indexByOwner(this.jobs);
    this.queue = new WorkQueue(ctx.env, (k, done) => this.sync(k, done));
    this.cronjobs.on((type, cj, old) => this.onCronJob(type, cj, old));
    this.jobs.on((type, job, old) => this.onJob(type, job, old));
    for (const cj of this.cronjobs.list()) this.queue.add(objectKey(cj));
  }

  private schedule(text: string, timeZone: string | undefined): Schedule | string {
    const key = `${timeZone ?? ''}\0${text}`;
    let s = this.schedules.get(key);
    if (s === undefined) this.schedules.set(key, (s = parseSchedule(text, timeZone)));
    return s;
  }

  private onCronJob(type: string, cj: KubeObject, old: KubeObject | undefined): boolean {
    if (type === 'DELETED') return false;
    // Its own status writes come back with the same spec: nothing to do.
    if (type === 'MODIFIED' && old && JSON.stringify((old as any).spec) === JSON.stringify((cj as any).spec)) return false;
    this.queue.add(objectKey(cj));
    return true;
  }

  /** addJob / updateJob / deleteJob: a Job a CronJob controls wakes the CronJob. */
  private onJob(type: string, job: KubeObject, old: KubeObject | undefined): boolean {
    const ref = controllerOf(job);
    if (!ref || ref.kind !== 'CronJob') return false;
    const cj = this.cronjobs.get(`${job.metadata.namespace}/${ref.name}`);
    if (!cj || cj.metadata.uid !== ref.uid) return false;
    // Only what the CronJob reads: a Job that appears, finishes or goes.
    if (type === 'MODIFIED' && old && finishedType(old) === finishedType(job)) return false;
    this.queue.add(objectKey(cj));
    return true;
  }

  private event(cj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.client.event({ involved: cj, type, reason, message });
  }

  private unix(simMs: number): number {
    return EPOCH + simMs;
  }

  private rfc3339(unixMs: number): string {
    return new Date(Math.floor(unixMs / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** sync: syncCronJob, then cleanupFinishedJobs, then the status write and the requeue. */
  private sync(key: string, done: (ok?: boolean) => void): void {
    const shared = this.cronjobs.get(key) as any;
    if (!shared || shared.metadata.deletionTimestamp) {
      const t = this.nextTimers.get(key);
      if (t) this.ctx.env.loop.cancel(t);
      this.nextTimers.delete(key);
      return done();
    }
    const cj = cloneData(shared) as any;
    const status = (cj.status ??= {});
    const before = JSON.stringify(status);
    const owned = this.jobs.byIndex('owner', cj.metadata.uid).filter((j) => controllerOf(j)?.uid === cj.metadata.uid);
    const byUid = new Map(owned.map((j) => [j.metadata.uid!, j]));
    // The active list: finished Jobs leave it (SawCompletedJob), so do Jobs that went missing.
    let active = ((status.active ?? []) as any[]).slice();
    for (const j of owned as any[]) {
      const ft = finishedType(j);
      if (!ft) {
        // A Job it did not create (kubectl create job --from=cronjob/…) is told of, not adopted.
        if (!active.some((a) => a.uid === j.metadata.uid)) this.event(shared, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
        continue;
      }
      if (active.some((a) => a.uid === j.metadata.uid)) {
        this.event(shared, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${ft}`);
        active = active.filter((a) => a.uid !== j.metadata.uid);
      }
      if (ft === 'Complete') {
        const at = j.status?.completionTime;
        if (at && (!status.lastSuccessfulTime || this.ctx.env.parseTimestamp(at) > this.ctx.env.parseTimestamp(status.lastSuccessfulTime))) status.lastSuccessfulTime = at;
      }
    }
    for (const a of active.slice()) {
      if (!byUid.has(a.uid) && !this.jobs.get(`${a.namespace ?? cj.metadata.namespace}/${a.name}`)) {
        this.event(shared, 'Normal', 'MissingJob', `Active job went missing: ${a.name}`);
        active = active.filter((x) => x.uid !== a.uid);
      }
    }
    status.active = active;
    const finish = (requeueMs: number | undefined) => {
      this.cleanupFinishedJobs(shared, owned, () => {
        if (!status.active.length) delete status.active;
        const changed = JSON.stringify(status) !== before;
        const requeue = () => {
          // queue.AddAfter(key, next scheduled time): kept as a periodic timer, so a step settles
          // between schedules (`wait` lets simulated time reach the next one).
          const prev = this.nextTimers.get(key);
          if (prev) this.ctx.env.loop.cancel(prev);
          this.nextTimers.delete(key);
          if (requeueMs === undefined) return;
          this.nextTimers.set(key, this.ctx.env.loop.after(requeueMs, () => {
            this.nextTimers.delete(key);
            this.queue.add(key);
          }, { periodic: true }));
        };
        if (!changed) {
          requeue();
          return done();
        }
        this.writeStatus(cj, (ok) => {
          requeue();
          done(ok);
        });
      });
    };
    if (cj.spec?.suspend) return finish(undefined);
    const sched = this.schedule(cj.spec?.schedule ?? '', cj.spec?.timeZone ?? undefined);
    if (typeof sched === 'string') {
      this.event(shared, 'Warning', 'UnparseableSchedule', `unparseable schedule for cronjob: ${cj.spec?.schedule}`);
      return finish(undefined);
    }
    const now = this.unix(this.ctx.env.loop.now);
    const nextIn = () => Math.max(0, sched.next(now) - now) + NEXT_SCHEDULE_DELTA_MS;
    // mostRecentScheduleTime: the latest scheduled time not after now, since the last one (or creation).
    let earliest = status.lastScheduleTime ? this.unix(this.ctx.env.parseTimestamp(status.lastScheduleTime)) : this.unix(this.ctx.env.parseTimestamp(cj.metadata.creationTimestamp));
    const sds = cj.spec?.startingDeadlineSeconds;
    if (sds !== undefined && sds !== null) earliest = Math.max(earliest, now - sds * 1000);
    let scheduled: number | undefined;
    let missed = 0;
    for (let t = sched.next(earliest); t <= now; t = sched.next(t)) {
      scheduled = t;
      if (++missed > MAX_MISSED) {
        // Fast-forward: only the most recent time counts.
        this.event(shared, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
        let last = t;
        for (let u = sched.next(t); u <= now; u = sched.next(u)) last = u;
        scheduled = last;
        break;
      }
    }
    if (scheduled === undefined) return finish(nextIn());
    if (sds !== undefined && sds !== null && scheduled + sds * 1000 < now) {
      this.event(shared, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return finish(nextIn());
    }
    const name = jobNameFor(cj.metadata.name, scheduled);
    const lastScheduled = status.lastScheduleTime ? this.unix(this.ctx.env.parseTimestamp(status.lastScheduleTime)) : undefined;
    if (status.active.some((a: any) => a.name === name) || lastScheduled === scheduled) return finish(nextIn());
    const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && status.active.length) {
      this.event(shared, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return finish(nextIn());
    }
    const create = () => {
      const job = jobFromTemplate(cj, name, { [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339In(scheduled!, cj.spec?.timeZone ?? undefined) });
      this.ctx.client.request({ verb: 'create', resource: 'jobs', namespace: cj.metadata.namespace, body: job }, (res) => {
        if (res.code === 409) {
          // The Job exists already (an earlier sync made it): count it as scheduled.
          status.lastScheduleTime = this.rfc3339(scheduled!);
          return finish(nextIn());
        }
        if (!res.object) {
          this.event(shared, 'Warning', 'FailedCreate', `Error creating job: ${res.message ?? res.code}`);
          return finish(undefined);
        }
        this.jobs.observe(res.object);
        this.event(shared, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
        status.active = [...status.active, this.jobRef(res.object)];
        status.lastScheduleTime = this.rfc3339(scheduled!);
        finish(nextIn());
      });
    };
    if (policy === 'Replace' && status.active.length) {
      const pending = new Pending(() => create());
      for (const a of status.active.slice()) {
        this.deleteJob(shared, a.name, pending.wrap((ok: boolean) => {
          if (ok) status.active = status.active.filter((x: any) => x.uid !== a.uid);
        }));
      }
      return pending.close();
    }
    create();
  }

  /** An ObjectReference to a Job (status.active's entries). */
  private jobRef(j: KubeObject): Record<string, string> {
    return { kind: 'Job', namespace: j.metadata.namespace!, name: j.metadata.name, uid: j.metadata.uid!, apiVersion: 'batch/v1', resourceVersion: j.metadata.resourceVersion! };
  }

  /** deleteJob: background propagation; `SuccessfulDelete "Deleted job NAME"`. */
  private deleteJob(cj: KubeObject, name: string, then: (ok: boolean) => void): void {
    this.ctx.client.request({ verb: 'delete', resource: 'jobs', namespace: cj.metadata.namespace, name }, (res) => {
      if (res.code < 400) {
        if (res.object) this.jobs.forget(res.object);
        this.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`);
      } else if (res.code !== 404) this.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${res.message ?? res.code}`);
      then(res.code < 400 || res.code === 404);
    });
  }

  /** cleanupFinishedJobs: the oldest finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit go. */
  private cleanupFinishedJobs(cj: any, owned: KubeObject[], then: () => void): void {
    const pending = new Pending(() => then());
    const start = (j: any) => this.ctx.env.parseTimestamp(j.status?.startTime ?? j.metadata.creationTimestamp);
    for (const [type, limit] of [['Complete', cj.spec?.successfulJobsHistoryLimit], ['Failed', cj.spec?.failedJobsHistoryLimit]] as const) {
      if (limit === undefined || limit === null) continue;
      const finished = owned.filter((j) => finishedType(j) === type && !j.metadata.deletionTimestamp).sort((a, b) => start(a) - start(b) || a.metadata.name.localeCompare(b.metadata.name));
      for (const j of finished.slice(0, Math.max(0, finished.length - limit))) this.deleteJob(cj, j.metadata.name, pending.wrap());
    }
    pending.close();
  }

  private writeStatus(cj: any, then: (ok: boolean) => void): void {
    const s = cj.status;
    const body = { active: s.active?.length ? s.active : null, lastScheduleTime: s.lastScheduleTime ?? null, lastSuccessfulTime: s.lastSuccessfulTime ?? null };
    const label = `PUT cronjobs/${cj.metadata.name}/status (${(s.active ?? []).length} active${s.lastScheduleTime ? `, last scheduled ${s.lastScheduleTime}` : ''})`;
    this.ctx.client.request({ verb: 'status', resource: 'cronjobs', namespace: cj.metadata.namespace, name: cj.metadata.name, body: { status: body }, attrs: { active: String((s.active ?? []).length) }, label }, (res) => {
      if (res.object) this.cronjobs.observe(res.object);
      then(res.code < 400 || res.code === 404);
    });
  }
}
