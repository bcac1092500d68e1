/**
 * Indexed Jobs (pkg/controller/job/indexed_job_utils.go) and the success policy
 * (pkg/controller/job/success_policy.go): completion indexes as ordered intervals, printed as
 * `status.completedIndexes` ("1,3-5"), the first pending indexes a sync creates pods for, the
 * duplicated-index pods it removes, the pod template of one index, and matchSuccessPolicy.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';

/** batch.JobCompletionIndexAnnotation (also the label name, PodIndexLabel being GA). */
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
/** completionIndexEnvName. */
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** names.MaxGeneratedNameLength: 63 less the five random characters. */
const MAX_GENERATED_NAME_LENGTH = 58;

export interface Interval {
  first: number;
  last: number;
}
export type Intervals = Interval[];

export function isIndexedJob(job: any): boolean {
  return job?.spec?.completionMode === 'Indexed';
}

/** getCompletionIndex: the annotation's index, or -1 (unknownCompletionIndex). */
export function completionIndex(pod: KubeObject): number {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return -1;
  const i = Number(v);
  return i < 0 ? -1 : i;
}

/** parseIndexesFromString: "1,3-5" → intervals below `completions`; corrupted parts are skipped. */
export function parseIndexes(text: string | undefined, completions: number): Intervals {
  if (!text) return [];
  const out: Intervals = [];
  for (const part of text.split(',')) {
    const limits = part.split('-');
    if (!/^[+-]?\d+$/.test(limits[0]!)) continue;
    const first = Number(limits[0]);
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      if (!/^[+-]?\d+$/.test(limits[1]!)) continue;
      last = Math.min(Number(limits[1]), completions - 1);
    }
    const prev = out[out.length - 1];
    if (prev && prev.last === first - 1) prev.last = last;
    else out.push({ first, last });
  }
  return out;
}

/** orderedIntervals.merge. */
export function mergeIntervals(a: Intervals, b: Intervals): Intervals {
  const out: Intervals = [];
  const add = (iv: Interval) => {
    const last = out[out.length - 1];
    if (!last || iv.first > last.last + 1) out.push({ ...iv });
    else if (last.last < iv.last) last.last = iv.last;
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) add(a[i]!.first < b[j]!.first ? a[i++]! : b[j++]!);
  while (i < a.length) add(a[i++]!);
  while (j < b.length) add(b[j++]!);
  return out;
}

/** withOrderedIndexes: add single indexes (in increasing order). */
export function withIndexes(a: Intervals, indexes: number[]): Intervals {
  return mergeIntervals(a, [...new Set(indexes)].sort((x, y) => x - y).map((i) => ({ first: i, last: i })));
}

export function totalIndexes(a: Intervals): number {
  return a.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
}

export function hasIndex(a: Intervals, ix: number): boolean {
  return a.some((iv) => iv.first <= ix && ix <= iv.last);
}

/** orderedIntervals.String: "0-2,4,6,7" (two adjacent indexes are written with a comma). */
export function formatIndexes(a: Intervals): string {
  return a.map((iv) => (iv.last === iv.first ? `${iv.first}` : `${iv.first}${iv.last === iv.first + 1 ? ',' : '-'}${iv.last}`)).join(',');
}

/** firstPendingIndexes: `count` indexes below `completions` that no active pod holds and that have not succeeded. */
export function firstPendingIndexes(succeeded: Intervals, active: KubeObject[], terminating: KubeObject[] | undefined, count: number, completions: number): number[] {
  if (count <= 0) return [];
  const held = (pods: KubeObject[]) => pods.map(completionIndex).filter((i) => i !== -1);
  let nonPending = withIndexes(succeeded, held(active));
  if (terminating) nonPending = withIndexes(nonPending, held(terminating));
  const out: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && out.length < count && candidate < iv.first; candidate++) out.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && out.length < count; candidate++) out.push(candidate);
  return out;
}

/**
 * appendDuplicatedIndexPodsForRemoval: pods without a valid index or past `completions` go, and of
 * several active pods of one index all but the one ActivePods sorts last. `sortActive` is
 * controller.ActivePods (least advanced first).
 */
export function duplicatedIndexPods(pods: KubeObject[], completions: number, sortActive: (p: KubeObject[]) => KubeObject[]): { rm: KubeObject[]; left: KubeObject[] } {
  const rm: KubeObject[] = [];
  const left: KubeObject[] = [];
  const byIndex = new Map<number, KubeObject[]>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix === -1 || ix >= completions) rm.push(p);
    else {
      let list = byIndex.get(ix);
      if (!list) byIndex.set(ix, (list = []));
      list.push(p);
    }
  }
  for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
    const list = byIndex.get(ix)!;
    if (list.length === 1) {
      left.push(list[0]!);
      continue;
    }
    const sorted = sortActive(list);
    rm.push(...sorted.slice(0, -1));
    left.push(sorted[sorted.length - 1]!);
  }
  return { rm, left };
}

/** podGenerateNameWithIndex: `NAME-INDEX-`, the name cut so the prefix fits a generated name. */
export function generateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? jobName.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix : prefix;
}

/**
 * addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX in every container and init container (read
 * from the index label, PodIndexLabel being GA), unless the container sets it itself.
 */
export function addCompletionIndexEnv(spec: any): void {
  for (const list of [spec?.initContainers, spec?.containers]) {
    for (const c of (list ?? []) as any[]) {
      if (((c.env ?? []) as any[]).some((e) => e?.name === COMPLETION_INDEX_ENV)) continue;
      c.env = [...(c.env ?? []), { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } } }];
    }
  }
}

/** matchSucceededIndexesRule. */
function matchIndexesRule(rule: Intervals, succeeded: Intervals, succeededCount: number | undefined): boolean {
  let contains = 0;
  let s = 0;
  let r = 0;
  while (r < rule.length && s < succeeded.length) {
    const overlap = Math.min(rule[r]!.last, succeeded[s]!.last) - Math.max(rule[r]!.first, succeeded[s]!.first) + 1;
    if (overlap > 0) contains += overlap;
    if (succeeded[s]!.last < rule[r]!.last) s++;
    else if (succeeded[s]!.last > rule[r]!.last) r++;
    else {
      s++;
      r++;
    }
  }
  return contains === totalIndexes(rule) || (succeededCount !== undefined && contains >= succeededCount);
}

/** matchSuccessPolicy: the message of the first rule the succeeded indexes meet (`Matched rules at index N`). */
export function matchSuccessPolicy(policy: any, completions: number, succeeded: Intervals): string | undefined {
  if (!policy || !succeeded.length) return undefined;
  const rules = (policy.rules ?? []) as any[];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] ?? {};
    const count = typeof rule.succeededCount === 'number' ? rule.succeededCount : undefined;
    if (typeof rule.succeededIndexes === 'string') {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (!required.length) continue;
      if (matchIndexesRule(required, succeeded, count)) return `Matched rules at index ${i}`;
    } else if (count !== undefined && totalIndexes(succeeded) >= count) return `Matched rules at index ${i}`;
  }
  return undefined;
}
