/**
 * QueueingHints of the plugins whose interest in pod events depends on the pod that changed
 * (interpodaffinity/plugin.go and podtopologyspread/plugin.go isSchedulableAfterPodChange):
 * given an unschedulable pod and an assigned pod that was added, relabelled or deleted (or the
 * pod's own update), may the change make it schedulable? Plugins without a hint here are
 * trusted on the event alone.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { PodInfo } from './framework/types.js';
import { matchLabelSelector } from '../apiserver/selector.js';
import { termMatches, termsOf, type AffinityTerm } from './plugins/affinity-terms.js';
import { constraintsOf } from './plugins/topology-constraints.js';
import type { SchedulerHandle } from './framework/handle.js';

/** The pod objects of a pod event: `old` for a delete, `new` for an add, both for an update. */
export interface PodChange {
  old?: KubeObject;
  new?: KubeObject;
}

const assigned = (p: KubeObject | undefined) => !p || !!(p as any).spec?.nodeName;

/** podMatchesAllAffinityTerms: false without terms; the namespace selector sees no labels. */
function matchesAll(terms: AffinityTerm[], pod: KubeObject): boolean {
  return terms.length > 0 && terms.every((t) => termMatches(t, pod, () => ({})));
}

function interPodAffinity(target: PodInfo, c: PodChange): boolean {
  if (!assigned(c.old) || !assigned(c.new)) return false;
  const { requiredAffinity: terms, requiredAntiAffinity: anti } = termsOf(target.pod);
  if (c.old && c.new) return (!matchesAll(terms, c.old) && matchesAll(terms, c.new)) || (matchesAll(anti, c.old) && !matchesAll(anti, c.new));
  if (c.new) return matchesAll(terms, c.new);
  return matchesAll(anti, c.old!);
}

function podTopologySpread(target: PodInfo, c: PodChange, handle: SchedulerHandle): boolean {
  const involved = (p: KubeObject | undefined) => !p || p.metadata.uid === target.pod.metadata.uid || (assigned(p) && p.metadata.namespace === target.pod.metadata.namespace);
  if (!involved(c.old) || !involved(c.new)) return false;
  const { constraints } = constraintsOf(target, 'DoNotSchedule', { defaultingType: 'List', defaultConstraints: [] }, handle);
  const matches = (sel: unknown, p: KubeObject) => matchLabelSelector(sel, p.metadata.labels ?? {});
  if (c.old && c.new) {
    const own = c.new.metadata.uid === target.pod.metadata.uid;
    if (own && JSON.stringify((c.old as any).spec?.tolerations ?? []) !== JSON.stringify((c.new as any).spec?.tolerations ?? []) && constraints.some((x) => x.nodeTaintsPolicy === 'Honor')) return true;
    return constraints.some((x) => matches(x.selector, c.old!) !== matches(x.selector, c.new!));
  }
  const p = (c.new ?? c.old)!;
  return constraints.some((x) => matches(x.selector, p));
}

/** Does `plugin`'s hint say the change may help `target`? */
export function podEventHint(plugin: string, target: PodInfo, change: PodChange, handle: SchedulerHandle): boolean {
  if (plugin === 'InterPodAffinity') return interPodAffinity(target, change);
  if (plugin === 'PodTopologySpread') return podTopologySpread(target, change, handle);
  return true;
}
