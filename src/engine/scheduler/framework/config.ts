/**
 * The scheduler profile: which plugins run, with which weights and args — the default
 * profile of kube-scheduler (apis/config/v1/default_plugins.go) adjusted by the scenario's
 * `scheduler` block or KubeSchedulerConfiguration.
 */

export interface PluginSetting {
  name: string;
  /** Score weight (only for plugins that score). */
  weight?: number;
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

/**
 * The default MultiPoint list with score weights (1.31+). Volume plugins and DynamicResources are
 * left out: the simulation has no volumes or resource claims.
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
      { name: 'DefaultPreemption' },
      { name: 'NodeResourcesBalancedAllocation', weight: 1 },
      { name: 'ImageLocality', weight: 1 },
      { name: 'DefaultBinder' },
    ],
    pluginArgs: {},
    percentageOfNodesToScore: 0,
  };
}
