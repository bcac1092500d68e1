/**
 * QueueingHints (each plugin's isSchedulableAfterPodChange / isSchedulableAfterNodeChange): given
 * an unschedulable pod and the object that changed — an assigned pod added, relabelled or
 * deleted, the pod's own update, or a node added, changed or deleted — may the change make it
 * schedulable for that plugin? Plugins without a hint here are trusted on the event alone.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import { NodeInfo, type PodInfo } from './framework/types.js';
import { matchLabelSelector } from '../apiserver/selector.js';
import { termMatches, termsOf, type AffinityTerm } from './plugins/affinity-terms.js';
import { constraintsOf, hasAllKeys } from './plugins/topology-constraints.js';
import { matchesAddedAffinity, matchesRequiredNodeAffinity } from './plugins/node-affinity.js';
import { tolerates, type Taint } from './plugins/taint-toleration.js';
import { fitsRequest } from './plugins/node-resources-fit.js';
import type { SchedulerHandle } from './framework/handle.js';

/** The objects of a pod or node event: `old` for a delete, `new` for an add, both for an update. */
export interface PodChange {
  old?: KubeObject;
  new?: KubeObject;
}
export type NodeChange = PodChange;

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

/** Does the node have a NoSchedule/NoExecute taint the pod does not tolerate? */
function untolerated(pod: KubeObject, node: KubeObject): boolean {
  const tols = (pod as any).spec?.tolerations ?? [];
  return (((node as any).spec?.taints ?? []) as Taint[]).some((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tols, t));
}

/** haveAnyRequestedResourcesIncreased: more pods allowed, or more of a resource the pod asks for. */
function requestedResourcesIncreased(pod: PodInfo, before: NodeInfo, after: NodeInfo): boolean {
  const a = before.allocatable;
  const b = after.allocatable;
  const q = pod.requests;
  if (b.pods > a.pods) return true;
  if ((q.milliCpu > 0 && b.milliCpu > a.milliCpu) || (q.memory > 0 && b.memory > a.memory) || (q.ephemeralStorage > 0 && b.ephemeralStorage > a.ephemeralStorage)) return true;
  for (const [k, v] of q.scalar) if (v > 0 && (b.scalar.get(k) ?? 0) > (a.scalar.get(k) ?? 0)) return true;
  return false;
}

/** Does `plugin`'s hint say the node change may help `target`? */
export function nodeEventHint(plugin: string, target: PodInfo, change: NodeChange, handle: SchedulerHandle, pluginArgs: Record<string, Record<string, unknown>> = {}): boolean {
  const before = change.old && new NodeInfo(change.old);
  const after = change.new && new NodeInfo(change.new);
  switch (plugin) {
    case 'NodeResourcesFit':
      // The pod must fit the changed node when empty; an update must also add room.
      if (!after || fitsRequest(target, after)) return false;
      return !before || requestedResourcesIncreased(target, before, after);
    case 'TaintToleration':
      return !!after && (!change.old || untolerated(target.pod, change.old)) && !untolerated(target.pod, change.new!);
    case 'NodeAffinity':
      // As upstream: the added (scheduler-enforced) affinity must match the changed node, and an
      // update counts only if the pod's own affinity did not match before.
      if (!after || !matchesAddedAffinity(pluginArgs.NodeAffinity?.addedAffinity, after)) return false;
      return matchesRequiredNodeAffinity(target.pod, after) && (!before || !matchesRequiredNodeAffinity(target.pod, before));
    case 'NodeUnschedulable':
      return !!after && !after.unschedulable && (!before || before.unschedulable);
    case 'PodTopologySpread': {
      const { constraints } = constraintsOf(target, 'DoNotSchedule', { defaultingType: 'List', defaultConstraints: [] }, handle);
      const was = !!before && hasAllKeys(before, constraints);
      const is = !!after && hasAllKeys(after, constraints);
      if (before && after) {
        if (was !== is) return true;
        const keysChanged = constraints.some((c) => before.labels[c.topologyKey] !== after.labels[c.topologyKey]);
        return is && (keysChanged || JSON.stringify(before.taints) !== JSON.stringify(after.taints));
      }
      return after ? is : was;
    }
    case 'InterPodAffinity': {
      if (!after) return true;
      const { requiredAffinity, requiredAntiAffinity } = termsOf(target.pod);
      return [...requiredAffinity, ...requiredAntiAffinity].some((t) => after.labels[t.topologyKey] !== undefined);
    }
    default:
      return true;
  }
}
