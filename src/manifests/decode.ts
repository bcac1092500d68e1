/**
 * The apiserver's decoding of a request body into its Go type (sigs.k8s.io/json, a fork of
 * encoding/json): a value of the wrong JSON type — a map where a list belongs, a number where a
 * string does, an integer out of its Go type's range — is refused with encoding/json's
 * UnmarshalTypeError: `json: cannot unmarshal number into Go struct field
 * Container.spec.containers.image of type string` (the innermost Go struct, then the JSON field
 * path from the object's root, list indexes left out). The first error in document order wins,
 * as encoding/json keeps the first it saves. `null` decodes into anything (a zero value).
 *
 * The schema below covers the types and fields the simulation reads, for the kinds it serves;
 * other fields are not looked at (the apiserver keeps them as given or drops them).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

/** A path into an object: keys and list indexes (`['spec', 'containers', 0, 'image']`). */
export type FieldPath = (string | number)[];

type Scalar = 'string' | 'bool' | 'int32' | 'int64' | 'intstr' | 'quantity';
/** A Go struct: its name (`v1.Container`, shown as `Container` when it holds the field) and fields. */
interface Struct {
  struct: string;
  fields: Record<string, Schema>;
}
/** A named string type (`v1.RestartPolicy`), a slice, a map of strings, or free content. */
type Schema = Scalar | Struct | { named: string } | { list: Schema } | { map: Scalar } | 'any';

const str = (named: string): Schema => ({ named });
const list = (s: Schema): Schema => ({ list: s });
const struct = (name: string, fields: Record<string, Schema>): Struct => ({ struct: name, fields });

