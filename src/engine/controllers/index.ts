/** The controllers kube-controller-manager runs in the simulation, in start order. */
import type { Controller } from './controller.js';
import { DeploymentController } from './deployment.js';
import { ReplicaSetController } from './replicaset.js';
import { NodeLifecycleController } from './node-lifecycle.js';
import { TaintEvictionController } from './taint-eviction.js';
import { GarbageCollector } from './garbage-collector.js';
import { EndpointSliceController } from './endpointslice.js';
import { EndpointsController } from './endpoints.js';
import { NamespaceController } from './namespace.js';
import { PodGCController } from './podgc.js';
import { StatefulSetController } from './statefulset.js';
import { DaemonSetController } from './daemonset.js';
import { JobController } from './job.js';
import { TtlAfterFinishedController } from './ttl-after-finished.js';
import { CronJobController } from './cronjob.js';
import { ServiceAccountsController } from './serviceaccount.js';
import { RootCACertPublisher } from './root-ca-publisher.js';
import { DisruptionController } from './disruption.js';

/** Every controller (one file each), fresh instances for one cluster. */
export function defaultControllers(): Controller[] {
  return [new DeploymentController(), new ReplicaSetController(), new StatefulSetController(), new DaemonSetController(), new NodeLifecycleController(), new TaintEvictionController(), new EndpointSliceController(), new EndpointsController(), new GarbageCollector(), new NamespaceController(), new PodGCController(), new JobController(), new CronJobController(), new TtlAfterFinishedController(), new ServiceAccountsController(), new RootCACertPublisher(), new DisruptionController()];
}
