/**
 * Small helpers over API objects shared by the controllers: owner references, pod readiness and
 * activity (pkg/api/v1/pod, controller_utils.go), and canonical JSON for comparisons.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';

export type OwnerRef = NonNullable<KubeObject['metadata']['ownerReferences']>[number];

/** The owner reference with `controller: true`, if any (metav1.GetControllerOf). */
export function controllerOf(o: KubeObject): OwnerRef | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller);
}

/** A controller reference to `owner` (metav1.NewControllerRef). */
export function controllerRef(owner: KubeObject): OwnerRef {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true } as OwnerRef;
}

/** The uids of every owner of `o` (the informers' `owner` index). */
export function ownerUids(o: KubeObject): string[] {
  return (o.metadata.ownerReferences ?? []).map((r) => r.uid);
}

/** The pod's Ready condition is True (podutil.IsPodReady). */
export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

export function readyCondition(pod: KubeObject): any {
  return ((pod as any).status?.conditions ?? []).find((c: any) => c.type === 'Ready');
}

/** Not terminal and not being deleted (controller.IsPodActive). */
export function isPodActive(pod: KubeObject): boolean {
  const phase = (pod as any).status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function isPodTerminal(pod: KubeObject): boolean {
  const phase = (pod as any).status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * Ready for at least `minReadySeconds` at simulated time `nowMs` (podutil.IsPodAvailable);
 * `parse` turns an RFC 3339 timestamp into simulated ms.
 */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number, parse: (ts: string) => number): boolean {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  return !!c.lastTransitionTime && parse(c.lastTransitionTime) + minReadySeconds * 1000 <= nowMs;
}

/** JSON with sorted keys: a stable serialisation for hashing and deep comparison. */
export function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}

/** A merge patch that sets `next`'s fields and removes zero, empty and absent ones (Go's omitempty). */
export function omitEmptyPatch(next: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = next[k];
    out[k] = v === undefined || v === 0 || (Array.isArray(v) && !v.length) ? null : v;
  }
  return out;
}

/** `ns/name` of a namespaced object. */
export function nsName(o: KubeObject): string {
  return `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
}
