/**
 * The one Kubernetes release kscn simulates, and every fact of it that differs between releases,
 * each with its upstream source. Texts and behaviour elsewhere follow this release; `kscn
 * --version` and every report name it. When the simulated release moves, this list says what to
 * re-check.
 */

/** The simulated release (kubernetes/kubernetes CHANGELOG/CHANGELOG-1.36.md; 1.37 has only alpha builds). */
export const KUBERNETES_VERSION = '1.36';
/** What the kubelet reports as `status.nodeInfo.kubeletVersion` (and kube-proxy as its version). */
export const KUBELET_VERSION = `v${KUBERNETES_VERSION}.0`;

export interface VersionFact {
  /** What the simulation does. */
  fact: string;
  /** Since which release (what older clusters do instead, when it helps to know). */
  since: string;
  /** The upstream file and function, or pull request. */
  source: string;
}

/** The release-specific behaviour kscn reproduces, for the docs and for whoever moves the release. */
export const VERSION_FACTS: readonly VersionFact[] = [
  {
    fact: 'Container lifecycle Events: Normal Created "Container created", Normal Started "Container started" (no container name; the Event\'s fieldPath names it)',
    since: '1.35 (1.32–1.34: "Created container: web", "Started container web")',
    source: 'pkg/kubelet/kuberuntime/kuberuntime_container.go startContainer; kubernetes/kubernetes#134043',
  },
  {
    fact: 'Image Events name the image as the pod spec writes it (Pulling image "nginx"); only the CRI ImageSpec gets ":latest"',
    since: 'all supported releases',
    source: 'pkg/kubelet/images/image_manager.go EnsureImageExists (requestedImage)',
  },
  {
    fact: 'Pulled "Successfully pulled image %q in %v (%v including waiting). Image size: %v bytes."',
    since: '1.30 (the size clause)',
    source: 'pkg/kubelet/images/image_manager.go EnsureImageExists',
  },
  {
    fact: 'TaintToleration filter reason "node(s) had untolerated taint(s)", without key or value',
    since: '1.35 (cherry-picked to 1.34); before: "node(s) had untolerated taint {key: value}"',
    source: 'pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go Filter; kubernetes/kubernetes#134740',
  },
  {
    fact: 'DynamicResources is a default scheduler plugin: its PostFilter adds "no new claims to deallocate" to FailedScheduling',
    since: '1.34 (DRA GA, on by default)',
    source: 'pkg/scheduler/apis/config/v1/default_plugins.go applyFeatureGates; pkg/scheduler/framework/plugins/dynamicresources PostFilter',
  },
  {
    fact: 'node-monitor-grace-period 50 s before a silent node is marked Unknown',
    since: '1.32 (40 s before)',
    source: 'pkg/controller/nodelifecycle/config/v1alpha1/defaults.go; kubernetes/kubernetes#126287',
  },
  {
    fact: 'Deployment Events "Scaled up replica set %s from %d to %d"',
    since: '1.28 (before: "Scaled up replica set %s to %d")',
    source: 'pkg/controller/deployment/sync.go scaleReplicaSet',
  },
  {
    fact: 'PodReadyToStartContainers condition first in the kubelet\'s conditions',
    since: '1.29 (beta, on by default)',
    source: 'pkg/kubelet/kubelet_pods.go generateAPIPodStatus',
  },
  {
    fact: 'SchedulerPopFromBackoffQ: an idle scheduler takes a backed-off pod without waiting',
    since: '1.33 (beta, on by default)',
    source: 'pkg/scheduler/backend/queue/scheduling_queue.go Pop',
  },
  {
    fact: 'NodeResourcesBalancedAllocation skips pods without cpu or memory requests',
    since: '1.33',
    source: 'pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go PreScore; kubernetes/kubernetes#129138',
  },
  {
    fact: 'kubectl delete waits until the objects are gone (--wait=true by default) and prints `pod "web" deleted`',
    since: 'all supported releases',
    source: 'staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go DeleteResult, PrintObj; pkg/cmd/wait/delete.go IsDeleted',
  },
  {
    fact: 'An etcd failure is a 500 with the etcd error as message (kubectl: "Error from server: etcdserver: request timed out")',
    since: 'all supported releases',
    source: 'staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/status.go ErrorToAPIStatus',
  },
];
