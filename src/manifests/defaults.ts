/**
 * Defaulting as the apiserver applies it on create (pkg/apis/core/v1/defaults.go,
 * pkg/apis/apps/v1/defaults.go), for the fields the simulation reads or shows. Fields the user
 * gave are kept as given; unknown fields are kept untouched.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../trace/types.js';
import { defaultConfigObject } from './config-objects.js';

type Obj = Record<string, any>;

/** Default a pod spec (also used for templates of Deployments and ReplicaSets). */
export function defaultPodSpec(spec: Obj): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  spec.serviceAccountName ??= 'default';
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Obj[]) {
    if (!c || typeof c !== 'object') continue;
    c.imagePullPolicy ??= defaultPullPolicy(c.image);
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    c.resources ??= {};
    // Limits without requests: requests default to the limits.
    if (c.resources.limits && typeof c.resources.limits === 'object') {
      c.resources.requests ??= {};
      for (const [k, v] of Object.entries(c.resources.limits)) c.resources.requests[k] ??= v;
    }
    for (const p of (c.ports ?? []) as Obj[]) if (p && typeof p === 'object') p.protocol ??= 'TCP';
  }
}

/** `Always` for `:latest` or no tag, else `IfNotPresent` (core/v1 SetDefaults_Container). */
export function defaultPullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : '';
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** `busybox` → `busybox:latest` (the kubelet's applyDefaultImageTag). */
export function imageWithTag(image: string): string {
  if (image.includes('@')) return image;
  const last = image.slice(image.lastIndexOf('/') + 1);
  return last.includes(':') ? image : `${image}:latest`;
}

/** Apply the defaults of an object's kind in place. */
export function applyDefaults(obj: KubeObject): void {
  const o = obj as Obj;
  switch (obj.kind) {
    case 'Pod':
      o.spec ??= {};
      defaultPodSpec(o.spec);
      o.status ??= { phase: 'Pending', qosClass: qosClass(o.spec) };
      o.status.phase ??= 'Pending';
      break;
    case 'Deployment': {
      o.spec ??= {};
      const s = o.spec;
      s.replicas ??= 1;
      s.revisionHistoryLimit ??= 10;
      s.progressDeadlineSeconds ??= 600;
      s.strategy ??= {};
      if (!s.strategy.type) s.strategy.type = 'RollingUpdate';
      if (s.strategy.type === 'RollingUpdate') {
        s.strategy.rollingUpdate ??= {};
        s.strategy.rollingUpdate.maxUnavailable ??= '25%';
        s.strategy.rollingUpdate.maxSurge ??= '25%';
      }
      s.template ??= {};
      s.template.spec ??= {};
      defaultPodSpec(s.template.spec);
      o.metadata.generation = 1;
      break;
    }
    case 'ReplicaSet':
      o.spec ??= {};
      o.spec.replicas ??= 1;
      o.spec.template ??= {};
      o.spec.template.spec ??= {};
      defaultPodSpec(o.spec.template.spec);
      o.metadata.generation = 1;
      break;
    case 'Job':
      o.spec ??= {};
      defaultJobSpec(o.spec);
      o.metadata.generation = 1;
      break;
    case 'CronJob': {
      // SetDefaults_CronJob (pkg/apis/batch/v1/defaults.go).
      o.spec ??= {};
      const s = o.spec;
      s.concurrencyPolicy ??= 'Allow';
      s.suspend ??= false;
      s.successfulJobsHistoryLimit ??= 3;
      s.failedJobsHistoryLimit ??= 1;
      s.jobTemplate ??= {};
      s.jobTemplate.spec ??= {};
      s.jobTemplate.spec.template ??= {};
      s.jobTemplate.spec.template.spec ??= {};
      defaultPodSpec(s.jobTemplate.spec.template.spec);
      o.metadata.generation = 1;
      break;
    }
    case 'StatefulSet': {
      // SetDefaults_StatefulSet (pkg/apis/apps/v1/defaults.go); the PVC retention policy is
      // defaulted since StatefulSetAutoDeletePVC is on by default.
      o.spec ??= {};
      const s = o.spec;
      s.podManagementPolicy ??= 'OrderedReady';
      s.updateStrategy ??= {};
      s.updateStrategy.type ??= 'RollingUpdate';
      if (s.updateStrategy.type === 'RollingUpdate') {
        s.updateStrategy.rollingUpdate ??= {};
        s.updateStrategy.rollingUpdate.partition ??= 0;
      }
      s.replicas ??= 1;
      s.revisionHistoryLimit ??= 10;
      s.persistentVolumeClaimRetentionPolicy ??= {};
      s.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
      s.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
      s.template ??= {};
      s.template.spec ??= {};
      defaultPodSpec(s.template.spec);
      o.metadata.generation = 1;
      break;
    }
    case 'DaemonSet': {
      // SetDefaults_DaemonSet (pkg/apis/apps/v1/defaults.go).
      o.spec ??= {};
      const s = o.spec;
      s.updateStrategy ??= {};
      s.updateStrategy.type ??= 'RollingUpdate';
      if (s.updateStrategy.type === 'RollingUpdate') {
        s.updateStrategy.rollingUpdate ??= {};
        s.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
        s.updateStrategy.rollingUpdate.maxSurge ??= 0;
      }
      s.revisionHistoryLimit ??= 10;
      s.template ??= {};
      s.template.spec ??= {};
      defaultPodSpec(s.template.spec);
      o.metadata.generation = 1;
      break;
    }
    case 'Service': {
      o.spec ??= {};
      o.spec.type ??= 'ClusterIP';
      o.spec.sessionAffinity ??= 'None';
      // SetDefaults_Service (pkg/apis/core/v1/defaults.go): the traffic policies.
      if (o.spec.type !== 'ExternalName') o.spec.internalTrafficPolicy ??= 'Cluster';
      if (o.spec.type === 'NodePort' || o.spec.type === 'LoadBalancer') o.spec.externalTrafficPolicy ??= 'Cluster';
      for (const p of (o.spec.ports ?? []) as Obj[]) {
        if (!p || typeof p !== 'object') continue;
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
      break;
    }
    case 'Namespace':
      // The namespace strategy sets the `kubernetes` finalizer on every new namespace.
      o.spec = { ...(o.spec ?? {}), finalizers: ['kubernetes'] };
      o.status ??= { phase: 'Active' };
      o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name };
      break;
    case 'PriorityClass':
      o.preemptionPolicy ??= 'PreemptLowerPriority';
      break;
    case 'Secret':
      defaultConfigObject(obj);
      break;
    case 'PodDisruptionBudget':
      o.metadata.generation = 1;
      break;
  }
}

/**
 * SetDefaults_Job (pkg/apis/batch/v1/defaults.go): completions and parallelism 1 when neither is
 * given (parallelism 1 when only it is missing), backoffLimit 6, completionMode NonIndexed,
 * suspend false, podReplacementPolicy TerminatingOrFailed (Failed with a podFailurePolicy),
 * and the pod template's defaults.
 */
export function defaultJobSpec(s: Obj): void {
  if (s.completions === undefined && s.parallelism === undefined) {
    s.completions = 1;
    s.parallelism = 1;
  }
  s.parallelism ??= 1;
  s.backoffLimit ??= s.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  s.completionMode ??= 'NonIndexed';
  s.suspend ??= false;
  s.podReplacementPolicy ??= s.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  s.template ??= {};
  s.template.spec ??= {};
  defaultPodSpec(s.template.spec);
}

/** Guaranteed, Burstable or BestEffort (pkg/apis/core/helper/qos). */
export function qosClass(spec: Obj): string {
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Obj[];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
