/**
 * One simulated cluster: apiserver (with etcd behind it), controller-manager, scheduler, and per
 * node a kubelet with its runtime and CNI, and a kube-proxy. Components are wired only through
 * the apiserver: they write through it and learn through its watches.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { Env, defaultLatency, type Latency } from './env.js';
import { ApiServer } from './apiserver/server.js';
import { ApiClient } from './apiserver/client.js';
import type { Rule } from './apiserver/rbac.js';
import { Scheduler } from './scheduler/scheduler.js';
import { defaultProfile, type SchedulerProfile } from './scheduler/framework/config.js';
import { CLUSTER_DNS, Kubelet, nodeConditions, nodeImages } from './kubelet/kubelet.js';
import { KUBERNETES_SERVICE_IP, SERVICE_CIDR } from './apiserver/service-alloc.js';
import { Faults } from './faults.js';
import { controllerContext, type Controller } from './controllers/controller.js';
import { defaultControllers } from './controllers/index.js';
import { startProxies } from './proxy/index.js';
import { KUBELET_VERSION } from './version.js';
import type { KubeObject } from '../trace/types.js';

export interface NodeSpec {
  name: string;
  /** Allocatable amounts as quantities: cpu, memory, pods, ephemeral-storage, extended resources. */
  allocatable: Record<string, string>;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  images: string[];
  unschedulable: boolean;
  notReady: boolean;
}

export interface ClusterSpec {
  seed: number;
  nodes: NodeSpec[];
  namespaces: string[];
  priorityClasses: { name: string; value: number }[];
  users: { name: string; rules: Rule[] }[];
  profile?: SchedulerProfile;
  latency?: Latency;
  /** Record per-node plugin verdicts for `kscn explain` (default: clusters of at most 100 nodes). */
  explain?: boolean | 'feasible' | 'all';
  /** Controllers to run (default: all). */
  controllers?: Controller[];
}

export type SettleResult = 'settled' | 'timeout' | 'event-cap';

export class Cluster {
  readonly env: Env;
  readonly server: ApiServer;
  readonly scheduler: Scheduler;
  readonly kubelets = new Map<string, Kubelet>();
  readonly faults = new Faults();
  private clients = new Map<string, ApiClient>();

  constructor(readonly spec: ClusterSpec) {
    this.env = new Env(spec.seed, spec.latency ?? defaultLatency());
    this.server = new ApiServer(this.env);
    for (const u of spec.users) this.server.authz.addUser(u.name, u.rules);
    this.scheduler = new Scheduler(this.env, this.server, spec.profile ?? defaultProfile(), { explain: spec.explain ?? spec.nodes.length <= 100 });
  }

  /** The client of `kubectl` acting as `user` (admin by default). */
  kubectl(user = 'admin'): ApiClient {
    let c = this.clients.get(user);
    if (!c) {
      c = new ApiClient(this.env, this.server, 'kubectl', user);
      this.clients.set(user, c);
    }
    return c;
  }