const LABEL_SELECTOR_REQUIREMENT = struct('v1.LabelSelectorRequirement', { key: 'string', operator: str('v1.LabelSelectorOperator'), values: list('string') });
const LABEL_SELECTOR = struct('v1.LabelSelector', { matchLabels: { map: 'string' }, matchExpressions: list(LABEL_SELECTOR_REQUIREMENT) });
const OBJECT_META = struct('v1.ObjectMeta', {
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  labels: { map: 'string' },
  annotations: { map: 'string' },
  finalizers: list('string'),
});
const NODE_SELECTOR_REQUIREMENT = struct('v1.NodeSelectorRequirement', { key: 'string', operator: str('v1.NodeSelectorOperator'), values: list('string') });
const NODE_SELECTOR_TERM = struct('v1.NodeSelectorTerm', { matchExpressions: list(NODE_SELECTOR_REQUIREMENT), matchFields: list(NODE_SELECTOR_REQUIREMENT) });
const POD_AFFINITY_TERM = struct('v1.PodAffinityTerm', { labelSelector: LABEL_SELECTOR, namespaces: list('string'), topologyKey: 'string', namespaceSelector: LABEL_SELECTOR, matchLabelKeys: list('string'), mismatchLabelKeys: list('string') });
const WEIGHTED_POD_AFFINITY_TERM = struct('v1.WeightedPodAffinityTerm', { weight: 'int32', podAffinityTerm: POD_AFFINITY_TERM });
const POD_AFFINITY = (name: string) => struct(name, { requiredDuringSchedulingIgnoredDuringExecution: list(POD_AFFINITY_TERM), preferredDuringSchedulingIgnoredDuringExecution: list(WEIGHTED_POD_AFFINITY_TERM) });
const AFFINITY = struct('v1.Affinity', {
  nodeAffinity: struct('v1.NodeAffinity', {
    requiredDuringSchedulingIgnoredDuringExecution: struct('v1.NodeSelector', { nodeSelectorTerms: list(NODE_SELECTOR_TERM) }),
    preferredDuringSchedulingIgnoredDuringExecution: list(struct('v1.PreferredSchedulingTerm', { weight: 'int32', preference: NODE_SELECTOR_TERM })),
  }),
  podAffinity: POD_AFFINITY('v1.PodAffinity'),
  podAntiAffinity: POD_AFFINITY('v1.PodAntiAffinity'),
});
const CONTAINER = struct('v1.Container', {
  name: 'string',
  image: 'string',
  command: list('string'),
  args: list('string'),
  workingDir: 'string',
  imagePullPolicy: str('v1.PullPolicy'),
  ports: list(struct('v1.ContainerPort', { name: 'string', hostPort: 'int32', containerPort: 'int32', protocol: str('v1.Protocol'), hostIP: 'string' })),
  env: list(struct('v1.EnvVar', { name: 'string', value: 'string', valueFrom: 'any' })),
  resources: struct('v1.ResourceRequirements', { limits: { map: 'quantity' }, requests: { map: 'quantity' } }),
  restartPolicy: str('v1.ContainerRestartPolicy'),
  terminationMessagePath: 'string',
  terminationMessagePolicy: str('v1.TerminationMessagePolicy'),
  stdin: 'bool',
  tty: 'bool',
});
const TOLERATION = struct('v1.Toleration', { key: 'string', operator: str('v1.TolerationOperator'), value: 'string', effect: str('v1.TaintEffect'), tolerationSeconds: 'int64' });
const POD_SPEC = struct('v1.PodSpec', {
  volumes: list(struct('v1.Volume', { name: 'string' })),
  initContainers: list(CONTAINER),
  containers: list(CONTAINER),
  restartPolicy: str('v1.RestartPolicy'),
  terminationGracePeriodSeconds: 'int64',
  activeDeadlineSeconds: 'int64',
  dnsPolicy: str('v1.DNSPolicy'),
  nodeSelector: { map: 'string' },
  serviceAccountName: 'string',
  nodeName: 'string',
  hostname: 'string',
  subdomain: 'string',
  affinity: AFFINITY,
  schedulerName: 'string',
  tolerations: list(TOLERATION),
  priorityClassName: 'string',
  priority: 'int32',
  preemptionPolicy: str('v1.PreemptionPolicy'),
  topologySpreadConstraints: list(struct('v1.TopologySpreadConstraint', { maxSkew: 'int32', topologyKey: 'string', whenUnsatisfiable: str('v1.UnsatisfiableConstraintAction'), labelSelector: LABEL_SELECTOR, minDomains: 'int32', matchLabelKeys: list('string') })),
  schedulingGates: list(struct('v1.PodSchedulingGate', { name: 'string' })),
  enableServiceLinks: 'bool',
});
const POD_TEMPLATE = struct('v1.PodTemplateSpec', { metadata: OBJECT_META, spec: POD_SPEC });
const POD_STATUS = struct('v1.PodStatus', {
  phase: str('v1.PodPhase'),
  conditions: list(struct('v1.PodCondition', { type: str('v1.PodConditionType'), status: str('v1.ConditionStatus'), reason: 'string', message: 'string' })),
  containerStatuses: list(struct('v1.ContainerStatus', { name: 'string', ready: 'bool', restartCount: 'int32', image: 'string' })),
});
const JOB_SPEC = struct('v1.JobSpec', {
  parallelism: 'int32',
  completions: 'int32',
  activeDeadlineSeconds: 'int64',
  podFailurePolicy: struct('v1.PodFailurePolicy', {
    rules: list(struct('v1.PodFailurePolicyRule', { action: str('v1.PodFailurePolicyAction'), onExitCodes: struct('v1.PodFailurePolicyOnExitCodesRequirement', { containerName: 'string', operator: str('v1.PodFailurePolicyOnExitCodesOperator'), values: list('int32') }), onPodConditions: 'any' })),
  }),
  backoffLimit: 'int32',
  backoffLimitPerIndex: 'int32',
  maxFailedIndexes: 'int32',
  selector: LABEL_SELECTOR,
  manualSelector: 'bool',
  template: POD_TEMPLATE,
  ttlSecondsAfterFinished: 'int32',
  completionMode: str('v1.CompletionMode'),
  suspend: 'bool',
  podReplacementPolicy: str('v1.PodReplacementPolicy'),
});
const METADATA_ONLY = { metadata: OBJECT_META };

