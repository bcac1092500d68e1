/**
 * The scheduler profile of a cluster: kube-scheduler's default profile, changed by the cluster's
 * `scheduler` block (short form, or a KubeSchedulerConfiguration).
 */
import type { ClusterBody } from '../lang/ast.js';
import type { CheckedFile } from '../lang/model.js';
import type { Diagnostic } from '../lang/diagnostics.js';
import { defaultProfile, type SchedulerProfile } from '../engine/scheduler/framework/config.js';

export function schedulerProfile(body: ClusterBody, _file: CheckedFile, _errors: Diagnostic[]): SchedulerProfile {
  const profile = defaultProfile();
  for (const s of body.scheduler?.settings ?? []) {
    if (s.kind === 'disable') profile.plugins = profile.plugins.filter((p) => p.name !== s.plugin);
    else if (s.kind === 'weight') {
      const p = profile.plugins.find((x) => x.name === s.plugin);
      if (p) p.weight = s.weight;
    } else if (s.kind === 'percentage') profile.percentageOfNodesToScore = s.value;
    else if (s.kind === 'score') profile.pluginArgs[s.plugin] = { ...(profile.pluginArgs[s.plugin] ?? {}), scoringStrategy: { type: s.strategy, resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] } };
  }
  return profile;
}
