/**
 * Running per-ReplicaSet pod counts, updated from each pod notification instead of recounted on
 * every sync (a 10,000-pod ReplicaSet is synced thousands of times during its rollout): active
 * matching pods, ready ones, fully labelled ones, and active ones its selector no longer matches.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import { matchLabelSelector } from '../apiserver/selector.js';
import { controllerOf, isPodActive, isPodReady } from './objects.js';

export interface RsTotals {
  /** Active pods the selector matches (status.replicas). */
  replicas: number;
  ready: number;
  fullyLabeled: number;
  /** Active owned pods the selector no longer matches (to release). */
  mismatched: number;
}

interface Contribution {
  rs: string;
  counted: boolean;
  ready: boolean;
  labeled: boolean;
  mismatched: boolean;
}

export class PodAccounting {
  private readonly byPod = new Map<string, Contribution>();
  private readonly totals = new Map<string, RsTotals>();

  /** `rsByUid` finds a cached ReplicaSet by uid. */
  constructor(private readonly rsByUid: (uid: string) => any) {}

  /** Recount one pod (`pod` undefined: it is gone). */
  account(podKey: string, pod: KubeObject | undefined): void {
    const prev = this.byPod.get(podKey);
    if (prev) this.apply(prev, -1);
    const next = pod && this.contribution(pod);
    if (next) {
      this.byPod.set(podKey, next);
      this.apply(next, +1);
    } else this.byPod.delete(podKey);
  }

  private contribution(pod: KubeObject): Contribution | undefined {
    const ref = controllerOf(pod);
    const rs = ref && this.rsByUid(ref.uid);
    if (!rs || !isPodActive(pod)) return undefined;
    const labels = pod.metadata.labels ?? {};
    const matches = matchLabelSelector(rs.spec?.selector, labels);
    const tmpl = rs.spec?.template?.metadata?.labels ?? {};
    return {
      rs: ref.uid,
      counted: matches,
      ready: matches && isPodReady(pod),
      labeled: matches && Object.entries(tmpl).every(([k, v]) => labels[k] === v),
      mismatched: !matches,
    };
  }

  private apply(c: Contribution, sign: number): void {
    let t = this.totals.get(c.rs);
    if (!t) this.totals.set(c.rs, (t = { replicas: 0, ready: 0, fullyLabeled: 0, mismatched: 0 }));
    if (c.counted) t.replicas += sign;
    if (c.ready) t.ready += sign;
    if (c.labeled) t.fullyLabeled += sign;
    if (c.mismatched) t.mismatched += sign;
  }

  /** The current counts for a ReplicaSet uid. */
  of(uid: string): RsTotals {
    return this.totals.get(uid) ?? { replicas: 0, ready: 0, fullyLabeled: 0, mismatched: 0 };
  }
}
