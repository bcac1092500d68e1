// To add an entry: append one line to KINDS, POD_FIELDS or KUBECTL below (support 'simulated' once its behaviour runs, with a test); docs/simulated.md follows (UPDATE_GOLDEN=1 npx vitest run test/docs/simulated.test.ts).
/**
 * What kscn simulates, in one place (LANGUAGE.md §12.1): the manifest kinds the simulated
 * apiserver serves, the pod-spec fields whose behaviour runs, and the kubectl commands and flags
 * — each **simulated** (its behaviour runs), **stored only** (accepted and stored, nothing acts on
 * it; no expectation can tell it from the real thing) or **refused** (an error of `kscn check`,
 * with what to write instead). `kscn check` reads these tables, and docs/simulated.md is generated
 * from them, so the two cannot drift; tests keep the tables in step with the apiserver's served
 * resources and the kubectl parser.
 *
 * This module imports nothing: every layer may read it.
 */

export type Support = 'simulated' | 'stored' | 'refused';

export interface KindEntry {
  /** `v1`, `apps/v1`, `batch/v1` … */
  apiVersion: string;
  kind: string;
  support: Support;
  /** What happens to it (simulated, stored) or why it is refused. */
  what: string;
  /** For a refused kind: what to write instead (the diagnostic's hint). */
  instead?: string;
  /** Where pod specs sit in its objects, checked against POD_FIELDS (`spec`, `spec.template.spec` …). */
  podSpecs?: string[];
}

export interface FieldEntry {
  /** Path in a pod spec; `containers[]` stands for every container and init container. */
  path: string;
  support: Support;
  what: string;
  instead?: string;
}

export interface CommandEntry {
  /** `run`, `create deployment`, `rollout status` … */
  command: string;
  support: Support;
  /** Simulated flags, long form (`--image`, `--namespace`; the short forms `-n -l -f -o` are SHORT_FLAGS). */
  flags?: string[];
  what: string;
  instead?: string;
}

const POD = ['spec'];
const TEMPLATE = ['spec.template.spec'];