/** The Go type of each kind the simulation serves. */
const KINDS: Record<string, Struct> = {
  Pod: struct('v1.Pod', { ...METADATA_ONLY, spec: POD_SPEC, status: POD_STATUS }),
  Deployment: struct('v1.Deployment', {
    ...METADATA_ONLY,
    spec: struct('v1.DeploymentSpec', {
      replicas: 'int32',
      selector: LABEL_SELECTOR,
      template: POD_TEMPLATE,
      strategy: struct('v1.DeploymentStrategy', { type: str('v1.DeploymentStrategyType'), rollingUpdate: struct('v1.RollingUpdateDeployment', { maxUnavailable: 'intstr', maxSurge: 'intstr' }) }),
      minReadySeconds: 'int32',
      revisionHistoryLimit: 'int32',
      paused: 'bool',
      progressDeadlineSeconds: 'int32',
    }),
  }),
  ReplicaSet: struct('v1.ReplicaSet', { ...METADATA_ONLY, spec: struct('v1.ReplicaSetSpec', { replicas: 'int32', minReadySeconds: 'int32', selector: LABEL_SELECTOR, template: POD_TEMPLATE }) }),
  StatefulSet: struct('v1.StatefulSet', {
    ...METADATA_ONLY,
    spec: struct('v1.StatefulSetSpec', {
      replicas: 'int32',
      selector: LABEL_SELECTOR,
      template: POD_TEMPLATE,
      serviceName: 'string',
      podManagementPolicy: str('v1.PodManagementPolicyType'),
      updateStrategy: struct('v1.StatefulSetUpdateStrategy', { type: str('v1.StatefulSetUpdateStrategyType'), rollingUpdate: struct('v1.RollingUpdateStatefulSetStrategy', { partition: 'int32', maxUnavailable: 'intstr' }) }),
      revisionHistoryLimit: 'int32',
      minReadySeconds: 'int32',
      persistentVolumeClaimRetentionPolicy: struct('v1.StatefulSetPersistentVolumeClaimRetentionPolicy', { whenDeleted: str('v1.PersistentVolumeClaimRetentionPolicyType'), whenScaled: str('v1.PersistentVolumeClaimRetentionPolicyType') }),
      ordinals: struct('v1.StatefulSetOrdinals', { start: 'int32' }),
    }),
  }),
  DaemonSet: struct('v1.DaemonSet', {
    ...METADATA_ONLY,
    spec: struct('v1.DaemonSetSpec', {
      selector: LABEL_SELECTOR,
      template: POD_TEMPLATE,
      updateStrategy: struct('v1.DaemonSetUpdateStrategy', { type: str('v1.DaemonSetUpdateStrategyType'), rollingUpdate: struct('v1.RollingUpdateDaemonSet', { maxUnavailable: 'intstr', maxSurge: 'intstr' }) }),
      minReadySeconds: 'int32',
      revisionHistoryLimit: 'int32',
    }),
  }),
  Job: struct('v1.Job', { ...METADATA_ONLY, spec: JOB_SPEC }),
  CronJob: struct('v1.CronJob', {
    ...METADATA_ONLY,
    spec: struct('v1.CronJobSpec', {
      schedule: 'string',
      timeZone: 'string',
      startingDeadlineSeconds: 'int64',
      concurrencyPolicy: str('v1.ConcurrencyPolicy'),
      suspend: 'bool',
      jobTemplate: struct('v1.JobTemplateSpec', { metadata: OBJECT_META, spec: JOB_SPEC }),
      successfulJobsHistoryLimit: 'int32',
      failedJobsHistoryLimit: 'int32',
    }),
  }),
  Service: struct('v1.Service', {
    ...METADATA_ONLY,
    spec: struct('v1.ServiceSpec', {
      ports: list(struct('v1.ServicePort', { name: 'string', protocol: str('v1.Protocol'), port: 'int32', targetPort: 'intstr', nodePort: 'int32' })),
      selector: { map: 'string' },
      clusterIP: 'string',
      clusterIPs: list('string'),
      type: str('v1.ServiceType'),
      sessionAffinity: str('v1.ServiceAffinity'),
      externalTrafficPolicy: str('v1.ServiceExternalTrafficPolicy'),
      internalTrafficPolicy: str('v1.ServiceInternalTrafficPolicy'),
      publishNotReadyAddresses: 'bool',
    }),
  }),
  Namespace: struct('v1.Namespace', { ...METADATA_ONLY, spec: struct('v1.NamespaceSpec', { finalizers: list(str('v1.FinalizerName')) }) }),
  Node: struct('v1.Node', { ...METADATA_ONLY, spec: struct('v1.NodeSpec', { unschedulable: 'bool', taints: list(struct('v1.Taint', { key: 'string', value: 'string', effect: str('v1.TaintEffect') })) }) }),
  PriorityClass: struct('v1.PriorityClass', { ...METADATA_ONLY, value: 'int32', globalDefault: 'bool', description: 'string', preemptionPolicy: str('v1.PreemptionPolicy') }),
};

/** The Go struct of a kind, when the simulation decodes it; other kinds are stored as given. */
export function hasSchema(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(KINDS, kind);
}

const INT_RANGE = { int32: [-2147483648, 2147483647], int64: [-9223372036854775808, 9223372036854775807] } as const;

/** encoding/json's name for a JSON value's type. */
export function jsonType(v: unknown): string {
  return typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : typeof v === 'string' ? 'string' : Array.isArray(v) ? 'array' : 'object';
}

/** A JSON number as encoding/json quotes it (`number 2147483648`, `number 1.5`). */
function numberText(v: number): string {
  return Number.isInteger(v) && Math.abs(v) >= 1e21 ? BigInt(v).toString() : String(v);
}

/** Go's name of a schema type, as UnmarshalTypeError prints it. */
function goType(s: Schema): string {
  if (typeof s === 'string') return s === 'intstr' ? 'intstr.IntOrString' : s === 'quantity' ? 'resource.Quantity' : s === 'any' ? 'interface {}' : s;
  if ('struct' in s) return s.struct;
  if ('named' in s) return s.named;
  if ('list' in s) return `[]${goType(s.list)}`;
  return `map[string]${goType(s.map)}`;
}

