/** The in-tree plugins the simulation has, registered by name (runtime/registry.go NewInTreeRegistry). */
import { Registry } from '../framework/registry.js';
import * as prioritySort from './priority-sort.js';
import * as nodeUnschedulable from './node-unschedulable.js';
import * as nodeName from './node-name.js';
import * as taintToleration from './taint-toleration.js';
import * as nodeAffinity from './node-affinity.js';
import * as nodePorts from './node-ports.js';
import * as nodeResourcesFit from './node-resources-fit.js';
import * as podTopologySpread from './pod-topology-spread.js';
import * as interPodAffinity from './inter-pod-affinity.js';
import * as dynamicResources from './dynamic-resources.js';
import * as defaultPreemption from './default-preemption.js';
import * as balanced from './balanced-allocation.js';
import * as imageLocality from './image-locality.js';
import * as defaultBinder from './default-binder.js';

export function inTreeRegistry(): Registry {
  return new Registry()
    .register(prioritySort.NAME, () => prioritySort.create())
    .register(nodeUnschedulable.NAME, () => nodeUnschedulable.create())
    .register(nodeName.NAME, () => nodeName.create())
    .register(taintToleration.NAME, () => taintToleration.create())
    .register(nodeAffinity.NAME, (args) => nodeAffinity.create(args))
    .register(nodePorts.NAME, () => nodePorts.create())
    .register(nodeResourcesFit.NAME, (args) => nodeResourcesFit.create(args))
    .register(podTopologySpread.NAME, (args, handle) => podTopologySpread.create(args, handle))
    .register(interPodAffinity.NAME, (args, handle) => interPodAffinity.create(args, handle))
    .register(dynamicResources.NAME, () => dynamicResources.create())
    .register(defaultPreemption.NAME, (args, handle) => defaultPreemption.create(args, handle))
    .register(balanced.NAME, () => balanced.create())
    .register(imageLocality.NAME, (args, handle) => imageLocality.create(args, handle))
    .register(defaultBinder.NAME, () => defaultBinder.create());
}

/** Every plugin name the simulation runs, in the default order. */
export const SIMULATED_PLUGINS: readonly string[] = inTreeRegistry().names();

/**
 * Upstream plugins the simulation leaves out (no volumes, resource claims or scheduling gates):
 * a configuration may name them; they are accepted and ignored.
 */
export const NOT_SIMULATED_PLUGINS: readonly string[] = [
  'SchedulingGates', 'VolumeRestrictions', 'NodeVolumeLimits', 'VolumeBinding', 'VolumeZone',
  'EBSLimits', 'GCEPDLimits', 'AzureDiskLimits', 'CinderLimits', 'SelectorSpread',
];