  /** Create the cluster's objects and start every component (the set-up, before recording). */
  start(): void {
    const admin = this.kubectl();
    const namespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease', ...this.spec.namespaces.filter((n) => !['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(n))];
    // The bootstrap Services go in once their namespaces exist.
    let left = namespaces.length;
    for (const ns of namespaces) {
      admin.request({ verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } }, () => {
        if (--left === 0) this.bootstrapServices(admin);
      });
    }
    for (const pc of this.spec.priorityClasses) {
      admin.request({ verb: 'create', resource: 'priorityclasses', body: { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: pc.name }, value: pc.value } });
    }
    this.scheduler.start();
    for (const c of this.spec.controllers ?? defaultControllers()) c.start(controllerContext(this.env, this.server, c));
    this.spec.nodes.forEach((n, i) => {
      const node = this.nodeObject(n, i);
      const kubelet = new Kubelet(this.env, this.server, node, hostIP(i), podCidrPrefix(i), this.faults);
      this.kubelets.set(n.name, kubelet);
      kubelet.start();
    });
    startProxies(this.env, this.server, this.spec.nodes.map((n) => n.name));
  }

  /**
   * What every cluster has before anything is applied: the apiserver's bootstrap controllers
   * (pkg/controlplane/controller/defaultservicecidr, kubernetesservice) create the default
   * ServiceCIDR and the `kubernetes` Service in `default` at the range's first address, with the
   * apiserver's own endpoint (Endpoints and EndpointSlice); kubeadm's CoreDNS addon creates the
   * `kube-dns` Service at 10.96.0.10, the address the kubelets write as the pods' DNS server.
   * Simplification: no CoreDNS pods run, so kube-dns has no endpoints.
   */
  private bootstrapServices(admin: ApiClient): void {
    admin.request({ verb: 'create', resource: 'servicecidrs', body: { apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: 'kubernetes' }, spec: { cidrs: [SERVICE_CIDR] } } });
    const https = { name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 };
    admin.request({ verb: 'create', resource: 'services', namespace: 'default', body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } }, spec: { type: 'ClusterIP', clusterIP: KUBERNETES_SERVICE_IP, ports: [https] } } });
    admin.request({ verb: 'create', resource: 'endpoints', namespace: 'default', body: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }, subsets: [{ addresses: [{ ip: APISERVER_IP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }] } });
    admin.request({ verb: 'create', resource: 'endpointslices', namespace: 'default', body: { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } }, addressType: 'IPv4', endpoints: [{ addresses: [APISERVER_IP], conditions: { ready: true } }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] } });
    admin.request({
      verb: 'create',
      resource: 'services',
      namespace: 'kube-system',
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'kube-dns', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' } },
        spec: {
          selector: { 'k8s-app': 'kube-dns' },
          clusterIP: CLUSTER_DNS,
          ports: [
            { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
            { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
            { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
          ],
        },
      },
    });
  }

  private nodeObject(n: NodeSpec, i: number): KubeObject {
    const now = this.env.timestamp();
    const taints = [...n.taints];
    if (n.unschedulable) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
    if (n.notReady) taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
    const allocatable = { pods: '110', 'ephemeral-storage': '100Gi', ...n.allocatable };
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: n.name,
        labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux', ...n.labels, 'kubernetes.io/hostname': n.name },
      },
      spec: { podCIDR: `${podCidrPrefix(i)}.0/24`, podCIDRs: [`${podCidrPrefix(i)}.0/24`], ...(n.unschedulable ? { unschedulable: true } : {}), ...(taints.length ? { taints } : {}) },
      status: {
        capacity: allocatable,
        allocatable,
        conditions: nodeConditions(!n.notReady, now),
        addresses: [{ type: 'InternalIP', address: hostIP(i) }, { type: 'Hostname', address: n.name }],
        images: nodeImages(n.images),
        nodeInfo: { kubeletVersion: KUBELET_VERSION, containerRuntimeVersion: 'containerd://2.1.0', operatingSystem: 'linux', architecture: 'amd64' },
      },
    };
  }

  /** Run until nothing but periodic work is pending, `deadline` (absolute ms) passes, or `maxEvents` run. */
  settle(deadline: number, maxEvents = 5_000_000): SettleResult {
    const r = this.env.loop.runUntil(() => !this.env.loop.busy, deadline, maxEvents);
    if (r === 'done' || r === 'empty') return 'settled';
    return r === 'event-cap' ? 'event-cap' : 'timeout';
  }

  /** Let time pass until `until` (absolute ms), running everything due. */
  advance(until: number, maxEvents = 5_000_000): SettleResult {
    const r = this.env.loop.runUntil(() => false, until, maxEvents);
    if (r === 'event-cap') return 'event-cap';
    this.env.loop.now = Math.max(this.env.loop.now, until);
    return 'settled';
  }

  failNode(name: string): void {
    this.kubelets.get(name)?.fail();
  }

  restoreNode(name: string): void {
    this.kubelets.get(name)?.restore();
  }

  /** etcd fails every call for `ms`; clients see 500 (the etcd error) and retry. */
  etcdUnavailable(ms: number): void {
    this.server.etcd.unavailable = true;
    this.env.loop.after(ms, () => {
      this.server.etcd.unavailable = false;
    });
  }
}

/** The control plane's address (the apiserver's advertise address; nodes start at 10.0.0.11). */
export const APISERVER_IP = '10.0.0.1';

/** Node i's address (10.0.0.x / 10.0.x.y). */
function hostIP(i: number): string {
  const n = i + 10;
  return `10.0.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

/** Node i's pod CIDR prefix: 10.244.(i+1) — beyond 254 nodes the third and second octets both count. */
function podCidrPrefix(i: number): string {
  const n = i + 1;
  return n < 255 ? `10.244.${n}` : `10.${245 + Math.floor(n / 255)}.${n % 255}`;
}
