/**
 * Cluster bodies: node fields and their values, scheduler plugins and strategies, latency
 * components, and RBAC rules.
 */
import type { NodeField, Word } from '../ast.js';
import { Code } from '../codes.js';
import { closest } from '../did-you-mean.js';
import { isLabelKey, isLabelValue } from '../labels.js';
import { parseQuantity } from '../quantity.js';
import { clusterBodies, type CheckContext } from './context.js';
import { parse as parseYaml } from 'yaml';
import { defaultProfile } from '../../engine/scheduler/framework/config.js';
import { applyShortForm, profileFromConfig } from '../../engine/scheduler/framework/load-config.js';

/** Node fields (§4) and how many values each takes (`-1`: one or more). */
export const NODE_FIELDS: Record<string, number> = {
  cpu: 1, memory: 1, pods: 1, 'ephemeral-storage': 1, resource: 2, zone: 1, region: 1, labels: -1, taint: 1, images: -1, unschedulable: 0, 'not-ready': 0,
};
const REPEATABLE = new Set(['resource', 'labels', 'taint', 'images']);

/** kube-scheduler's in-tree plugins (default profile). */
export const SCHEDULER_PLUGINS = [
  'PrioritySort', 'SchedulingGates', 'NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeRestrictions',
  'NodeVolumeLimits', 'VolumeBinding', 'VolumeZone', 'PodTopologySpread', 'InterPodAffinity', 'DynamicResources', 'DefaultPreemption', 'NodeResourcesBalancedAllocation', 'ImageLocality', 'DefaultBinder',
];
export const SCORING_STRATEGIES = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];

/** Latency components (§4 `latency { … }`); those marked take an optional target (an image). */
export const LATENCY_COMPONENTS = ['apiserver', 'etcd', 'watch', 'scheduler', 'controller-manager', 'kubelet', 'image-pull', 'container-start', 'container-create', 'sandbox', 'cni', 'kube-proxy'];
const LATENCY_TARGETED = new Set(['image-pull']);

export const RBAC_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'bind', '*'];
export const RBAC_RESOURCES = [
  'pods', 'pods/status', 'pods/binding', 'pods/eviction', 'pods/log', 'deployments', 'deployments/scale', 'replicasets', 'services', 'endpoints', 'endpointslices',
  'nodes', 'namespaces', 'events', 'priorityclasses', 'leases', 'configmaps', 'secrets', 'daemonsets', 'statefulsets', 'jobs', '*',
];

function checkQuantity(ctx: CheckContext, w: Word | undefined, what: string, integer = false): void {
  if (!w) return;
  const q = parseQuantity(w.text);
  if (q === undefined || q < 0 || (integer && !Number.isInteger(q))) {
    ctx.report(Code.Quantity, `"${w.text}" is not ${what}`, w.span, integer ? 'write a whole number, e.g. 110' : 'write a Kubernetes quantity such as 4, 500m, 8Gi, 512Mi or 1G');
  }
}

function checkField(ctx: CheckContext, f: NodeField): void {
  const arity = NODE_FIELDS[f.name];
  if (arity === undefined) {
    const near = closest(f.name, Object.keys(NODE_FIELDS));
    ctx.report(Code.NodeField, `unknown node field \`${f.name}\``, f.span, near ? `did you mean \`${near}\`?` : `node fields: ${Object.keys(NODE_FIELDS).join(', ')}`);
    return;
  }
  if (arity >= 0 && f.args.length !== arity) {
    const at = f.args[arity]?.span ?? f.span;
    const want = arity === 0 ? 'no value' : arity === 1 ? 'one value' : `${arity} values`;
    ctx.report(Code.NodeField, `\`${f.name}\` takes ${want}, found ${f.args.length}`, at, f.args.length > arity ? 'put each field on its own line or after a `;`' : `e.g. ${example(f.name)}`);
    return;
  }
  if (arity < 0 && f.args.length === 0) {
    ctx.report(Code.NodeField, `\`${f.name}\` needs at least one value`, f.span, `e.g. ${example(f.name)}`);
    return;
  }
  switch (f.name) {
    case 'cpu':
      return checkQuantity(ctx, f.args[0], 'a CPU quantity');
    case 'memory':
    case 'ephemeral-storage':
      return checkQuantity(ctx, f.args[0], `a ${f.name} quantity`);
    case 'pods':
      return checkQuantity(ctx, f.args[0], 'a number of pods', true);
    case 'resource':
      if (!isLabelKey(f.args[0]!.text)) ctx.report(Code.NodeField, `"${f.args[0]!.text}" is not a resource name`, f.args[0]!.span, 'e.g. nvidia.com/gpu');
      return checkQuantity(ctx, f.args[1], 'a resource quantity');
    case 'labels':
      for (const a of f.args) {
        const eq = a.text.indexOf('=');
        if (eq <= 0 || !isLabelKey(a.text.slice(0, eq)) || !isLabelValue(a.text.slice(eq + 1))) ctx.report(Code.NodeField, `"${a.text}" is not a label`, a.span, 'write key=value, e.g. disk=ssd');
      }
      return;
    case 'taint': {
      const a = f.args[0]!;
      if (!/^[^=:]+(?:=[^:]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$/.test(a.text)) ctx.report(Code.NodeField, `"${a.text}" is not a taint`, a.span, 'write KEY[=VALUE]:EFFECT with EFFECT NoSchedule, PreferNoSchedule or NoExecute');
      return;
    }
  }
}

function example(field: string): string {
  return { cpu: 'cpu 4', memory: 'memory 8Gi', pods: 'pods 110', 'ephemeral-storage': 'ephemeral-storage 100Gi', resource: 'resource nvidia.com/gpu 8', zone: 'zone eu-1a', region: 'region eu-1', labels: 'labels disk=ssd', taint: 'taint gpu=true:NoSchedule', images: 'images nginx:1.27', unschedulable: 'unschedulable', 'not-ready': 'not-ready' }[field] ?? field;
}

/** Every field of every node: known, right number of values, valid quantities, labels and taints. */
export function nodeFields(ctx: CheckContext): void {
  for (const body of clusterBodies(ctx.ast)) {
    for (const n of body.nodes) {
      // A Node's name is a DNS subdomain (RFC 1123), as the apiserver validates it.
      const bad = n.names.find((name) => !name.includes('[') && (name.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name)));
      if (bad !== undefined) ctx.report(Code.NodeField, `"${bad}" is not a valid node name`, n.nameSpan ?? n.span, 'node names are lowercase RFC 1123 subdomains: a-z, 0-9, `-` and `.`, starting and ending with a letter or digit');
      const seen = new Set<string>();
      for (const f of n.fields) {
        if (seen.has(f.name) && !REPEATABLE.has(f.name) && NODE_FIELDS[f.name] !== undefined) ctx.report(Code.Duplicate, `\`${f.name}\` is set twice for node ${n.pattern}`, f.span, 'remove one');
        seen.add(f.name);
        checkField(ctx, f);
      }
    }
  }
}

