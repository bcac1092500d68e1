/**
 * The resource types the simulated apiserver serves: kind, API group/version, plural resource,
 * scope, and the etcd key prefix (`SpecialDefaultResourcePrefixes`: nodes → minions, services →
 * services/specs, endpoints → services/endpoints; otherwise the plural resource).
 */

export interface ResourceType {
  kind: string;
  /** Plural resource name as in URLs and RBAC rules. */
  resource: string;
  group: string;
  version: string;
  namespaced: boolean;
  /** The etcd key prefix below /registry. */
  etcdPrefix: string;
  /** Short names kubectl accepts. */
  short: string[];
}

const TYPES: ResourceType[] = [
  { kind: 'Pod', resource: 'pods', group: '', version: 'v1', namespaced: true, etcdPrefix: 'pods', short: ['po', 'pod'] },
  { kind: 'Node', resource: 'nodes', group: '', version: 'v1', namespaced: false, etcdPrefix: 'minions', short: ['no', 'node'] },
  { kind: 'Namespace', resource: 'namespaces', group: '', version: 'v1', namespaced: false, etcdPrefix: 'namespaces', short: ['ns', 'namespace'] },
  { kind: 'Service', resource: 'services', group: '', version: 'v1', namespaced: true, etcdPrefix: 'services/specs', short: ['svc', 'service'] },
  { kind: 'Endpoints', resource: 'endpoints', group: '', version: 'v1', namespaced: true, etcdPrefix: 'services/endpoints', short: ['ep'] },
  { kind: 'Event', resource: 'events', group: '', version: 'v1', namespaced: true, etcdPrefix: 'events', short: ['ev', 'event'] },
  { kind: 'Deployment', resource: 'deployments', group: 'apps', version: 'v1', namespaced: true, etcdPrefix: 'deployments', short: ['deploy', 'deployment'] },
  { kind: 'ReplicaSet', resource: 'replicasets', group: 'apps', version: 'v1', namespaced: true, etcdPrefix: 'replicasets', short: ['rs', 'replicaset'] },
  { kind: 'StatefulSet', resource: 'statefulsets', group: 'apps', version: 'v1', namespaced: true, etcdPrefix: 'statefulsets', short: ['sts', 'statefulset'] },
  { kind: 'DaemonSet', resource: 'daemonsets', group: 'apps', version: 'v1', namespaced: true, etcdPrefix: 'daemonsets', short: ['ds', 'daemonset'] },
  { kind: 'ControllerRevision', resource: 'controllerrevisions', group: 'apps', version: 'v1', namespaced: true, etcdPrefix: 'controllerrevisions', short: ['controllerrevision'] },
  { kind: 'EndpointSlice', resource: 'endpointslices', group: 'discovery.k8s.io', version: 'v1', namespaced: true, etcdPrefix: 'endpointslices', short: ['endpointslice'] },
  { kind: 'Lease', resource: 'leases', group: 'coordination.k8s.io', version: 'v1', namespaced: true, etcdPrefix: 'leases', short: ['lease'] },
  { kind: 'Job', resource: 'jobs', group: 'batch', version: 'v1', namespaced: true, etcdPrefix: 'jobs', short: ['job'] },
  { kind: 'CronJob', resource: 'cronjobs', group: 'batch', version: 'v1', namespaced: true, etcdPrefix: 'cronjobs', short: ['cj', 'cronjob'] },
  { kind: 'IPAddress', resource: 'ipaddresses', group: 'networking.k8s.io', version: 'v1', namespaced: false, etcdPrefix: 'ipaddresses', short: ['ip', 'ipaddress'] },
  { kind: 'ServiceCIDR', resource: 'servicecidrs', group: 'networking.k8s.io', version: 'v1', namespaced: false, etcdPrefix: 'servicecidrs', short: ['servicecidr'] },
  { kind: 'PriorityClass', resource: 'priorityclasses', group: 'scheduling.k8s.io', version: 'v1', namespaced: false, etcdPrefix: 'priorityclasses', short: ['pc', 'priorityclass'] },
];

const BY_RESOURCE = new Map(TYPES.map((t) => [t.resource, t]));
const BY_KIND = new Map(TYPES.map((t) => [t.kind, t]));

/** Look up by plural resource (`pods`). */
export function byResource(resource: string): ResourceType | undefined {
  return BY_RESOURCE.get(resource);
}

/** Look up by kind (`Pod`). */
export function byKind(kind: string): ResourceType | undefined {
  return BY_KIND.get(kind);
}

export function allResourceTypes(): readonly ResourceType[] {
  return TYPES;
}

/** `apps/v1` or `v1`. */
export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** The etcd key of an object: `/registry/<prefix>/<ns>/<name>` or `/registry/<prefix>/<name>`. */
export function etcdKey(t: ResourceType, namespace: string | undefined, name: string): string {
  return t.namespaced ? `/registry/${t.etcdPrefix}/${namespace}/${name}` : `/registry/${t.etcdPrefix}/${name}`;
}

/** The REST path, e.g. `/api/v1/namespaces/default/pods` or `/apis/apps/v1/namespaces/default/deployments/web`. */
export function restPath(t: ResourceType, namespace: string | undefined, name?: string): string {
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  const ns = t.namespaced && namespace ? `/namespaces/${namespace}` : '';
  return `${base}${ns}/${t.resource}${name ? '/' + name : ''}`;
}

/** The `Kind.group` of error messages: `Deployment.apps`, or just `Pod` for the core group. */
export function qualifiedKind(t: ResourceType): string {
  return t.group ? `${t.kind}.${t.group}` : t.kind;
}

/** `pod/busybox`: the target form of trace messages. */
export function targetOf(kind: string, name: string): string {
  return `${kind.toLowerCase()}/${name}`;
}
