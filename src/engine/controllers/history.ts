/**
 * ControllerRevision history shared by the StatefulSet and DaemonSet controllers
 * (pkg/controller/history/controller_history.go): revisions named `<parent>-<hash>`, the hash an
 * FNV-1 hash of the revision's data (and collisionCount) encoded with rand.SafeEncodeString, the
 * `controller.kubernetes.io/hash` label, and the revision numbers that order them.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import { canonical, controllerRef } from './objects.js';
import { safeEncodeString } from './deployment-util.js';

export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';
/** apps.ControllerRevisionHashLabelKey: the pod label naming its revision. */
export const POD_REVISION_LABEL = 'controller-revision-hash';

/**
 * HashControllerRevision: FNV-1 (fnv.New32) over the data, then the collision count written in
 * decimal (both controllers always pass one, 0 at first).
 */
export function hashRevisionData(data: unknown, collisionCount = 0): string {
  const bytes = new TextEncoder().encode(canonical(data) + String(collisionCount));
  let h = 0x811c9dc5;
  for (const b of bytes) h = (Math.imul(h, 0x01000193) ^ b) >>> 0;
  return safeEncodeString(String(h >>> 0));
}

/**
 * The patch a StatefulSet or DaemonSet revision stores (getPatch in both controllers): the pod
 * template, replacing the whole template when applied.
 */
export function templatePatch(parent: any): any {
  return { spec: { template: { ...structuredClone(parent.spec?.template ?? {}), $patch: 'replace' } } };
}

/** NewControllerRevision: owned by `parent`, the template's labels and the hash label. */
export function newControllerRevision(parent: any, data: any, revision: number, collisionCount?: number): KubeObject {
  const hash = hashRevisionData(data, collisionCount);
  const labels = { ...(parent.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name: `${parent.metadata.name.slice(0, 223)}-${hash}`, namespace: parent.metadata.namespace, labels, ownerReferences: [controllerRef(parent)] },
    data,
    revision,
  } as any;
}

/** The revisions in ascending revision order (ties: by creation, then name), as history.SortControllerRevisions. */
export function sortRevisions(revs: any[]): any[] {
  return [...revs].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) || a.metadata.name.localeCompare(b.metadata.name));
}

/** history.EqualRevision: the same data (the hash labels may differ after a collision). */
export function equalRevision(a: any, b: any): boolean {
  return canonical(a?.data) === canonical(b?.data);
}

/** nextRevision: one more than the highest revision number. */
export function nextRevision(revs: any[]): number {
  return Math.max(0, ...revs.map((r) => r.revision ?? 0)) + 1;
}

/** The template a revision holds (ApplyRevision of its patch). */
export function revisionTemplate(rev: any): any {
  const t = structuredClone(rev?.data?.spec?.template ?? {});
  delete t.$patch;
  return t;
}