/** Scheduler plugins and strategies exist; latency components are known. */
export function schedulerAndLatency(ctx: CheckContext): void {
  for (const body of clusterBodies(ctx.ast)) {
    // The settings as kube-scheduler's configuration would take them, in order (a weight for a
    // plugin disabled above, a weight of 0 …): reported here rather than when the scenario runs.
    const profile = defaultProfile();
    const config = body.scheduler?.config;
    let configText: string | undefined;
    if (config?.kind === 'inline') configText = config.text;
    else if (config?.kind === 'file') {
      // A file that cannot be read is reported by the file check.
      configText = ctx.readFile(config.path);
    }
    if (config && configText !== undefined) {
      try {
        const r = profileFromConfig(parseYaml(configText, { maxAliasCount: 100 }));
        Object.assign(profile, r.profile);
        for (const e of r.errors) ctx.report(Code.SchedulerSetting, `scheduler configuration: ${e}`, config.span, 'see the kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration reference');
      } catch {
        // Not YAML: the YAML check reports it.
      }
    }
    for (const s of body.scheduler?.settings ?? []) {
      const known = s.kind === 'percentage' || (SCHEDULER_PLUGINS.includes(s.plugin) && (s.kind !== 'score' || SCORING_STRATEGIES.includes(s.strategy)));
      if (known) for (const e of applyShortForm(profile, [s])) ctx.report(Code.SchedulerSetting, `scheduler: ${e}`, s.span, 'see the kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration reference');
      if (s.kind === 'percentage') continue;
      if (!SCHEDULER_PLUGINS.includes(s.plugin)) {
        const near = closest(s.plugin, SCHEDULER_PLUGINS);
        ctx.report(Code.SchedulerSetting, `unknown scheduler plugin \`${s.plugin}\``, s.span, near ? `did you mean \`${near}\`?` : `plugins: ${SCHEDULER_PLUGINS.join(', ')}`);
      } else if (s.kind === 'score' && !SCORING_STRATEGIES.includes(s.strategy)) {
        const near = closest(s.strategy, SCORING_STRATEGIES);
        ctx.report(Code.SchedulerSetting, `unknown scoring strategy \`${s.strategy}\``, s.span, near ? `did you mean \`${near}\`?` : `strategies: ${SCORING_STRATEGIES.join(', ')}`);
      }
    }
    for (const e of body.latency?.entries ?? []) {
      if (!LATENCY_COMPONENTS.includes(e.component)) {
        const near = closest(e.component, LATENCY_COMPONENTS);
        ctx.report(Code.Latency, `unknown latency \`${e.component}\``, e.span, near ? `did you mean \`${near}\`?` : `latencies: ${LATENCY_COMPONENTS.join(', ')}`);
      } else if (e.target !== undefined && !LATENCY_TARGETED.has(e.component)) {
        ctx.report(Code.Latency, `\`${e.component}\` takes only a duration`, e.span, `write \`${e.component} ${e.ms}ms\``);
      }
    }
  }
}

/** RBAC verbs and resources are known. */
export function rbacRules(ctx: CheckContext): void {
  for (const body of clusterBodies(ctx.ast)) {
    for (const u of body.users) {
      for (const r of u.rules) {
        for (const v of r.verbs) {
          if (!RBAC_VERBS.includes(v)) ctx.report(Code.Rbac, `unknown verb \`${v}\``, r.span, closest(v, RBAC_VERBS) ? `did you mean \`${closest(v, RBAC_VERBS)}\`?` : `verbs: ${RBAC_VERBS.join(', ')}`);
        }
        for (const res of r.resources) {
          if (!RBAC_RESOURCES.includes(res)) {
            const near = closest(res, RBAC_RESOURCES) ?? closest(res + 's', RBAC_RESOURCES);
            ctx.report(Code.Rbac, `unknown resource \`${res}\``, r.span, near ? `did you mean \`${near}\`?` : 'resources are plural, as in kubectl api-resources: pods, deployments, …');
          }
        }
      }
    }
  }
}
