/**
 * Parts of the registry's strategies that the apiserver applies by kind: finalizer-driven deletion
 * (apiserver/pkg/registry/generic/registry: ShouldDeleteDuringUpdate) and the Job's generated
 * selector (pkg/registry/batch/job/strategy.go: generateSelector).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';

/** The Job labels (staging/src/k8s.io/api/batch/v1/types.go). */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';

/**
 * An update that leaves an object with a pending deletion without finalizers deletes it, once its
 * grace period is over (deletionGracePeriodSeconds 0): ShouldDeleteDuringUpdate.
 */
export function shouldDeleteDuringUpdate(next: KubeObject, cur: KubeObject): boolean {
  return !!cur.metadata.deletionTimestamp && cur.metadata.deletionGracePeriodSeconds === 0 && !(next.metadata.finalizers ?? []).length;
}

/**
 * generateSelector: unless `spec.manualSelector` is true, the pod template gets the job-name and
 * controller-uid labels (both spellings, unless the user set them) and the selector matches
 * `batch.kubernetes.io/controller-uid` alone.
 */
export function generateJobSelector(job: KubeObject, uid: string): void {
  const spec = ((job as any).spec ??= {});
  if (spec.manualSelector === true) return;
  const template = (spec.template ??= {});
  const meta = (template.metadata ??= {});
  const labels = (meta.labels ??= {});
  for (const k of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) labels[k] ??= job.metadata.name;
  for (const k of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) labels[k] ??= uid;
  if (!spec.selector) spec.selector = { matchLabels: { [CONTROLLER_UID_LABEL]: uid } };
}
