/**
 * The scheduler profile: which plugins run, with which weights and args — the default
 * profile of kube-scheduler (apis/config/v1/default_plugins.go) adjusted by the scenario's
 * `scheduler` block or KubeSchedulerConfiguration (see load-config.ts).
 */
import type { ExtensionPoint } from './interface.js';

export interface PluginSetting {
  name: string;
  /** Score weight (only for plugins that score). */
  weight?: number;
  /** Only at these extension points (a plugin enabled at one point only); undefined = every point it implements. */
  points?: ExtensionPoint[];
  /** Not at these extension points (`score.disabled` of a multi-point plugin). */
  disabled?: ExtensionPoint[];
}

export interface SchedulerProfile {
  schedulerName: string;
  /** Plugins in the default order (MultiPoint expansion). */
  plugins: PluginSetting[];
  /** pluginConfig args by plugin name, e.g. NodeResourcesFit → { scoringStrategy: … }. */
  pluginArgs: Record<string, Record<string, unknown>>;
  /** 0 = adaptive (50 − nodes/125, at least 5). */
  percentageOfNodesToScore: number;
}

/** Does the profile run `setting`'s plugin at `point`? */
export function enabledAt(setting: PluginSetting, point: ExtensionPoint): boolean {
  return (!setting.points || setting.points.includes(point)) && !setting.disabled?.includes(point);
}

/**
 * The default MultiPoint list with score weights (1.31+). Volume plugins, SchedulingGates and
 * DynamicResources are left out: the simulation has no volumes, gates or resource claims.
 */
export function defaultProfile(): SchedulerProfile {
  return {
    schedulerName: 'default-scheduler',
    plugins: [
      { name: 'PrioritySort' },
      { name: 'NodeUnschedulable' },
      { name: 'NodeName' },
      { name: 'TaintToleration', weight: 3 },
      { name: 'NodeAffinity', weight: 2 },
      { name: 'NodePorts' },
      { name: 'NodeResourcesFit', weight: 1 },
      { name: 'PodTopologySpread', weight: 2 },
      { name: 'InterPodAffinity', weight: 2 },
      { name: 'DynamicResources' },
      { name: 'DefaultPreemption' },
      { name: 'NodeResourcesBalancedAllocation', weight: 1 },
      { name: 'ImageLocality', weight: 1 },
      { name: 'DefaultBinder' },
    ],
    pluginArgs: {},
    percentageOfNodesToScore: 0,
  };
}
