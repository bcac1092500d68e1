/**
 * A checked cluster declaration (LANGUAGE.md §4) → the engine's ClusterSpec: nodes with their
 * allocatable resources, labels, taints and images; namespaces; priority classes; users with RBAC
 * rules; the scheduler profile; latencies.
 */
import type { ClusterBody, NodeDecl } from '../lang/ast.js';
import type { ClusterSpec, NodeSpec } from '../engine/cluster.js';
import { defaultLatency, type Latency } from '../engine/env.js';
import type { SchedulerProfile } from '../engine/scheduler/framework/config.js';

/** Node fields → NodeSpec for each name of the declaration. */
export function nodeSpecs(decl: NodeDecl): NodeSpec[] {
  const allocatable: Record<string, string> = {};
  const labels: Record<string, string> = {};
  const taints: NodeSpec['taints'] = [];
  const images: string[] = [];
  let unschedulable = false;
  let notReady = false;
  for (const f of decl.fields) {
    const args = f.args.map((a) => a.text);
    switch (f.name) {
      case 'cpu':
      case 'memory':
      case 'pods':
      case 'ephemeral-storage':
        allocatable[f.name] = args[0] ?? '0';
        break;
      case 'resource':
        allocatable[args[0] ?? ''] = args[1] ?? '0';
        break;
      case 'zone':
        labels['topology.kubernetes.io/zone'] = args[0] ?? '';
        break;
      case 'region':
        labels['topology.kubernetes.io/region'] = args[0] ?? '';
        break;
      case 'labels':
        for (const a of args.flatMap((x) => x.split(','))) {
          const eq = a.indexOf('=');
          if (eq > 0) labels[a.slice(0, eq)] = a.slice(eq + 1);
        }
        break;
      case 'taint':
        for (const a of args) {
          const m = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(a);
          if (m) taints.push({ key: m[1]!, ...(m[2] !== undefined ? { value: m[2] } : {}), effect: m[3]! });
        }
        break;
      case 'images':
        images.push(...args.flatMap((x) => x.split(',')).filter(Boolean));
        break;
      case 'unschedulable':
        unschedulable = true;
        break;
      case 'not-ready':
        notReady = true;
        break;
    }
  }
  return decl.names.map((name) => ({ name, allocatable: { ...allocatable }, labels: { ...labels }, taints: taints.map((t) => ({ ...t })), images: [...images], unschedulable, notReady }));
}

/** Latency block → engine latencies (defaults for what it does not set). */
export function latencyOf(body: ClusterBody): Latency {
  const l = defaultLatency();
  for (const e of body.latency?.entries ?? []) {
    switch (e.component) {
      case 'apiserver':
        l.apiserver = e.ms;
        break;
      case 'admission':
        l.admission = e.ms;
        break;
      case 'etcd':
        l.etcd = e.ms;
        break;
      case 'watch':
        l.watch = e.ms;
        break;
      case 'scheduler':
        l.scheduler = e.ms;
        break;
      case 'controller':
      case 'controller-manager':
        l.controller = e.ms;
        break;
      case 'kubelet':
        l.kubelet = e.ms;
        break;
      case 'sandbox':
        l.sandbox = e.ms;
        break;
      case 'cni':
        l.cni = e.ms;
        break;
      case 'image-pull':
        if (e.target) l.imagePullByImage.set(e.target.includes(':') ? e.target : `${e.target}:latest`, e.ms);
        else l.imagePull = e.ms;
        break;
      case 'container-create':
        l.containerCreate = e.ms;
        break;
      case 'container-start':
        l.containerStart = e.ms;
        break;
      case 'container-stop':
        l.containerStop = e.ms;
        break;
      case 'kube-proxy':
      case 'proxy':
        l.proxySync = e.ms;
        break;
    }
  }
  return l;
}

/** The whole ClusterSpec of a cluster body. */
export function clusterSpec(body: ClusterBody, seed: number, profile: SchedulerProfile | undefined): ClusterSpec {
  return {
    seed,
    nodes: body.nodes.flatMap(nodeSpecs),
    namespaces: body.namespaces.map((n) => n.name),
    priorityClasses: body.priorityClasses.map((p) => ({ name: p.name, value: p.value })),
    users: body.users.map((u) => ({ name: u.name, rules: u.rules.map((r) => ({ verbs: r.verbs, resources: r.resources, ...(r.namespaces ? { namespaces: r.namespaces } : {}) })) })),
    latency: latencyOf(body),
    ...(profile ? { profile } : {}),
  };
}