export const KINDS: KindEntry[] = [
  { apiVersion: 'v1', kind: 'Pod', support: 'simulated', podSpecs: POD, what: 'scheduled by kube-scheduler, run by the kubelet (sandbox, CNI, image pull, containers, restarts and back-off), deleted gracefully' },
  { apiVersion: 'v1', kind: 'Node', support: 'simulated', what: 'registered by its kubelet; heartbeats, Ready condition, taints and cordon, node-lifecycle (NotReady, eviction taints)' },
  { apiVersion: 'v1', kind: 'Namespace', support: 'simulated', what: 'created, and deleted by the namespace controller (Terminating, its content deleted, then the namespace)' },
  { apiVersion: 'v1', kind: 'Service', support: 'simulated', what: 'a ClusterIP; the EndpointSlice controller tracks its ready pods; kube-proxy programs iptables rules on every node' },
  { apiVersion: 'v1', kind: 'Endpoints', support: 'stored', what: 'served and stored; the simulated controllers write EndpointSlices, not Endpoints' },
  { apiVersion: 'v1', kind: 'Event', support: 'simulated', what: 'written by the components (Scheduled, Pulling, BackOff …); one applied by hand is stored' },
  { apiVersion: 'apps/v1', kind: 'Deployment', support: 'simulated', podSpecs: TEMPLATE, what: 'the deployment controller: ReplicaSets per template, rolling updates (maxSurge, maxUnavailable), scaling, revision history, progress deadline' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', support: 'simulated', podSpecs: TEMPLATE, what: 'the replicaset controller creates and deletes pods to match replicas, adopts and releases by labels' },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', support: 'simulated', what: "written by the EndpointSlice controller from a Service's ready pods" },
  { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', support: 'simulated', what: "each kubelet renews its node's Lease (the heartbeat node-lifecycle watches)" },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', support: 'simulated', podSpecs: TEMPLATE, what: 'the statefulset controller: ordered pods NAME-0…N-1, rolling updates, ControllerRevisions' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', support: 'simulated', podSpecs: TEMPLATE, what: 'the daemonset controller: one pod per eligible node, rolling updates, ControllerRevisions' },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision', support: 'simulated', what: 'written by the StatefulSet and DaemonSet controllers (rollout history and undo)' },
  { apiVersion: 'batch/v1', kind: 'Job', support: 'simulated', podSpecs: TEMPLATE, what: 'the job controller: pods up to parallelism until completions succeeded, back-off, backoffLimit, activeDeadlineSeconds, podFailurePolicy, ttlSecondsAfterFinished' },
  { apiVersion: 'batch/v1', kind: 'CronJob', support: 'simulated', podSpecs: ['spec.jobTemplate.spec.template.spec'], what: 'the cronjob controller creates Jobs at its schedule in simulated time (timeZone, concurrencyPolicy, startingDeadlineSeconds, suspend, history limits)' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'IPAddress', support: 'simulated', what: 'the allocator records each Service ClusterIP' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', support: 'simulated', what: 'the range Service ClusterIPs are allocated from' },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', support: 'simulated', what: 'admission sets pod priority from it; the scheduler orders its queue and preempts by it' },
  { apiVersion: 'v1', kind: 'ConfigMap', support: 'simulated', what: 'read by the kubelet before a container starts (configMap and projected volumes, envFrom, env valueFrom): a missing one keeps the pod in ContainerCreating (FailedMount) or CreateContainerConfigError until it appears; kube-root-ca.crt published in every namespace' },
  { apiVersion: 'v1', kind: 'Secret', support: 'simulated', what: 'read by the kubelet like ConfigMaps (secret volumes, envFrom, secretKeyRef); stringData is merged into data' },
  { apiVersion: 'v1', kind: 'ServiceAccount', support: 'simulated', what: 'the serviceaccount controller makes `default` in every namespace; the ServiceAccount admission plugin refuses a pod whose account does not exist and adds the kube-api-access-… token volume (its RBAC is not simulated: users are declared in the cluster block)' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', support: 'simulated', what: 'the disruption controller writes its status (disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods; minAvailable and maxUnavailable, numbers or percentages); the Eviction API refuses an eviction it does not allow with 429, and kubectl drain retries every 5 s (unhealthyPodEvictionPolicy is not simulated)' },
  // Custom resources: applying a CustomResourceDefinition makes its kind served (see LANGUAGE.md §12.1).
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', support: 'simulated', what: 'validated and stored; the apiserver then serves its kind (stored under /registry/GROUP/PLURAL, listed, watched, reachable with kubectl by plural, singular, kind and short names); NamesAccepted and Established are set as the apiextensions controllers do; deleting it deletes its custom resources. A custom resource is checked against the type, required, enum and declared fields of its schema (strict field validation); formats, ranges, patterns and CEL rules are not checked, nothing is defaulted, no controller acts on custom resources and versions are not converted' },
  // Known Kubernetes kinds kscn does not serve yet.
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', support: 'refused', what: 'not served: no volumes, no storage provisioning', instead: 'leave storage out; the simulated kubelet mounts no volumes' },
  { apiVersion: 'v1', kind: 'PersistentVolume', support: 'refused', what: 'not served: no volumes, no storage provisioning', instead: 'leave storage out; the simulated kubelet mounts no volumes' },
  { apiVersion: 'v1', kind: 'ReplicationController', support: 'refused', what: 'not served (superseded by ReplicaSet)', instead: 'use a ReplicaSet or a Deployment (apps/v1)' },
  { apiVersion: 'v1', kind: 'ResourceQuota', support: 'refused', what: 'not served: no quota admission', instead: 'leave it out; give nodes the capacity you want: node worker-1 { cpu 4; memory 8Gi }' },
  { apiVersion: 'v1', kind: 'LimitRange', support: 'refused', what: 'not served: no LimitRanger admission', instead: 'write resources.requests in each container' },
  { apiVersion: 'v1', kind: 'PodTemplate', support: 'refused', what: 'not served', instead: 'write the pod template in a Deployment' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', support: 'refused', what: 'not served: no metrics pipeline, no autoscaler', instead: 'scale by hand: kubectl scale deployment NAME --replicas=N' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', support: 'refused', what: 'not served: no ingress controller', instead: 'a Service' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', support: 'refused', what: 'not served: no ingress controller', instead: 'a Service' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', support: 'refused', what: 'not served: the simulated network has no policy', instead: 'leave it out; every pod reaches every pod' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', support: 'refused', what: 'not served: RBAC rules are declared in the cluster block', instead: 'user alice { allow get,list on pods in team-a } in the cluster' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', support: 'refused', what: 'not served: RBAC rules are declared in the cluster block', instead: 'user alice { allow get,list on pods in team-a } in the cluster' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', support: 'refused', what: 'not served: RBAC rules are declared in the cluster block', instead: 'user alice { allow get,list on pods } in the cluster' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', support: 'refused', what: 'not served: RBAC rules are declared in the cluster block', instead: 'user alice { allow get,list on pods } in the cluster' },
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', support: 'refused', what: 'not served: no storage provisioning', instead: 'leave storage out' },
  { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', support: 'refused', what: 'not served: one container runtime (containerd) per node', instead: 'leave it out' },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', support: 'refused', what: 'not served: no admission webhooks', instead: 'leave it out' },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', support: 'refused', what: 'not served: no admission webhooks', instead: 'leave it out' },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', support: 'refused', what: 'not served: no admission policies', instead: 'leave it out' },
];

export const POD_FIELDS: FieldEntry[] = [
  { path: 'containers', support: 'simulated', what: 'each runs in the runtime: image pull, create, start, exit, restart' },
  { path: 'initContainers', support: 'simulated', what: 'run one after another to completion before the containers' },
  { path: 'ephemeralContainers', support: 'refused', what: 'not simulated (kubectl debug)', instead: 'leave them out' },
  { path: 'restartPolicy', support: 'simulated', what: 'Always, OnFailure, Never decide restarts, with CrashLoopBackOff back-off' },
  { path: 'terminationGracePeriodSeconds', support: 'simulated', what: 'how long a deleted pod stays Terminating' },
  { path: 'activeDeadlineSeconds', support: 'refused', what: 'the kubelet does not enforce it', instead: 'delete the pod at a time: at 10m { kubectl delete pod NAME }' },
  { path: 'dnsPolicy', support: 'simulated', what: "the sandbox's DNS config (ClusterFirst, Default, None)" },
  { path: 'dnsConfig', support: 'simulated', what: "added to the sandbox's DNS config" },
  { path: 'nodeSelector', support: 'simulated', what: 'the scheduler filters nodes by their labels (NodeAffinity)' },
  { path: 'nodeName', support: 'simulated', what: 'bound to that node without the scheduler' },
  { path: 'serviceAccountName', support: 'simulated', what: 'the account must exist (ServiceAccount admission); `default` when left out' },
  { path: 'serviceAccount', support: 'stored', what: 'stored (the deprecated alias; write serviceAccountName)' },
  { path: 'automountServiceAccountToken', support: 'simulated', what: 'false: admission adds no kube-api-access-… token volume' },
  { path: 'hostNetwork', support: 'simulated', what: "the pod takes the node's IP; no CNI ADD; host ports" },
  { path: 'hostPID', support: 'stored', what: 'stored; no processes are simulated' },
  { path: 'hostIPC', support: 'stored', what: 'stored; no processes are simulated' },
  { path: 'shareProcessNamespace', support: 'stored', what: 'stored; no processes are simulated' },
  { path: 'securityContext', support: 'stored', what: 'stored; no users, groups or kernel features are simulated' },
  { path: 'imagePullSecrets', support: 'stored', what: 'stored; every image pull is allowed (use `image REF fails to pull` for a failing one)' },
  { path: 'hostname', support: 'stored', what: 'stored; DNS records of pods are not simulated' },
  { path: 'subdomain', support: 'stored', what: 'stored; DNS records of pods are not simulated' },
  { path: 'setHostnameAsFQDN', support: 'stored', what: 'stored' },
  { path: 'affinity', support: 'simulated', what: 'node affinity, pod affinity and anti-affinity: the scheduler filters and scores by them' },
  { path: 'schedulerName', support: 'simulated', what: 'the pod is scheduled by the profile of that name, or waits' },
  { path: 'tolerations', support: 'simulated', what: 'TaintToleration filtering and scoring; NoExecute eviction with tolerationSeconds' },
  { path: 'hostAliases', support: 'stored', what: 'stored' },
  { path: 'priorityClassName', support: 'simulated', what: 'admission sets spec.priority from the PriorityClass' },
  { path: 'priority', support: 'simulated', what: 'queue order and preemption' },
  { path: 'preemptionPolicy', support: 'simulated', what: 'Never: the pod does not preempt' },
  { path: 'readinessGates', support: 'refused', what: 'nothing sets the gates, so the pod would never be Ready', instead: 'leave them out' },
  { path: 'runtimeClassName', support: 'refused', what: 'no RuntimeClass objects', instead: 'leave it out' },
  { path: 'enableServiceLinks', support: 'stored', what: 'stored; containers have no environment' },
  { path: 'overhead', support: 'simulated', what: 'added to the requests the scheduler fits' },
  { path: 'topologySpreadConstraints', support: 'simulated', what: 'PodTopologySpread filtering and scoring' },
  { path: 'os', support: 'stored', what: 'stored' },
  { path: 'hostUsers', support: 'stored', what: 'stored' },
  { path: 'schedulingGates', support: 'simulated', what: 'the pod waits as SchedulingGated until the gates are removed' },
  { path: 'resourceClaims', support: 'refused', what: 'no ResourceClaims (dynamic resource allocation)', instead: 'request extended resources in resources.limits, e.g. nvidia.com/gpu: 1' },
  { path: 'resources', support: 'refused', what: 'pod-level resources are not simulated', instead: "write resources in each container" },
  { path: 'volumes', support: 'refused', what: 'the simulated kubelet mounts configMap, secret, projected, downwardAPI and emptyDir volumes only', instead: 'use a configMap, secret, projected, downwardAPI or emptyDir volume' },
  { path: 'volumes[].emptyDir', support: 'stored', what: 'accepted: an empty directory has no behaviour to simulate (no size limit is enforced)' },
  { path: 'volumes[].configMap', support: 'simulated', what: 'mounted by the kubelet before the sandbox: a missing ConfigMap or key (not optional) fails with FailedMount and is retried' },
  { path: 'volumes[].secret', support: 'simulated', what: 'mounted like a configMap volume (secret "NAME" not found)' },
  { path: 'volumes[].projected', support: 'simulated', what: 'its configMap and secret sources must exist (serviceAccountToken and downwardAPI always resolve)' },
  { path: 'volumes[].downwardAPI', support: 'simulated', what: 'always resolves (the pod\'s own fields)' },
  { path: 'containers[].name', support: 'simulated', what: 'names the container in the runtime, status and Events' },
  { path: 'containers[].image', support: 'simulated', what: 'pulled by the runtime (`image REF pulls in D`, `image REF fails to pull`), image locality scoring' },
  { path: 'containers[].imagePullPolicy', support: 'simulated', what: 'Always pulls every time; IfNotPresent and Never use an image already on the node' },
  { path: 'containers[].ports', support: 'simulated', what: 'hostPort conflicts in the scheduler; Service targetPorts' },
  { path: 'containers[].resources', support: 'simulated', what: 'requests are fitted by the scheduler; limits default the requests' },
  { path: 'containers[].resources.requests', support: 'simulated', what: 'fitted on nodes by NodeResourcesFit; scored' },
  { path: 'containers[].resources.limits', support: 'simulated', what: 'requests default to them; a container using more memory than its limit (`pods SELECTOR use memory Q`) is OOMKilled (exit 137); node memory pressure (the kubelet evicting BestEffort pods first) and CPU throttling are not simulated: a container without a limit runs on whatever it uses' },
  { path: 'containers[].resources.claims', support: 'refused', what: 'no ResourceClaims', instead: 'leave it out' },
  { path: 'containers[].command', support: 'refused', what: 'the simulated container runs until a fault ends it, whatever its command says', instead: 'leave it out, and end the container with a fault: pods NAME crash after 10s [exit 0]' },
  { path: 'containers[].args', support: 'refused', what: 'the simulated container runs until a fault ends it, whatever its arguments say', instead: 'leave them out, and end the container with a fault: pods NAME crash after 10s [exit 0]' },
  { path: 'containers[].workingDir', support: 'stored', what: 'stored' },
  { path: 'containers[].env', support: 'simulated', what: 'plain values are stored; valueFrom is resolved by the kubelet' },
  { path: 'containers[].env[].valueFrom', support: 'simulated', what: 'configMapKeyRef and secretKeyRef must resolve (unless optional) or the container waits in CreateContainerConfigError; fieldRef and resourceFieldRef always resolve' },
  { path: 'containers[].envFrom', support: 'simulated', what: 'configMapRef and secretRef must exist (unless optional) or the container waits in CreateContainerConfigError' },
  { path: 'containers[].volumeMounts', support: 'stored', what: 'stored (the volumes they name are mounted for the pod)' },
  { path: 'containers[].volumeDevices', support: 'refused', what: 'no block volumes', instead: 'leave them out' },
  { path: 'containers[].livenessProbe', support: 'simulated', what: 'run every periodSeconds after initialDelaySeconds; it passes unless `probe liveness of pods SELECTOR fails`: Unhealthy, then after failureThreshold failures Killing and a restart (CrashLoopBackOff when it keeps failing); the answer is immediate (timeoutSeconds is never reached)' },
  { path: 'containers[].startupProbe', support: 'simulated', what: 'holds liveness and readiness (and `started`) until it passes; failing failureThreshold times kills the container like a liveness probe' },
  { path: 'containers[].readinessProbe', support: 'simulated', what: 'initialDelaySeconds and periodSeconds delay Ready; `probe readiness of pods SELECTOR fails [for D]` turns the container, the pod and its EndpointSlice endpoints not ready after failureThreshold failures, ready again after successThreshold successes' },
  { path: 'containers[].lifecycle', support: 'refused', what: 'postStart and preStop hooks are not run', instead: 'leave it out; terminationGracePeriodSeconds bounds termination' },
  { path: 'containers[].restartPolicy', support: 'refused', what: 'sidecar containers (restartPolicy Always on an init container) are not simulated', instead: 'a regular container' },
  { path: 'containers[].resizePolicy', support: 'stored', what: 'stored; no in-place resize' },
  { path: 'containers[].securityContext', support: 'stored', what: 'stored; no users, groups or kernel features are simulated' },
  { path: 'containers[].terminationMessagePath', support: 'stored', what: 'stored' },
  { path: 'containers[].terminationMessagePolicy', support: 'stored', what: 'stored' },
  { path: 'containers[].stdin', support: 'stored', what: 'stored' },
  { path: 'containers[].stdinOnce', support: 'stored', what: 'stored' },
  { path: 'containers[].tty', support: 'stored', what: 'stored' },
];


export const KUBECTL: CommandEntry[] = [
  { command: 'run', support: 'simulated', flags: ['--image', '--restart', '--labels', '--port', '--namespace'], what: 'creates a Pod as kubectl run does (label run=NAME)' },
  { command: 'create deployment', support: 'simulated', flags: ['--image', '--replicas', '--port', '--namespace'], what: 'creates the Deployment kubectl would (labels app=NAME)' },
  { command: 'create namespace', support: 'simulated', what: 'creates a Namespace' },
  { command: 'create job', support: 'simulated', flags: ['--image', '--from', '--namespace'], what: 'creates a Job (or one from a CronJob with --from=cronjob/NAME)' },
  { command: 'create cronjob', support: 'simulated', flags: ['--image', '--schedule', '--restart', '--namespace'], what: 'creates a CronJob' },
  { command: 'annotate', support: 'simulated', flags: ['--namespace', '--overwrite'], what: 'annotates an object' },
  { command: 'patch', support: 'simulated', flags: ['--patch', '--type', '--namespace'], what: 'a strategic, merge or JSON patch' },
  { command: 'create configmap', support: 'simulated', flags: ['--from-literal', '--namespace'], what: 'creates a ConfigMap from literal values' },
  { command: 'create secret generic', support: 'simulated', flags: ['--from-literal', '--type', '--namespace'], what: 'creates a Secret from literal values (base64 in data)' },
  { command: 'create serviceaccount', support: 'simulated', flags: ['--namespace'], what: 'creates a ServiceAccount' },
  { command: 'create -f', support: 'simulated', flags: ['--filename', '--namespace'], what: 'creates the objects of a YAML file' },
  { command: 'apply -f', support: 'simulated', flags: ['--filename', '--namespace'], what: "kubectl apply's three-way patch (last-applied-configuration)" },
  { command: 'delete', support: 'simulated', flags: ['--filename', '--selector', '--namespace', '--grace-period', '--force', '--now', '--wait'], what: 'deletes by name, file or selector; graceful deletion' },
  { command: 'scale', support: 'simulated', flags: ['--replicas', '--namespace'], what: 'patches the scale subresource of a Deployment or ReplicaSet' },
  { command: 'set image', support: 'simulated', flags: ['--namespace'], what: "patches a Deployment's pod template (a rollout)" },
  { command: 'rollout restart', support: 'simulated', flags: ['--namespace'], what: 'annotates the pod template with restartedAt (a rollout)' },
  { command: 'rollout status', support: 'simulated', flags: ['--namespace', '--timeout', '--revision', '--watch'], what: 'waits until the rollout is done, as kubectl does' },
  { command: 'rollout history', support: 'simulated', flags: ['--namespace'], what: 'lists the revisions' },
  { command: 'rollout undo', support: 'simulated', flags: ['--namespace', '--to-revision'], what: 'rolls back to a revision' },
  { command: 'rollout pause', support: 'simulated', flags: ['--namespace'], what: 'pauses a rollout' },
  { command: 'rollout resume', support: 'simulated', flags: ['--namespace'], what: 'resumes a rollout' },
  { command: 'wait', support: 'simulated', flags: ['--namespace', '--for', '--timeout', '--selector', '--all'], what: 'waits for a condition or deletion' },
  { command: 'cordon', support: 'simulated', what: 'marks the node unschedulable' },
  { command: 'uncordon', support: 'simulated', what: 'marks the node schedulable' },
  { command: 'drain', support: 'simulated', flags: ['--ignore-daemonsets', '--delete-emptydir-data', '--force', '--timeout'], what: "cordons, then evicts the node's pods (refuses unmanaged pods without --force); an eviction a PodDisruptionBudget refuses is retried every 5 s, until --timeout" },
  { command: 'taint', support: 'simulated', flags: ['--overwrite'], what: 'adds or removes node taints' },
  { command: 'label', support: 'simulated', flags: ['--overwrite', '--namespace'], what: 'labels pods and nodes' },
  { command: 'expose', support: 'simulated', flags: ['--port', '--target-port', '--namespace', '--type'], what: "creates a Service with the deployment's selector" },
  { command: 'get', support: 'simulated', flags: ['--namespace', '--selector', '--output'], what: 'a get or list request (what it prints is not recorded)' },
  { command: 'describe', support: 'refused', what: '', instead: 'expect the Events it would show: events pod/NAME: Scheduled, Pulling, …' },
  { command: 'logs', support: 'refused', what: 'containers print nothing in the simulation', instead: 'an expectation of state or Events, e.g. pod NAME: Running' },
  { command: 'exec', support: 'refused', what: 'no processes run in the simulated containers', instead: 'leave it out' },
  { command: 'attach', support: 'refused', what: 'no processes run in the simulated containers', instead: 'leave it out' },
  { command: 'cp', support: 'refused', what: 'containers have no files', instead: 'leave it out' },
  { command: 'port-forward', support: 'refused', what: 'no traffic is simulated', instead: 'expect the service: service NAME: N endpoints' },
  { command: 'proxy', support: 'refused', what: 'no traffic is simulated', instead: 'leave it out' },
  { command: 'top', support: 'refused', what: 'no metrics pipeline', instead: 'leave it out' },
  { command: 'edit', support: 'refused', what: 'no editor in a scenario', instead: 'apply the changed manifest: apply NAME' },
  { command: 'replace', support: 'refused', what: '', instead: 'apply the changed manifest: apply NAME' },
  { command: 'autoscale', support: 'refused', what: 'no metrics pipeline, no autoscaler', instead: 'kubectl scale deployment NAME --replicas=N' },
  { command: 'debug', support: 'refused', what: '', instead: 'leave it out' },
  { command: 'create secret docker-registry', support: 'refused', what: 'image pull credentials are not simulated', instead: 'kubectl create secret generic NAME --from-literal=KEY=VALUE' },
  { command: 'create secret tls', support: 'refused', what: 'no certificate files in a scenario', instead: 'kubectl create secret generic NAME --from-literal=KEY=VALUE' },
  { command: 'create service', support: 'refused', what: '', instead: 'kubectl expose deployment NAME --port=P, or apply a Service manifest' },
];

/**
 * Fields of a kind's own spec (outside its pod template) whose support is worth stating: what a
 * user might expect to act and does, or does not and is refused. Fields not listed are simulated
 * as the kind's entry says. A path with `jobTemplate` applies to a CronJob's Jobs.
 */
export interface SpecFieldEntry {
  kind: string;
  /** Dotted path from the object's root (`spec.completionMode`). */
  path: string;
  support: Support;
  what: string;
  instead?: string;
}

const PER_INDEX = { support: 'refused' as const, what: 'per-index back-off (backoffLimitPerIndex, maxFailedIndexes, FailIndex) is not simulated', instead: 'a Job-wide backoffLimit' };

export const SPEC_FIELDS: SpecFieldEntry[] = [
  { kind: 'Job', path: 'spec.completionMode', support: 'simulated', what: 'NonIndexed, and Indexed: each pod gets a completion index (name NAME-INDEX-xxxxx, annotation and label, hostname, JOB_COMPLETION_INDEX), status.completedIndexes' },
  { kind: 'Job', path: 'spec.successPolicy', support: 'simulated', what: 'an Indexed Job meets SuccessCriteriaMet (reason SuccessPolicy) when a rule\'s succeededIndexes / succeededCount are met; its other pods are deleted' },
  { kind: 'Job', path: 'spec.managedBy', support: 'simulated', what: 'a Job managed by another controller is left alone by the job controller' },
  { kind: 'Job', path: 'spec.podReplacementPolicy', support: 'simulated', what: 'TerminatingOrFailed, or Failed: a replacement waits until the old pod is gone' },
  { kind: 'Job', path: 'spec.backoffLimitPerIndex', ...PER_INDEX },
  { kind: 'Job', path: 'spec.maxFailedIndexes', ...PER_INDEX },
  { kind: 'CronJob', path: 'spec.timeZone', support: 'simulated', what: 'the schedule is read in that IANA zone, daylight saving included' },
  { kind: 'CronJob', path: 'spec.jobTemplate.spec.backoffLimitPerIndex', ...PER_INDEX },
  { kind: 'CronJob', path: 'spec.jobTemplate.spec.maxFailedIndexes', ...PER_INDEX },
];

/** kubectl's short flags. */
export const SHORT_FLAGS: Record<string, string> = { '--namespace': '-n', '--selector': '-l', '--filename': '-f', '--output': '-o' };

/** Look up a kind by apiVersion and kind (exact). */
export function kindEntry(apiVersion: string, kind: string): KindEntry | undefined {
  return KINDS.find((k) => k.kind === kind && k.apiVersion === apiVersion);
}

/** The entries of a kind whatever its version (for "no matches for kind … in version …" hints). */
export function kindEntries(kind: string): KindEntry[] {
  return KINDS.filter((k) => k.kind === kind);
}

/** A kubectl command by its words (`rollout status`, `wait`). */
export function commandEntry(command: string): CommandEntry | undefined {
  return KUBECTL.find((c) => c.command === command);
}
