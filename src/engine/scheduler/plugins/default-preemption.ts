/**
 * DefaultPreemption (PostFilter; default_preemption.go, framework/preemption/preemption.go):
 * when no node fits, find nodes where evicting lower-priority pods lets the pod fit, pick the
 * best, then for each victim set DisruptionTarget, delete it through the apiserver and record
 * `Preempted`. The scheduler nominates the node (status.nominatedNodeName); the pod is tried
 * again when the victims are gone. With no candidate the message is a nested FitError.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { unschedulable, type PostFilterPlugin, type Status } from '../framework/interface.js';
import type { SchedulerHandle } from '../framework/handle.js';
import type { PodInfo } from '../framework/types.js';
import { fitErrorMessage } from '../messages.js';
import { pickOneNodeForPreemption, selectVictimsOnNode, type Candidate } from './preemption-victims.js';

export const NAME = 'DefaultPreemption';
export const ERR_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const ERR_POLICY_NEVER = 'not eligible due to preemptionPolicy=Never.';
export const ERR_TERMINATING_ON_NOMINATED = 'not eligible due to a terminating pod on the nominated node.';
export { ERR_NO_VICTIMS } from './preemption-victims.js';
/** DefaultPreemptionArgs defaults. */
const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** Is a pod terminating because the scheduler preempted it (podTerminatingByPreemption)? */
function terminatingByPreemption(p: PodInfo): boolean {
  const pod = p.pod as any;
  return !!pod.metadata.deletionTimestamp && ((pod.status?.conditions ?? []) as any[]).some((c) => c.type === 'DisruptionTarget' && c.reason === 'PreemptionByScheduler');
}

export function create(rawArgs: Record<string, unknown> | undefined, handle: SchedulerHandle): PostFilterPlugin {
  const pct = (rawArgs?.minCandidateNodesPercentage as number | undefined) ?? MIN_CANDIDATE_NODES_PERCENTAGE;
  const abs = (rawArgs?.minCandidateNodesAbsolute as number | undefined) ?? MIN_CANDIDATE_NODES_ABSOLUTE;

  /** PodEligibleToPreemptOthers: an empty string when eligible. */
  const ineligible = (pod: PodInfo, filtered: ReadonlyMap<string, Status>): string => {
    const spec = (pod.pod as any).spec ?? {};
    if (spec.preemptionPolicy === 'Never') return ERR_POLICY_NEVER;
    const nominated = (pod.pod as any).status?.nominatedNodeName as string | undefined;
    if (!nominated || filtered.get(nominated)?.code === 'UnschedulableAndUnresolvable') return '';
    const info = handle.node(nominated);
    for (const p of info?.pods.values() ?? []) if (p.priority < pod.priority && terminatingByPreemption(p)) return ERR_TERMINATING_ON_NOMINATED;
    return '';
  };

  /** Evict the victims: DisruptionTarget, delete, then the Preempted event (prepareCandidate). */
  const prepare = (pod: PodInfo, c: Candidate) => {
    const client = handle.client;
    if (!client) return;
    for (const v of c.victims) {
      const victim = v.pod as any;
      const ns = victim.metadata.namespace;
      const name = victim.metadata.name;
      const condition = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: handle.timestamp(), reason: 'PreemptionByScheduler', message: `${handle.schedulerName}: preempting to accommodate a higher priority pod` };
      const conditions = [...((victim.status?.conditions ?? []) as any[]).filter((x) => x.type !== 'DisruptionTarget'), condition];
      client.request({ verb: 'status', resource: 'pods', namespace: ns, name, body: { status: { conditions } }, attrs: { reason: 'PreemptionByScheduler' }, label: `PATCH pods/${name}/status DisruptionTarget=True (PreemptionByScheduler)` }, () => {
        client.request({ verb: 'delete', resource: 'pods', namespace: ns, name, attrs: { reason: 'Preempted' } }, () => {
          client.event({ involved: victim, type: 'Normal', reason: 'Preempted', message: `Preempted by pod ${pod.pod.metadata.uid} on node ${c.node}`, action: 'Preempting' });
        });
      });
    }
    // Lower-priority pods nominated to this node may no longer fit there: their nomination is
    // cleared (getLowerPriorityNominatedPods, ClearNominatedNodeName).
    for (const p of handle.nominatedPodsForNode?.(c.node) ?? []) {
      if (p.priority >= pod.priority) continue;
      const { namespace, name } = p.pod.metadata;
      client.request({ verb: 'status', resource: 'pods', namespace, name, body: { status: { nominatedNodeName: null } }, attrs: { nominatedNodeName: '' }, label: `PATCH pods/${name}/status nominatedNodeName=null` });
    }
  };

  return {
    name: NAME,
    postFilter(state, pod, filtered) {
      const why = ineligible(pod, filtered);
      if (why) return { status: unschedulable(`preemption: ${why}`) };
      const all = handle.nodes();
      // Only nodes that failed with Unschedulable (not …AndUnresolvable) may be helped.
      const potential = all.filter((n) => filtered.get(n.name)?.code === 'Unschedulable');
      const statuses = new Map<string, Status>();
      const candidates: Candidate[] = [];
      if (potential.length) {
        const offset = handle.rng.int(potential.length);
        const want = Math.min(potential.length, Math.max(Math.floor((potential.length * pct) / 100), abs));
        for (let i = 0; i < potential.length && candidates.length < want; i++) {
          const node = potential[(offset + i) % potential.length]!;
          const r = selectVictimsOnNode(handle, state.clone(), pod, node.clone());
          if ('victims' in r && r.victims.length) candidates.push({ node: node.name, victims: r.victims, numPDBViolations: 0 });
          else if ('status' in r) statuses.set(node.name, r.status);
        }
      }
      const best = pickOneNodeForPreemption(candidates);
      if (!best) {
        // The nested FitError: nodes never tried are not helped by preemption.
        for (const n of all) if (!statuses.has(n.name)) statuses.set(n.name, { code: 'UnschedulableAndUnresolvable', reasons: [ERR_NOT_HELPFUL] });
        return { status: unschedulable(`preemption: ${fitErrorMessage(all.length, statuses)}`), nominatedNode: '' };
      }
      prepare(pod, best);
      return { status: { code: 'Success', reasons: [] }, nominatedNode: best.node, victims: best.victims };
    },
  } satisfies PostFilterPlugin;
}
