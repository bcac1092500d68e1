/* eslint-disable @typescript-eslint/no-explicit-any */
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
  /** A custom resource: served from its CustomResourceDefinition (`spec.names.singular`). */
  custom?: { singular: string; crd: string; /** Every served version (`spec.versions[].served`). */ versions: string[] };
}

const TYPES: ResourceType[] = [
  { kind: 'Pod', resource: 'pods', group: '', version: 'v1', namespaced: true, etcdPrefix: 'pods', short: ['po', 'pod'] },
  { kind: 'Node', resource: 'nodes', group: '', version: 'v1', namespaced: false, etcdPrefix: 'minions', short: ['no', 'node'] },
  { kind: 'Namespace', resource: 'namespaces', group: '', version: 'v1', namespaced: false, etcdPrefix: 'namespaces', short: ['ns', 'namespace'] },
  { kind: 'Service', resource: 'services', group: '', version: 'v1', namespaced: true, etcdPrefix: 'services/specs', short: ['svc', 'service'] },
  { kind: 'Endpoints', resource: 'endpoints', group: '', version: 'v1', namespaced: true, etcdPrefix: 'services/endpoints', short: ['ep'] },
  { kind: 'ConfigMap', resource: 'configmaps', group: '', version: 'v1', namespaced: true, etcdPrefix: 'configmaps', short: ['cm', 'configmap'] },
  { kind: 'Secret', resource: 'secrets', group: '', version: 'v1', namespaced: true, etcdPrefix: 'secrets', short: ['secret'] },
  { kind: 'ServiceAccount', resource: 'serviceaccounts', group: '', version: 'v1', namespaced: true, etcdPrefix: 'serviceaccounts', short: ['sa', 'serviceaccount'] },
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
  { kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets', group: 'policy', version: 'v1', namespaced: true, etcdPrefix: 'poddisruptionbudgets', short: ['pdb', 'poddisruptionbudget'] },
  { kind: 'PriorityClass', resource: 'priorityclasses', group: 'scheduling.k8s.io', version: 'v1', namespaced: false, etcdPrefix: 'priorityclasses', short: ['pc', 'priorityclass'] },
  // The apiextensions-apiserver stores under its group (apiextensions-apiserver pkg/registry/customresourcedefinition/etcd.go).
  { kind: 'CustomResourceDefinition', resource: 'customresourcedefinitions', group: 'apiextensions.k8s.io', version: 'v1', namespaced: false, etcdPrefix: 'apiextensions.k8s.io/customresourcedefinitions', short: ['crd', 'crds', 'customresourcedefinition'] },
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

/**
 * The resource types one apiserver serves: the built-in ones, and the custom resources its
 * CustomResourceDefinitions add (LANGUAGE.md §12.1). A custom resource is keyed by its plural,
 * stored under `/registry/<group>/<plural>/` (apiextensions-apiserver pkg/apiserver/
 * customresource_handler.go: the etcd prefix is the group, then the plural resource).
 * Simplification: one group per plural — a second CustomResourceDefinition with a plural that is
 * already served (built in, or from another group) is refused.
 */
export class ServedTypes {
  private readonly custom = new Map<string, ResourceType>();

  /** By plural resource (`pods`, `widgets`), or `plural.group` (`widgets.example.com`). */
  byResource(resource: string): ResourceType | undefined {
    const t = BY_RESOURCE.get(resource) ?? this.custom.get(resource);
    if (t || !resource.includes('.')) return t;
    const dot = resource.indexOf('.');
    const c = this.custom.get(resource.slice(0, dot));
    return c && c.group === resource.slice(dot + 1) ? c : undefined;
  }

  /** By kind, and by apiVersion when given (custom kinds are looked up by both). */
  byKind(kind: string, apiVersion?: string): ResourceType | undefined {
    const t = BY_KIND.get(kind);
    if (t && (apiVersion === undefined || apiVersionOf(t) === apiVersion)) return t;
    for (const c of this.custom.values()) if (c.kind === kind && (apiVersion === undefined || c.custom!.versions.some((v) => `${c.group}/${v}` === apiVersion))) return c;
    return undefined;
  }

  /** A word kubectl accepts for a resource (plural, singular, kind in lower case, short name). */
  byWord(word: string): ResourceType | undefined {
    const w = word.toLowerCase();
    for (const c of this.custom.values()) if (customWords(c).includes(w)) return c;
    return undefined;
  }

  all(): ResourceType[] {
    return [...TYPES, ...this.custom.values()];
  }

  customTypes(): ResourceType[] {
    return [...this.custom.values()];
  }

  /** Serve a custom resource; false when its plural is taken. */
  serve(t: ResourceType): boolean {
    const cur = BY_RESOURCE.get(t.resource) ?? this.custom.get(t.resource);
    if (cur && cur.custom?.crd !== t.custom?.crd) return false;
    this.custom.set(t.resource, t);
    return true;
  }

  unserve(resource: string): void {
    this.custom.delete(resource);
  }
}

/** The words kubectl takes for a custom resource: plural, singular, kind and short names, alone or with `.GROUP`. */
export function customWords(t: ResourceType): string[] {
  const words = [t.resource, t.custom?.singular ?? t.kind.toLowerCase(), t.kind.toLowerCase(), ...t.short.map((s) => s.toLowerCase())];
  return [...words, ...words.map((w) => `${w}.${t.group}`)];
}

/**
 * The resource type a CustomResourceDefinition declares: its group, the storage version (the one
 * with `storage: true`, else the first served), names and scope.
 */
export function customType(crd: { metadata?: { name?: string }; spec?: any }): ResourceType | undefined {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
  const version = versions.find((v) => v?.storage) ?? versions.find((v) => v?.served) ?? versions[0];
  if (typeof spec.group !== 'string' || typeof names.plural !== 'string' || typeof names.kind !== 'string' || typeof version?.name !== 'string') return undefined;
  const singular = typeof names.singular === 'string' && names.singular ? names.singular : names.kind.toLowerCase();
  return {
    kind: names.kind,
    resource: names.plural,
    group: spec.group,
    version: version.name,
    namespaced: spec.scope !== 'Cluster',
    etcdPrefix: `${spec.group}/${names.plural}`,
    short: Array.isArray(names.shortNames) ? names.shortNames.filter((n: unknown): n is string => typeof n === 'string') : [],
    custom: { singular, crd: crd.metadata?.name ?? `${names.plural}.${spec.group}`, versions: versions.filter((v) => v?.served !== false && typeof v?.name === 'string').map((v) => v.name as string) },
  };
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
