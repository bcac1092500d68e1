/**
 * Pure helpers of the Deployment controller (pkg/controller/deployment/util and
 * controller.ComputeHash): the pod-template-hash, maxSurge / maxUnavailable, revisions,
 * conditions and the status calculation.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { ALPHANUMS } from '../sim/random.js';
import { defaultPodSpec } from '../../manifests/defaults.js';
import { canonical } from './objects.js';

export const HASH_LABEL = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';

/** rand.SafeEncodeString: each byte mapped into the 27-character alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

const NORMALIZED = new WeakMap<object, string>();

/** A template as compared and hashed: without the hash label, with API defaults applied (cached per stored object). */
function normalized(template: any): string {
  if (template && typeof template === 'object') {
    let n = NORMALIZED.get(template);
    if (n === undefined) NORMALIZED.set(template, (n = normalize(template)));
    return n;
  }
  return normalize(template);
}

function normalize(template: any): string {
  const t = structuredClone(template ?? {});
  if (t.metadata?.labels) delete t.metadata.labels[HASH_LABEL];
  t.spec ??= {};
  defaultPodSpec(t.spec);
  return canonical(t);
}

/**
 * controller.ComputeHash: FNV-32a over the template (+ collisionCount as 8 little-endian bytes),
 * rendered as SafeEncodeString of the decimal uint32. Simplification: the bytes hashed are the
 * template's canonical JSON, not dump.ForHash, so values differ from a real cluster's but are
 * stable per template and use the same alphabet (`456789bcdf`).
 */
export function computeHash(template: any, collisionCount?: number): string {
  const bytes = new TextEncoder().encode(normalized(template));
  let h = 0x811c9dc5;
  const mix = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const b of bytes) mix(b);
  if (collisionCount !== undefined && collisionCount !== null) {
    const c = collisionCount >>> 0;
    for (let i = 0; i < 8; i++) mix(i < 4 ? (c >>> (8 * i)) & 0xff : 0);
  }
  return safeEncodeString(String(h >>> 0));
}

/** EqualIgnoreHash: the templates match but for the pod-template-hash label. */
export function equalIgnoreHash(a: any, b: any): boolean {
  return normalized(a) === normalized(b);
}

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v ?? '0'));
  if (!m) return Number(v) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

const replicasOf = (o: any): number => o?.spec?.replicas ?? 1;

export function isRollingUpdate(d: any): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** ResolveFenceposts: [surge, unavailable], never both 0. */
export function fenceposts(d: any): [number, number] {
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const desired = replicasOf(d);
  const surge = scaledValue(ru.maxSurge ?? '25%', desired, true);
  let unavailable = scaledValue(ru.maxUnavailable ?? '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function maxSurge(d: any): number {
  return isRollingUpdate(d) ? fenceposts(d)[0] : 0;
}

export function maxUnavailable(d: any): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  return Math.min(fenceposts(d)[1], replicasOf(d));
}

export function revisionOf(rs: any): number {
  return Number(rs?.metadata?.annotations?.[REVISION] ?? 0) || 0;
}

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: any, b: any): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

export const sum = (rss: any[], f: (rs: any) => number): number => rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0);
export const specReplicas = (rss: any[]): number => sum(rss, (rs) => rs.spec?.replicas ?? 0);
export const available = (rss: any[]): number => sum(rss, (rs) => rs.status?.availableReplicas ?? 0);

/** NewRSNewReplicas: how far the new ReplicaSet may be scaled up now. */
export function newRSNewReplicas(d: any, allRSs: any[], newRS: any): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const surge = scaledValue(d.spec.strategy.rollingUpdate?.maxSurge ?? '25%', replicasOf(d), true);
  const current = specReplicas(allRSs);
  const maxTotal = replicasOf(d) + surge;
  if (current >= maxTotal) return newRS.spec.replicas ?? 0;
  return (newRS.spec.replicas ?? 0) + Math.min(maxTotal - current, replicasOf(d) - (newRS.spec.replicas ?? 0));
}

/** GetProportion: this ReplicaSet's share of `toAdd` replicas during a proportional scale. */
export function proportion(rs: any, d: any, toAdd: number, added: number): number {
  if (!rs || !rs.spec.replicas || !toAdd || toAdd === added) return 0;
  let fraction: number;
  if (replicasOf(d) === 0) fraction = -rs.spec.replicas;
  else {
    const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS]) || d.status?.replicas || 0;
    fraction = Math.round((rs.spec.replicas * (replicasOf(d) + maxSurge(d))) / annotated) - rs.spec.replicas;
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

// ---- conditions -------------------------------------------------------------------------------

export interface Condition {
  type: string;
  status: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export function getCondition(status: any, type: string): Condition | undefined {
  return (status?.conditions ?? []).find((c: Condition) => c.type === type);
}

export function removeCondition(status: any, type: string): void {
  status.conditions = (status.conditions ?? []).filter((c: Condition) => c.type !== type);
}

/** SetDeploymentCondition: no change when status and reason are the same; keeps the transition time when only the reason changes. */
export function setCondition(status: any, c: Condition): void {
  const cur = getCondition(status, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  removeCondition(status, c.type);
  status.conditions.push(c);
}

export function condition(type: string, status: string, reason: string, message: string, now: string): Condition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/** calculateStatus of sync.go. */
export function calculateStatus(allRSs: any[], newRS: any, d: any, now: string): any {
  const avail = available(allRSs);
  const status: any = {
    observedGeneration: d.metadata.generation,
    replicas: sum(allRSs, (rs) => rs.status?.replicas ?? 0),
    updatedReplicas: newRS ? newRS.status?.replicas ?? 0 : 0,
    readyReplicas: sum(allRSs, (rs) => rs.status?.readyReplicas ?? 0),
    availableReplicas: avail,
    unavailableReplicas: Math.max(0, specReplicas(allRSs) - avail),
    conditions: structuredClone(d.status?.conditions ?? []),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (avail >= replicasOf(d) - maxUnavailable(d)) setCondition(status, condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now));
  else setCondition(status, condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now));
  return status;
}

/** DeploymentComplete. */
export function deploymentComplete(d: any, s: any): boolean {
  const r = replicasOf(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) >= r - maxUnavailable(d) && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: new pods scaled up or available, or old ones scaled down. */
export function deploymentProgressing(d: any, s: any): boolean {
  const o = d.status ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) || newOld < oldOld || (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0);
}