/** A type error: what was found, the Go struct holding the field, the JSON field path (no indexes), the Go type. */
export interface TypeError {
  value: string;
  struct: string;
  field: string[];
  type: string;
  path: FieldPath;
}

/** The error's text: `json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container`. */
export function typeErrorText(e: TypeError): string {
  return `json: cannot unmarshal ${e.value} into Go struct field ${e.struct}.${e.field.join('.')} of type ${e.type}`;
}

/**
 * The first type error of `obj` decoded as its kind's Go type, or undefined (also for kinds
 * without a schema). Quantities are left to the caller (their error is their parser's).
 */
export function firstTypeError(obj: unknown): TypeError | undefined {
  const kind = (obj as any)?.kind;
  if (typeof kind !== 'string' || !hasSchema(kind)) return undefined;
  const root = KINDS[kind]!;
  const short = (name: string) => name.replace(/^v1\./, '');
  const walk = (v: unknown, s: Schema, structName: string, field: string[], path: FieldPath): TypeError | undefined => {
    if (v === null || v === undefined || s === 'any') return undefined;
    const err = (value: string): TypeError => ({ value, struct: structName, field, type: goType(s), path });
    if (typeof s === 'string') {
      switch (s) {
        case 'string':
          return typeof v === 'string' ? undefined : err(jsonType(v));
        case 'bool':
          return typeof v === 'boolean' ? undefined : err(jsonType(v));
        case 'int32':
        case 'int64': {
          if (typeof v !== 'number') return err(jsonType(v));
          const [lo, hi] = INT_RANGE[s];
          return Number.isInteger(v) && v >= lo && v <= hi ? undefined : err(`number ${numberText(v)}`);
        }
        case 'intstr': {
          // IntOrString.UnmarshalJSON: a string, or an int32 (its inner error names int32).
          if (typeof v === 'string') return undefined;
          const inner = { ...err(jsonType(v)), type: 'int32' };
          if (typeof v !== 'number') return inner;
          return Number.isInteger(v) && v >= INT_RANGE.int32[0] && v <= INT_RANGE.int32[1] ? undefined : { ...inner, value: `number ${numberText(v)}` };
        }
        case 'quantity':
          return undefined;
      }
    }
    if ('named' in s) return typeof v === 'string' ? undefined : err(jsonType(v));
    if ('list' in s) {
      if (!Array.isArray(v)) return err(jsonType(v));
      for (let i = 0; i < v.length; i++) {
        const e = walk(v[i], s.list, structName, field, [...path, i]);
        if (e) return e;
      }
      return undefined;
    }
    if ('map' in s) {
      if (typeof v !== 'object' || Array.isArray(v)) return err(jsonType(v));
      for (const [k, x] of Object.entries(v)) {
        const e = walk(x, s.map, structName, field, [...path, k]);
        if (e) return e;
      }
      return undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v)) return err(jsonType(v));
    for (const [k, x] of Object.entries(v)) {
      const f = s.fields[k];
      if (!f) continue;
      const e = walk(x, f, short(s.struct), [...field, k], [...path, k]);
      if (e) return e;
    }
    return undefined;
  };
  return walk(obj, root, short(root.struct), [], []);
}

/** The Go zero value of a schema type, as the decoded object is encoded again. */
function zero(s: Schema): unknown {
  if (typeof s === 'string') return s === 'string' ? '' : s === 'bool' ? false : s === 'int32' || s === 'int64' ? 0 : null;
  if ('named' in s) return '';
  if ('struct' in s) return {};
  return null;
}

/**
 * What the apiserver stores after decoding: a `null` list item or map value is its type's zero
 * value (`tolerations: [null]` is `[{}]`, a label `a: null` is `a: ""`), as Go encodes the
 * decoded object again. Changes `obj` in place; call it on an object that decodes.
 */
export function normalizeDecoded(obj: unknown): void {
  const kind = (obj as any)?.kind;
  if (typeof kind !== 'string' || !hasSchema(kind)) return;
  const walk = (v: any, s: Schema): void => {
    if (v === null || typeof v !== 'object' || typeof s === 'string') return;
    if ('list' in s) {
      if (!Array.isArray(v)) return;
      for (let i = 0; i < v.length; i++) {
        if (v[i] === null) v[i] = zero(s.list);
        else walk(v[i], s.list);
      }
    } else if ('map' in s) {
      for (const k of Object.keys(v)) if (v[k] === null) v[k] = zero(s.map);
    } else if ('struct' in s) {
      for (const [k, f] of Object.entries(s.fields)) if (k in v) walk(v[k], f);
    }
  };
  walk(obj, KINDS[kind]!);
}
