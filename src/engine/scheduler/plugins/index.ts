/** The in-tree plugins the simulation has, registered by name. */
import { Registry } from '../framework/registry.js';
import * as prioritySort from './priority-sort.js';
import * as nodeUnschedulable from './node-unschedulable.js';
import * as nodeName from './node-name.js';
import * as taintToleration from './taint-toleration.js';
import * as nodeAffinity from './node-affinity.js';
import * as nodeResourcesFit from './node-resources-fit.js';
import * as balanced from './balanced-allocation.js';
import * as imageLocality from './image-locality.js';
import * as defaultBinder from './default-binder.js';

export function inTreeRegistry(): Registry {
  return new Registry()
    .register(prioritySort.NAME, () => prioritySort.create())
    .register(nodeUnschedulable.NAME, () => nodeUnschedulable.create())
    .register(nodeName.NAME, () => nodeName.create())
    .register(taintToleration.NAME, () => taintToleration.create())
    .register(nodeAffinity.NAME, () => nodeAffinity.create())
    .register(nodeResourcesFit.NAME, (args) => nodeResourcesFit.create(args))
    .register(balanced.NAME, () => balanced.create())
    .register(imageLocality.NAME, (args, handle) => imageLocality.create(args, handle))
    .register(defaultBinder.NAME, () => defaultBinder.create());
}
