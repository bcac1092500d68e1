/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): a finished Job with
 * `spec.ttlSecondsAfterFinished` is deleted that many seconds after it finished (its Complete or
 * Failed condition's lastTransitionTime). Simplification: the delete uses background propagation
 * (the garbage collector then deletes its pods) where the controller asks for foreground.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { sharedInformer, objectKey, type Informer } from './informer.js';
import { WorkQueue } from './queue.js';
import { isJobFinished, jobFinishTime } from './job-util.js';

export class TtlAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished';
  readonly eventSource = 'ttl-after-finished-controller';
  private ctx!: ControllerContext;
  private jobs!: Informer;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.jobs = sharedInformer(ctx.client, ctx.server, 'jobs');
    this.queue = new WorkQueue(ctx.env, (k, done) => this.sync(k, done));
    this.jobs.on((type, job) => this.onJob(type, job));
    for (const j of this.jobs.list()) this.onJob('ADDED', j);
  }

  /** addJob / updateJob: only Jobs that need clean-up (needsCleanup) are queued. */
  private onJob(type: string, job: KubeObject): boolean {
    if (type === 'DELETED') return false;
    const j = job as any;
    if (j.spec?.ttlSecondsAfterFinished === undefined || j.metadata.deletionTimestamp || !isJobFinished(j)) return false;
    this.queue.add(objectKey(job));
    return true;
  }

  /** processJob: delete the Job when its TTL has expired, else look again when it will have. */
  private sync(key: string, done: (ok?: boolean) => void): void {
    const job = this.jobs.get(key) as any;
    if (!job || job.metadata.deletionTimestamp || !isJobFinished(job) || job.spec?.ttlSecondsAfterFinished === undefined) return done();
    const finished = jobFinishTime(job);
    if (!finished) return done();
    const expireAt = this.ctx.env.parseTimestamp(finished) + job.spec.ttlSecondsAfterFinished * 1000;
    const now = this.ctx.env.loop.now;
    if (now < expireAt) {
      // Looked at again when the TTL expires: periodic work, so a step settles before (`wait` reaches it).
      this.ctx.env.loop.after(expireAt - now, () => this.queue.add(key), { periodic: true });
      return done();
    }
    this.ctx.client.request({ verb: 'delete', resource: 'jobs', namespace: job.metadata.namespace, name: job.metadata.name }, (res) => done(res.code < 400 || res.code === 404));
  }
}
