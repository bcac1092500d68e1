/**
 * Validation with the apiserver's wording: `Deployment.apps "web" is invalid: spec.replicas:
 * Invalid value: -1: must be greater than or equal to 0`. Covers the fields the simulation acts
 * on; every other field is accepted and stored as given, as a real apiserver does.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../trace/types.js';
import { quantityValue } from './quantity.js';
import { parseSchedule, timeZoneProblem } from './cron.js';
import { indexesFormatProblem } from './job-indexes.js';
import { firstTypeError, typeErrorText, type FieldPath } from './decode.js';
import { validateConfigObject } from './config-objects.js';

export interface FieldError {
  field: string;
  /** `Required value`, `Invalid value`, `Unsupported value`, `Duplicate value` … */
  type: string;
  value?: unknown;
  detail?: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validation.RegexError (apimachinery pkg/util/validation): the message, examples and the regex. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (!examples.length) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

const DNS1123_LABEL_MSG = regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", '[a-z0-9]([-a-z0-9]*[a-z0-9])?', 'my-name', '123-abc');
const DNS1123_SUBDOMAIN_MSG = regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*', 'example.com');
const DNS1035_LABEL_MSG = regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", '[a-z]([-a-z0-9]*[a-z0-9])?', 'my-name', 'abc-123');
const LABEL_VALUE_MSG = regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?', 'MyValue', 'my_value', '12345');

/** Render errors as the apiserver's 422 message (field.ErrorList.ToAggregate: repeated messages once). */
export function invalidMessage(qualifiedKind: string, name: string, errors: FieldError[]): string {
  const parts = [...new Set(errors.map((e) => {
    let s = `${e.field}: ${e.type}`;
    if ((e.type === 'Invalid value' || e.type === 'Unsupported value' || e.type === 'Duplicate value') && e.value !== OMIT) s += `: ${formatValue(e.value)}`;
    if (e.detail) s += `: ${e.detail}`;
    return s;
  }))];
  const body = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return `${qualifiedKind} "${name}" is invalid: ${body}`;
}

/** A value that field.Error prints as Go's `%v` of a number or Stringer (an IntOrString prints bare: `0`, `25%`). */
export class Bare {
  constructor(readonly text: string) {}
}

/** field.OmitValueType{}: the error names no value (`spec.x: Invalid value: <detail>`). */
const OMIT = new Bare('');

/** field.Error's rendering of a bad value: strings quoted, numbers bare, maps as Go's `%#v`. */
function formatValue(v: unknown): string {
  if (v instanceof Bare) return v.text;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) {
    const entries = Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify((v as Record<string, string>)[k])}`);
    return `map[string]string{${entries.join(', ')}}`;
  }
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The name rules: a DNS subdomain (most kinds), a DNS-1123 label (namespaces, containers), a DNS-1035 label (services). */
type NameRule = 'subdomain' | 'label' | 'dns1035';

/** IsDNS1123Subdomain / IsDNS1123Label / IsDNS1035Label: a length error and a format error may both apply. */
function nameErrors(name: string, rule: NameRule): string[] {
  const out: string[] = [];
  const max = rule === 'subdomain' ? 253 : 63;
  if (name.length > max) out.push(`must be no more than ${max} characters`);
  if (rule === 'subdomain' && !DNS1123_SUBDOMAIN.test(name)) out.push(DNS1123_SUBDOMAIN_MSG);
  if (rule === 'dns1035' && !DNS1035_LABEL.test(name)) out.push(DNS1035_LABEL_MSG);
  // A valid subdomain that is no label has dots (its length was checked already).
  if (rule === 'label' && !DNS1123_LABEL.test(name)) out.push(DNS1123_SUBDOMAIN.test(name) ? 'must not contain dots' : DNS1123_LABEL_MSG);
  return out;
}

function checkName(errors: FieldError[], field: string, name: unknown, rule: NameRule = 'subdomain'): void {
  if (typeof name !== 'string' || !name) {
    errors.push({ field, type: 'Required value', detail: 'name or generateName is required' });
    return;
  }
  for (const detail of nameErrors(name, rule)) errors.push({ field, type: 'Invalid value', value: name, detail });
}

function nonNegative(errors: FieldError[], field: string, v: unknown): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v)) errors.push({ field, type: 'Invalid value', value: v, detail: 'must be an integer' });
  else if (v < 0) errors.push({ field, type: 'Invalid value', value: v, detail: 'must be greater than or equal to 0' });
}

function validatePodSpec(errors: FieldError[], spec: any, path: string): void {
  if (!spec || typeof spec !== 'object') {
    errors.push({ field: path, type: 'Required value' });
    return;
  }
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    errors.push({ field: `${path}.containers`, type: 'Required value' });
  } else {
    const seen = new Set<string>();
    containers.forEach((c: any, i: number) => validateContainer(errors, c, `${path}.containers[${i}]`, seen));
  }
  (Array.isArray(spec.initContainers) ? spec.initContainers : []).forEach((c: any, i: number) => validateContainer(errors, c, `${path}.initContainers[${i}]`, new Set()));
  if (spec.restartPolicy !== undefined && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) {
    errors.push({ field: `${path}.restartPolicy`, type: 'Unsupported value', value: spec.restartPolicy, detail: 'supported values: "Always", "OnFailure", "Never"' });
  }
  for (const [i, t] of (Array.isArray(spec.tolerations) ? spec.tolerations : []).entries()) {
    if (t?.effect !== undefined && !['NoSchedule', 'PreferNoSchedule', 'NoExecute', ''].includes(t.effect)) {
      errors.push({ field: `${path}.tolerations[${i}].effect`, type: 'Unsupported value', value: t.effect, detail: 'supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"' });
    }
  }
  validateTopologySpreadConstraints(errors, spec.topologySpreadConstraints, `${path}.topologySpreadConstraints`);
}

/**
 * validateTopologySpreadConstraints (pkg/apis/core/validation/validation.go): ValidateMaxSkew
 * (`must be greater than zero`), ValidateTopologyKey, ValidateWhenUnsatisfiable,
 * ValidateSpreadConstraintNotRepeat and validateMinDomains.
 */
function validateTopologySpreadConstraints(errors: FieldError[], list: unknown, path: string): void {
  if (!Array.isArray(list)) return;
  list.forEach((c: any, i: number) => {
    const at = `${path}[${i}]`;
    if (!c || typeof c !== 'object') return;
    const maxSkew = c.maxSkew ?? 0;
    if (maxSkew <= 0) errors.push({ field: `${at}.maxSkew`, type: 'Invalid value', value: maxSkew, detail: 'must be greater than zero' });
    if (!c.topologyKey) errors.push({ field: `${at}.topologyKey`, type: 'Required value', detail: 'can not be empty' });
    const action = c.whenUnsatisfiable ?? '';
    if (action !== 'DoNotSchedule' && action !== 'ScheduleAnyway') errors.push({ field: `${at}.whenUnsatisfiable`, type: 'Unsupported value', value: action, detail: 'supported values: "DoNotSchedule", "ScheduleAnyway"' });
    else if (list.slice(i + 1).some((d: any) => d?.topologyKey === c.topologyKey && d?.whenUnsatisfiable === action)) {
      errors.push({ field: `${at}.{topologyKey, whenUnsatisfiable}`, type: 'Duplicate value', value: `${c.topologyKey}, ${action}` });
    }
    if (c.minDomains !== undefined && c.minDomains !== null) {
      if (!(c.minDomains > 0)) errors.push({ field: `${at}.minDomains`, type: 'Invalid value', value: c.minDomains, detail: 'must be greater than zero' });
      if (action !== 'DoNotSchedule') errors.push({ field: `${at}.minDomains`, type: 'Invalid value', value: c.minDomains, detail: `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}` });
    }
  });
}

function validateContainer(errors: FieldError[], c: any, path: string, seen: Set<string>): void {
  if (!c || typeof c !== 'object') {
    errors.push({ field: path, type: 'Required value' });
    return;
  }
  if (!c.name) errors.push({ field: `${path}.name`, type: 'Required value' });
  else {
    checkName(errors, `${path}.name`, c.name, 'label');
    if (seen.has(c.name)) errors.push({ field: `${path}.name`, type: 'Duplicate value', value: c.name });
    seen.add(c.name);
  }
  if (!c.image) errors.push({ field: `${path}.image`, type: 'Required value' });
  (Array.isArray(c.ports) ? c.ports : []).forEach((p: any, i: number) => {
    const port = p?.containerPort;
    if (port === undefined) errors.push({ field: `${path}.ports[${i}].containerPort`, type: 'Required value' });
    else if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) errors.push({ field: `${path}.ports[${i}].containerPort`, type: 'Invalid value', value: port, detail: 'must be between 1 and 65535, inclusive' });
  });
  if (c.imagePullPolicy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy)) {
    errors.push({ field: `${path}.imagePullPolicy`, type: 'Unsupported value', value: c.imagePullPolicy, detail: 'supported values: "Always", "IfNotPresent", "Never"' });
  }
  for (const kind of ['requests', 'limits']) {
    const res = c.resources?.[kind];
    if (!res || typeof res !== 'object') continue;
    for (const [k, v] of Object.entries(res)) {
      const q = quantityValue(v);
      if (q === undefined) errors.push({ field: `${path}.resources.${kind}[${k}]`, type: 'Invalid value', value: v, detail: 'must be a valid quantity' });
      else if (q < 0) errors.push({ field: `${path}.resources.${kind}[${k}]`, type: 'Invalid value', value: v, detail: 'must be greater than or equal to 0' });
    }
  }
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  for (const k of Object.keys(lim)) {
    const r = quantityValue(req[k]);
    const l = quantityValue(lim[k]);
    if (r !== undefined && l !== undefined && r > l) {
      // The value is quantity.String(): a string, so quoted.
      errors.push({ field: `${path}.resources.requests`, type: 'Invalid value', value: String(req[k]), detail: `must be less than or equal to ${k} limit of ${lim[k]}` });
    }
  }
}

function validateSelectorMatchesTemplate(errors: FieldError[], o: any): void {
  const sel = o.spec?.selector;
  const labels = o.spec?.template?.metadata?.labels ?? {};
  if (!sel || typeof sel !== 'object') {
    // A missing selector selects nothing (labels.Nothing()), so the template does not match it either.
    errors.push({ field: 'spec.selector', type: 'Required value' });
    errors.push({ field: 'spec.template.metadata.labels', type: 'Invalid value', value: labels, detail: '`selector` does not match template `labels`' });
    return;
  }
  if (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length) {
    errors.push({ field: 'spec.selector', type: 'Invalid value', value: new Bare(goSelector(sel)), detail: `empty selector is invalid for ${o.kind === 'Deployment' ? 'deployment' : 'replicaset'}` });
    return;
  }
  const ok = Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  if (!ok) {
    errors.push({ field: 'spec.template.metadata.labels', type: 'Invalid value', value: labels, detail: '`selector` does not match template `labels`' });
  }
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** IsQualifiedName for a label key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
function labelKeyErrors(key: string): string[] {
  const parts = key.split('/');
  let name = key;
  const out: string[] = [];
  if (parts.length === 2) {
    const [prefix, rest] = parts as [string, string];
    name = rest;
    if (!prefix) out.push('prefix part must be non-empty');
    else for (const e of nameErrors(prefix, 'subdomain')) out.push(`prefix part ${e}`);
  } else if (parts.length > 2) {
    return [regexError("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]', 'MyName', 'my.name', '123-abc') + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (!name) out.push('name part must be non-empty');
  else if (name.length > 63) out.push('name part must be no more than 63 characters');
  if (name && !QUALIFIED_NAME.test(name)) out.push(`name part ${regexError("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]', 'MyName', 'my.name', '123-abc')}`);
  return out;
}

/** `%#v` of an empty *metav1.LabelSelector, as field.Error prints it. */
function goSelector(sel: any): string {
  const ml = sel.matchLabels && Object.keys(sel.matchLabels).length ? formatValue(sel.matchLabels) : 'map[string]string(nil)';
  const exprs = (sel.matchExpressions ?? []) as any[];
  const me = exprs.length
    ? `[]v1.LabelSelectorRequirement{${exprs.map((e) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:${e.values?.length ? `[]string{${e.values.map((v: string) => JSON.stringify(v)).join(', ')}}` : '[]string(nil)'}}`).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}

/** An IntOrString value: an integer, or a string that must be a percentage. */
function intOrPercent(errors: FieldError[], field: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') {
    if (v < 0) errors.push({ field, type: 'Invalid value', value: v, detail: 'must be greater than or equal to 0' });
    return v;
  }
  const text = String(v);
  if (!/^[0-9]+%$/.test(text)) {
    errors.push({ field, type: 'Invalid value', value: new Bare(text), detail: regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%') });
    return undefined;
  }
  return Number(text.slice(0, -1));
}

/** ValidateDeploymentStrategy + ValidateRollingUpdateDeployment (pkg/apis/apps/validation). */
function validateStrategy(errors: FieldError[], spec: any): void {
  const strategy = spec?.strategy ?? {};
  const type = strategy.type;
  if (type === 'Recreate') {
    if (strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null) {
      errors.push({ field: 'spec.strategy.rollingUpdate', type: 'Forbidden', detail: "may not be specified when strategy `type` is 'Recreate'" });
    }
    return;
  }
  if (type !== 'RollingUpdate') {
    errors.push({ field: 'spec.strategy.type', type: 'Unsupported value', value: type ?? '', detail: 'supported values: "Recreate", "RollingUpdate"' });
    return;
  }
  const ru = strategy.rollingUpdate ?? {};
  const unavailable = intOrPercent(errors, 'spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable);
  const surge = intOrPercent(errors, 'spec.strategy.rollingUpdate.maxSurge', ru.maxSurge);
  if (unavailable === 0 && surge === 0) {
    errors.push({ field: 'spec.strategy.rollingUpdate.maxUnavailable', type: 'Invalid value', value: new Bare(String(ru.maxUnavailable ?? 0)), detail: 'may not be 0 when `maxSurge` is 0' });
  }
  if (typeof ru.maxUnavailable === 'string' && unavailable !== undefined && unavailable > 100) {
    errors.push({ field: 'spec.strategy.rollingUpdate.maxUnavailable', type: 'Invalid value', value: new Bare(ru.maxUnavailable), detail: 'must not be greater than 100%' });
  }
}

/** The selector checks of ValidateStatefulSetSpec / ValidateDaemonSetSpec: required, not empty, matching the template's labels. */
function validateWorkloadSelector(errors: FieldError[], spec: any, kind: 'statefulset' | 'daemonset'): void {
  const sel = spec.selector;
  const labels = spec.template?.metadata?.labels ?? {};
  if (!sel || typeof sel !== 'object') {
    if (kind === 'statefulset') errors.push({ field: 'spec.selector', type: 'Required value' });
    errors.push({ field: 'spec.template.metadata.labels', type: 'Invalid value', value: labels, detail: '`selector` does not match template `labels`' });
    return;
  }
  const empty = !Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length;
  if (empty) errors.push({ field: 'spec.selector', type: 'Invalid value', value: new Bare(goSelector(sel)), detail: `empty selector is invalid for ${kind}` });
  else if (!Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v)) {
    errors.push({ field: 'spec.template.metadata.labels', type: 'Invalid value', value: labels, detail: '`selector` does not match template `labels`' });
  }
}

/** The template checks both StatefulSets and DaemonSets make: restartPolicy Always, no activeDeadlineSeconds. */
function validateWorkloadTemplate(errors: FieldError[], spec: any, kind: string): void {
  validatePodSpec(errors, spec.template?.spec, 'spec.template.spec');
  const rp = spec.template?.spec?.restartPolicy;
  if (rp !== undefined && rp !== 'Always') errors.push({ field: 'spec.template.spec.restartPolicy', type: 'Unsupported value', value: rp, detail: 'supported values: "Always"' });
  if (spec.template?.spec?.activeDeadlineSeconds !== undefined) errors.push({ field: 'spec.template.spec.activeDeadlineSeconds', type: 'Forbidden', detail: `activeDeadlineSeconds in ${kind} is not Supported` });
}

/**
 * ValidateStatefulSetSpec (pkg/apis/apps/validation). serviceName is optional; when set it must be
 * a DNS-1123 label, as it becomes each pod's spec.subdomain (kubernetes PR #130233, 1.33).
 */
function validateStatefulSetSpec(errors: FieldError[], spec: any): void {
  const pmp = spec.podManagementPolicy;
  if (!pmp) errors.push({ field: 'spec.podManagementPolicy', type: 'Required value' });
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errors.push({ field: 'spec.podManagementPolicy', type: 'Invalid value', value: pmp, detail: "must be 'OrderedReady' or 'Parallel'" });
  const us = spec.updateStrategy ?? {};
  if (!us.type) errors.push({ field: 'spec.updateStrategy', type: 'Required value' });
  else if (us.type === 'OnDelete') {
    if (us.rollingUpdate) errors.push({ field: 'spec.updateStrategy.rollingUpdate', type: 'Invalid value', value: us.rollingUpdate, detail: "only allowed for updateStrategy 'RollingUpdate'" });
  } else if (us.type === 'RollingUpdate') nonNegative(errors, 'spec.updateStrategy.rollingUpdate.partition', us.rollingUpdate?.partition);
  else errors.push({ field: 'spec.updateStrategy', type: 'Invalid value', value: us, detail: "must be 'RollingUpdate' or 'OnDelete'" });
  for (const k of ['whenDeleted', 'whenScaled']) {
    const v = spec.persistentVolumeClaimRetentionPolicy?.[k];
    if (v !== undefined && v !== 'Retain' && v !== 'Delete') errors.push({ field: `spec.persistentVolumeClaimRetentionPolicy.${k}`, type: 'Unsupported value', value: v, detail: 'supported values: "Retain", "Delete"' });
  }
  nonNegative(errors, 'spec.replicas', spec.replicas);
  nonNegative(errors, 'spec.minReadySeconds', spec.minReadySeconds);
  if (typeof spec.serviceName === 'string' && spec.serviceName) for (const detail of nameErrors(spec.serviceName, 'label')) errors.push({ field: 'spec.serviceName', type: 'Invalid value', value: spec.serviceName, detail });
  validateWorkloadSelector(errors, spec, 'statefulset');
  validateWorkloadTemplate(errors, spec, 'StatefulSet');
}

/** ValidateDaemonSetSpec + ValidateDaemonSetUpdateStrategy + ValidateRollingUpdateDaemonSet (pkg/apis/apps/validation). */
function validateDaemonSetSpec(errors: FieldError[], spec: any): void {
  validateWorkloadSelector(errors, spec, 'daemonset');
  validateWorkloadTemplate(errors, spec, 'DaemonSet');
  nonNegative(errors, 'spec.minReadySeconds', spec.minReadySeconds);
  const us = spec.updateStrategy ?? {};
  if (us.type === 'RollingUpdate') {
    const ru = us.rollingUpdate;
    if (!ru) errors.push({ field: 'spec.updateStrategy.rollingUpdate', type: 'Required value' });
    else {
      const unavailable = intOrPercent(errors, 'spec.updateStrategy.rollingUpdate.maxUnavailable', ru.maxUnavailable) ?? 0;
      const surge = intOrPercent(errors, 'spec.updateStrategy.rollingUpdate.maxSurge', ru.maxSurge) ?? 0;
      for (const k of ['maxUnavailable', 'maxSurge']) {
        if (typeof ru[k] === 'string' && /^\d+%$/.test(ru[k]) && Number(ru[k].slice(0, -1)) > 100) errors.push({ field: `spec.updateStrategy.rollingUpdate.${k}`, type: 'Invalid value', value: new Bare(ru[k]), detail: 'must not be greater than 100%' });
      }
      if (unavailable && surge) errors.push({ field: 'spec.updateStrategy.rollingUpdate.maxSurge', type: 'Invalid value', value: new Bare(String(ru.maxSurge)), detail: 'may not be set when maxUnavailable is non-zero' });
      else if (!unavailable && !surge) errors.push({ field: 'spec.updateStrategy.rollingUpdate.maxUnavailable', type: 'Required value', detail: 'cannot be 0 when maxSurge is 0' });
    }
  } else if (us.type !== 'OnDelete') {
    errors.push({ field: 'spec.updateStrategy', type: 'Unsupported value', value: us, detail: 'supported values: "RollingUpdate", "OnDelete"' });
  }
  nonNegative(errors, 'spec.revisionHistoryLimit', spec.revisionHistoryLimit);
}

/**
 * ValidateStatefulSetUpdate: only replicas, ordinals, template, updateStrategy,
 * persistentVolumeClaimRetentionPolicy and minReadySeconds may change.
 */
export function validateStatefulSetUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const strip = (spec: any) => {
    const s = { ...(spec ?? {}) };
    for (const k of ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']) delete s[k];
    return JSON.stringify(canonicalSpec(s));
  };
  if (strip((next as any).spec) === strip((old as any).spec)) return [];
  return [{ field: 'spec', type: 'Forbidden', detail: "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden" }];
}

function canonicalSpec(v: any): any {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonicalSpec(v[k])]));
}

/** apps/v1 Deployments and ReplicaSets: spec.selector is immutable (ValidateDeploymentUpdate / ValidateReplicaSetUpdate). */
export function validateSelectorUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const a = (old as any).spec?.selector;
  const b = (next as any).spec?.selector;
  if (JSON.stringify(canonicalSelector(a)) === JSON.stringify(canonicalSelector(b))) return [];
  return [{ field: 'spec.selector', type: 'Invalid value', value: new Bare(goSelector(b ?? {})), detail: 'field is immutable' }];
}

function canonicalSelector(sel: any): unknown {
  if (!sel) return null;
  const ml = sel.matchLabels ?? {};
  return [Object.keys(ml).sort().map((k) => [k, ml[k]]), sel.matchExpressions ?? []];
}

/**
 * A pod's spec is immutable but for images, activeDeadlineSeconds, added tolerations and
 * terminationGracePeriodSeconds (ValidatePodUpdate). Simplification: the apiserver's text goes on
 * with a diff of the two specs, which is left out here.
 */
export function validatePodUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  // Scheduling gates may be removed, never added (validateOnlyDeletedSchedulingGates).
  const oldGates = new Set((((old as any).spec?.schedulingGates ?? []) as any[]).map((g) => g?.name));
  const added = (((next as any).spec?.schedulingGates ?? []) as any[]).map((g, i) => [g?.name, i] as const).filter(([n]) => !oldGates.has(n));
  if (added.length) return added.map(([n, i]) => ({ field: `spec.schedulingGates[${i}].name`, type: 'Forbidden', detail: `only deletion is allowed, but found new scheduling gate '${n}'` }));
  const strip = (spec: any) => {
    const s = { ...(spec ?? {}) };
    for (const k of ['activeDeadlineSeconds', 'terminationGracePeriodSeconds', 'tolerations', 'schedulingGates']) delete s[k];
    for (const k of ['containers', 'initContainers']) if (Array.isArray(s[k])) s[k] = s[k].map((c: any) => ({ ...c, image: undefined }));
    return JSON.stringify(s);
  };
  const a = (old as any).spec;
  const b = (next as any).spec;
  const oldTols = JSON.stringify(a?.tolerations ?? []);
  const kept = JSON.stringify((b?.tolerations ?? []).slice(0, (a?.tolerations ?? []).length));
  if (strip(a) === strip(b) && oldTols === kept) return [];
  return [{
    field: 'spec',
    type: 'Forbidden',
    detail: 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
  }];
}

export type { FieldPath } from './decode.js';

/** Why an object cannot be decoded, and the path of the value at fault. */
export interface DecodeProblem {
  message: string;
  path: FieldPath;
}

/**
 * Errors that stop an object before validation, while it is decoded: a field of the wrong JSON
 * type (decode.ts: a map where a list belongs, a number where a string does, an integer out of
 * its Go type's range) or a resource quantity that is not a quantity. The apiserver answers 400
 * `Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal …`. Returns that
 * message and the path of the value at fault, or undefined.
 */
export function decodeProblem(obj: KubeObject): DecodeProblem | undefined {
  const o = obj as any;
  const version = typeof obj.apiVersion === 'string' && obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[1] : obj.apiVersion;
  const cannot = (why: string, path: FieldPath): DecodeProblem => ({ message: `${obj.kind} in version "${version}" cannot be handled as a ${obj.kind}: ${why}`, path });
  const typeError = firstTypeError(obj);
  if (typeError) return cannot(typeErrorText(typeError), typeError.path);
  // Quantities (resource.Quantity.UnmarshalJSON): its parser's error.
  const specs: [any, FieldPath][] = obj.kind === 'Pod' ? [[o.spec, ['spec']]] : [[o.spec?.template?.spec, ['spec', 'template', 'spec']], [o.spec?.jobTemplate?.spec?.template?.spec, ['spec', 'jobTemplate', 'spec', 'template', 'spec']]];
  for (const [spec, at] of specs) {
    for (const key of ['initContainers', 'containers']) {
      for (const [i, c] of (Array.isArray(spec?.[key]) ? spec[key] : []).entries()) {
        for (const kind of ['limits', 'requests']) {
          for (const [name, v] of Object.entries(c?.resources?.[kind] ?? {})) {
            if (v !== null && quantityValue(v) === undefined) {
              return cannot("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", [...at, key, i, 'resources', kind, name]);
            }
          }
        }
      }
    }
  }
  return undefined;
}

/** The decoding error's message alone (the apiserver's 400), or undefined. */
export function decodeError(obj: KubeObject): string | undefined {
  return decodeProblem(obj)?.message;
}

/** A field.Error path (`spec.containers[0].resources.limits[cpu]`) as keys and indexes. */
export function fieldPath(field: string): FieldPath {
  const out: FieldPath = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field))) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[2]!) ? Number(m[2]) : m[2]!);
  }
  return out;
}

/** maxParallelismForIndexedJob, maxManagedByLength, maxSuccessPolicyRule (pkg/apis/batch/validation). */
const MAX_PARALLELISM_INDEXED = 100_000;
const MAX_MANAGED_BY_LENGTH = 63;
const MAX_SUCCESS_POLICY_RULES = 20;

/**
 * validateJobSpec (pkg/apis/batch/validation/validation.go): non-negative counts, Indexed
 * completion mode (completions required, parallelism bounded), the per-index fields that need it,
 * managedBy, the podFailurePolicy and successPolicy, the pod template, and a restartPolicy of
 * OnFailure or Never (a template without one defaults to Always).
 */
function validateJobSpec(errors: FieldError[], spec: any, path: string): void {
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) nonNegative(errors, `${path}.${k}`, spec?.[k]);
  if (spec?.maxFailedIndexes !== undefined && spec?.backoffLimitPerIndex === undefined) errors.push({ field: `${path}.backoffLimitPerIndex`, type: 'Required value', detail: 'when maxFailedIndexes is specified' });
  if (spec?.managedBy !== undefined) {
    const m = spec.managedBy;
    const text = typeof m === 'string' ? m : String(m);
    for (const detail of domainPrefixedPathErrors(text)) errors.push({ field: `${path}.managedBy`, type: 'Invalid value', value: text, detail });
    if (text.length > MAX_MANAGED_BY_LENGTH) errors.push({ field: `${path}.managedBy`, type: 'Too long', detail: `may not be more than ${MAX_MANAGED_BY_LENGTH} bytes` });
  }
  const mode = spec?.completionMode;
  if (mode !== undefined && !['NonIndexed', 'Indexed'].includes(mode)) {
    errors.push({ field: `${path}.completionMode`, type: 'Unsupported value', value: mode, detail: 'supported values: "NonIndexed", "Indexed"' });
  }
  if (mode === 'Indexed') {
    if (spec.completions === undefined || spec.completions === null) errors.push({ field: `${path}.completions`, type: 'Required value', detail: 'when completion mode is Indexed' });
    if (typeof spec.parallelism === 'number' && spec.parallelism > MAX_PARALLELISM_INDEXED) {
      errors.push({ field: `${path}.parallelism`, type: 'Invalid value', value: spec.parallelism, detail: `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed` });
    }
    if (typeof spec.completions === 'number' && typeof spec.maxFailedIndexes === 'number' && spec.maxFailedIndexes > spec.completions) {
      errors.push({ field: `${path}.maxFailedIndexes`, type: 'Invalid value', value: spec.maxFailedIndexes, detail: 'must be less than or equal to completions' });
    }
  } else {
    for (const k of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      if (spec?.[k] !== undefined && spec?.[k] !== null) errors.push({ field: `${path}.${k}`, type: 'Invalid value', value: spec[k], detail: 'requires indexed completion mode' });
    }
  }
  const policy = spec?.template?.spec?.restartPolicy;
  const pfp = spec?.podFailurePolicy;
  if (pfp) {
    const names = new Set([...(spec?.template?.spec?.containers ?? []), ...(spec?.template?.spec?.initContainers ?? [])].map((c: any) => c?.name));
    ((pfp.rules ?? []) as any[]).forEach((r, i) => {
      const at = `${path}.podFailurePolicy.rules[${i}]`;
      if (!r?.action) errors.push({ field: `${at}.action`, type: 'Required value', detail: 'valid values: ["Count" "FailIndex" "FailJob" "Ignore"]' });
      else if (r.action === 'FailIndex') {
        if (spec?.backoffLimitPerIndex === undefined) errors.push({ field: `${at}.action`, type: 'Invalid value', value: r.action, detail: 'requires the backoffLimitPerIndex to be set' });
      } else if (!['FailJob', 'Ignore', 'Count'].includes(r.action)) {
        errors.push({ field: `${at}.action`, type: 'Unsupported value', value: r.action, detail: 'supported values: "Count", "FailIndex", "FailJob", "Ignore"' });
      }
      const ec = r?.onExitCodes;
      if (ec) {
        if (!ec.operator) errors.push({ field: `${at}.onExitCodes.operator`, type: 'Required value', detail: 'valid values: ["In" "NotIn"]' });
        else if (!['In', 'NotIn'].includes(ec.operator)) errors.push({ field: `${at}.onExitCodes.operator`, type: 'Unsupported value', value: ec.operator, detail: 'supported values: "In", "NotIn"' });
        if (ec.containerName !== undefined && !names.has(ec.containerName)) {
          errors.push({ field: `${at}.onExitCodes.containerName`, type: 'Invalid value', value: ec.containerName, detail: 'must be one of the container or initContainer names in the pod template' });
        }
      }
      const conds = Array.isArray(r?.onPodConditions) ? r.onPodConditions : [];
      if (ec && conds.length) errors.push({ field: at, type: 'Invalid value', value: OMIT, detail: 'specifying both OnExitCodes and OnPodConditions is not supported' });
      if (!ec && !conds.length) errors.push({ field: at, type: 'Invalid value', value: OMIT, detail: 'specifying one of OnExitCodes and OnPodConditions is required' });
    });
  }
  const sp = spec?.successPolicy;
  if (sp) {
    if (mode !== 'Indexed') errors.push({ field: `${path}.successPolicy`, type: 'Invalid value', value: new Bare('batch.SuccessPolicy{…}'), detail: 'requires indexed completion mode' });
    else validateSuccessPolicy(errors, spec, `${path}.successPolicy`);
  }
  validatePodSpec(errors, spec?.template?.spec, `${path}.template.spec`);
  // spec.template.spec.restartPolicy is defaulted to Always when left out, so both mean "not set".
  if (policy === 'Always' || policy === undefined || policy === '') {
    errors.push({ field: `${path}.template.spec.restartPolicy`, type: 'Required value', detail: 'valid values: "OnFailure", "Never"' });
  } else if (policy !== 'OnFailure' && policy !== 'Never') {
    errors.push({ field: `${path}.template.spec.restartPolicy`, type: 'Unsupported value', value: policy, detail: 'supported values: "OnFailure", "Never"' });
  } else if (pfp && policy !== 'Never') {
    errors.push({ field: `${path}.template.spec.restartPolicy`, type: 'Invalid value', value: policy, detail: 'only "Never" is supported when podFailurePolicy is specified' });
  }
}

/** validateSuccessPolicy and validateSuccessPolicyRule. */
function validateSuccessPolicy(errors: FieldError[], spec: any, path: string): void {
  const rules = Array.isArray(spec.successPolicy.rules) ? (spec.successPolicy.rules as any[]) : [];
  if (!rules.length) errors.push({ field: `${path}.rules`, type: 'Required value', detail: 'at least one rules must be specified when the successPolicy is specified' });
  if (rules.length > MAX_SUCCESS_POLICY_RULES) errors.push({ field: `${path}.rules`, type: 'Too many', detail: `${rules.length}: must have at most ${MAX_SUCCESS_POLICY_RULES} items` });
  const completions = typeof spec.completions === 'number' ? spec.completions : 0;
  rules.forEach((rule, i) => {
    const at = `${path}.rules[${i}]`;
    if (rule?.succeededCount === undefined && rule?.succeededIndexes === undefined) errors.push({ field: at, type: 'Required value', detail: 'at least one of succeededCount or succeededIndexes must be specified' });
    let total = 0;
    if (typeof rule?.succeededIndexes === 'string') {
      const [n, err] = indexesFormatProblem(rule.succeededIndexes, completions);
      total = n;
      if (err) errors.push({ field: `${at}.succeededIndexes`, type: 'Invalid value', value: rule.succeededIndexes, detail: `error parsing succeededIndexes: ${err}` });
    }
    if (rule?.succeededCount !== undefined) {
      nonNegative(errors, `${at}.succeededCount`, rule.succeededCount);
      if (rule.succeededCount > completions) errors.push({ field: `${at}.succeededCount`, type: 'Invalid value', value: rule.succeededCount, detail: `must be less than or equal to ${completions} (the number of specified completions)` });
      if (rule.succeededIndexes !== undefined && rule.succeededCount > total) {
        errors.push({ field: `${at}.succeededCount`, type: 'Invalid value', value: rule.succeededCount, detail: `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)` });
      }
    }
  });
}

/**
 * IsDomainPrefixedPath (apimachinery/pkg/api/validation): `example.com/controller` — a DNS-1123
 * subdomain, a slash, and a path of URL path characters.
 */
function domainPrefixedPathErrors(v: string): string[] {
  const slash = v.indexOf('/');
  if (slash < 0) return ['must be a domain-prefixed path (such as "acme.io/foo")'];
  const host = v.slice(0, slash);
  const path = v.slice(slash + 1);
  const out: string[] = [];
  if (!DNS1123_SUBDOMAIN.test(host) || host.length > 253) out.push(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*', 'example.com'));
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(path)) out.push(regexError('a valid path must be a valid URL path', "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+", '/foo'));
  return out;
}

/**
 * ValidateJobSpecUpdate: completions (an Indexed Job may change them with parallelism, as elastic
 * Indexed Jobs do), selector, completionMode, podFailurePolicy, backoffLimitPerIndex, managedBy and
 * successPolicy are immutable, and so is the pod template, but for the scheduling directives
 * (node affinity, nodeSelector, tolerations, labels, annotations, scheduling gates) of a Job that
 * is suspended and has not started. Simplification: where the apiserver prints the whole Go
 * value of a changed template (`core.PodTemplateSpec{ObjectMeta:…}`), it is shortened.
 */
export function validateJobUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const a = (old as any).spec ?? {};
  const b = (next as any).spec ?? {};
  const errors: FieldError[] = [];
  const same = (x: unknown, y: unknown) => JSON.stringify(canonicalSpec(x ?? null)) === JSON.stringify(canonicalSpec(y ?? null));
  if (!same(a.completions, b.completions)) {
    if (b.completionMode !== 'Indexed') errors.push({ field: 'spec.completions', type: 'Invalid value', value: b.completions, detail: 'field is immutable' });
    else if (b.completions !== undefined && b.completions !== b.parallelism) errors.push({ field: 'spec.completions', type: 'Invalid value', value: b.completions, detail: 'can only be modified in tandem with spec.parallelism' });
  }
  if (!same(a.selector, b.selector)) errors.push({ field: 'spec.selector', type: 'Invalid value', value: new Bare(goSelector(b.selector ?? {})), detail: 'field is immutable' });
  const mutable = (old as any).spec?.suspend === true && !(old as any).status?.startTime;
  const template = (t: any) => {
    if (!mutable) return t;
    const c = JSON.parse(JSON.stringify(t ?? {}));
    if (c.metadata) {
      delete c.metadata.labels;
      delete c.metadata.annotations;
    }
    if (c.spec) {
      delete c.spec.nodeSelector;
      delete c.spec.tolerations;
      delete c.spec.schedulingGates;
      if (c.spec.affinity) {
        delete c.spec.affinity.nodeAffinity;
        if (!Object.keys(c.spec.affinity).length) delete c.spec.affinity;
      }
    }
    return c;
  };
  if (!same(template(a.template), template(b.template))) errors.push({ field: 'spec.template', type: 'Invalid value', value: new Bare('core.PodTemplateSpec{…}'), detail: 'field is immutable' });
  const goValue: Record<string, (v: any) => unknown> = {
    completionMode: (v) => v,
    podFailurePolicy: () => new Bare('&batch.PodFailurePolicy{…}'),
    backoffLimitPerIndex: (v) => v,
    managedBy: (v) => v,
    successPolicy: () => new Bare('&batch.SuccessPolicy{…}'),
  };
  for (const [k, show] of Object.entries(goValue)) {
    if (!same(a[k], b[k])) errors.push({ field: `spec.${k}`, type: 'Invalid value', value: b[k] === undefined ? new Bare('null') : show(b[k]), detail: 'field is immutable' });
  }
  return errors;
}

/**
 * ValidateCronJobCreate: a name of at most 52 characters (the Job names it makes add 11), a
 * schedule the cron parser accepts (its error text), no TZ in the schedule, a known
 * concurrencyPolicy, and a job template whose selector is left to be generated.
 */
function validateCronJob(errors: FieldError[], o: any): void {
  const name = o.metadata?.name;
  if (typeof name === 'string' && name.length > 52) errors.push({ field: 'metadata.name', type: 'Invalid value', value: name, detail: 'must be no more than 52 characters' });
  const spec = o.spec ?? {};
  if (!spec.schedule) errors.push({ field: 'spec.schedule', type: 'Required value' });
  else if (typeof spec.schedule !== 'string') errors.push({ field: 'spec.schedule', type: 'Invalid value', value: spec.schedule, detail: 'must be a string' });
  else if (spec.schedule.includes('TZ')) errors.push({ field: 'spec.schedule', type: 'Invalid value', value: spec.schedule, detail: 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead' });
  else {
    const parsed = parseSchedule(spec.schedule);
    if (typeof parsed === 'string') errors.push({ field: 'spec.schedule', type: 'Invalid value', value: spec.schedule, detail: parsed });
  }
  if (spec.timeZone !== undefined && spec.timeZone !== null) {
    const why = typeof spec.timeZone === 'string' ? timeZoneProblem(spec.timeZone) : 'must be a string';
    if (why) errors.push({ field: 'spec.timeZone', type: 'Invalid value', value: spec.timeZone, detail: why });
  }
  nonNegative(errors, 'spec.startingDeadlineSeconds', spec.startingDeadlineSeconds);
  for (const k of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) nonNegative(errors, `spec.${k}`, spec[k]);
  if (!['Allow', 'Forbid', 'Replace'].includes(spec.concurrencyPolicy)) {
    if (!spec.concurrencyPolicy) errors.push({ field: 'spec.concurrencyPolicy', type: 'Required value' });
    else errors.push({ field: 'spec.concurrencyPolicy', type: 'Unsupported value', value: spec.concurrencyPolicy, detail: 'supported values: "Allow", "Forbid", "Replace"' });
  }
  validateJobSpec(errors, spec.jobTemplate?.spec, 'spec.jobTemplate.spec');
  if (spec.jobTemplate?.spec?.selector) errors.push({ field: 'spec.jobTemplate.spec.selector', type: 'Invalid value', value: new Bare('(*v1.LabelSelector)'), detail: '`selector` will be auto-generated' });
}


/** Validate an object (after defaulting). An empty list means valid. */
export function validateObject(obj: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const o = obj as any;
  // ValidateServiceName is a DNS-1035 label, ValidateNamespaceName a DNS-1123 label, most others a subdomain.
  const rule: NameRule = obj.kind === 'Service' ? 'dns1035' : obj.kind === 'Namespace' ? 'label' : 'subdomain';
  if (!o.metadata?.generateName || o.metadata?.name) checkName(errors, 'metadata.name', o.metadata?.name, rule);
  for (const k of Object.keys(o.metadata?.labels ?? {})) for (const detail of labelKeyErrors(k)) errors.push({ field: 'metadata.labels', type: 'Invalid value', value: k, detail });
  for (const v of Object.values(o.metadata?.labels ?? {})) {
    const text = typeof v === 'string' ? v : String(v);
    if (text.length > 63) errors.push({ field: 'metadata.labels', type: 'Invalid value', value: text, detail: 'must be no more than 63 characters' });
    if (!LABEL_VALUE.test(text)) errors.push({ field: 'metadata.labels', type: 'Invalid value', value: text, detail: LABEL_VALUE_MSG });
  }
  switch (obj.kind) {
    case 'Pod':
      validatePodSpec(errors, o.spec, 'spec');
      break;
    case 'Deployment':
    case 'ReplicaSet':
      nonNegative(errors, 'spec.replicas', o.spec?.replicas);
      validateSelectorMatchesTemplate(errors, o);
      validatePodSpec(errors, o.spec?.template?.spec, 'spec.template.spec');
      if (obj.kind === 'Deployment' && o.spec?.template?.spec?.restartPolicy && o.spec.template.spec.restartPolicy !== 'Always') {
        errors.push({ field: 'spec.template.spec.restartPolicy', type: 'Unsupported value', value: o.spec.template.spec.restartPolicy, detail: 'supported values: "Always"' });
      }
      if (obj.kind === 'Deployment') {
        validateStrategy(errors, o.spec);
        nonNegative(errors, 'spec.minReadySeconds', o.spec?.minReadySeconds);
        nonNegative(errors, 'spec.revisionHistoryLimit', o.spec?.revisionHistoryLimit);
        const pds = o.spec?.progressDeadlineSeconds;
        if (pds !== undefined && pds !== null) {
          nonNegative(errors, 'spec.progressDeadlineSeconds', pds);
          if (typeof pds === 'number' && pds <= (o.spec?.minReadySeconds ?? 0)) {
            errors.push({ field: 'spec.progressDeadlineSeconds', type: 'Invalid value', value: pds, detail: 'must be greater than minReadySeconds' });
          }
        }
      } else nonNegative(errors, 'spec.minReadySeconds', o.spec?.minReadySeconds);
      break;
    case 'StatefulSet':
      validateStatefulSetSpec(errors, o.spec ?? {});
      break;
    case 'DaemonSet':
      validateDaemonSetSpec(errors, o.spec ?? {});
      break;
    case 'Service':
      if (!Array.isArray(o.spec?.ports) || !o.spec.ports.length) {
        if (o.spec?.clusterIP !== 'None') errors.push({ field: 'spec.ports', type: 'Required value' });
      } else {
        o.spec.ports.forEach((p: any, i: number) => {
          if (typeof p?.port !== 'number' || p.port < 1 || p.port > 65535) errors.push({ field: `spec.ports[${i}].port`, type: 'Invalid value', value: p?.port, detail: 'must be between 1 and 65535, inclusive' });
        });
      }
      break;
    case 'Job':
      validateJobSpec(errors, o.spec, 'spec');
      // ValidateJob: the hostname of the highest index must be a DNS-1123 label.
      if (o.spec?.completionMode === 'Indexed' && typeof o.spec?.completions === 'number' && typeof o.metadata?.name === 'string') {
        const highest = `${o.metadata.name}-${o.spec.completions - 1}`;
        if (highest.length > 63 || !DNS1123_LABEL.test(highest)) errors.push({ field: 'metadata.name', type: 'Invalid value', value: o.metadata.name, detail: `will not able to create pod with invalid DNS label: ${highest}` });
      }
      if (!o.spec?.selector) errors.push({ field: 'spec.selector', type: 'Required value' });
      else if (!Object.entries(o.spec.selector.matchLabels ?? {}).every(([k, v]) => (o.spec.template?.metadata?.labels ?? {})[k] === v)) {
        errors.push({ field: 'spec.template.metadata.labels', type: 'Invalid value', value: o.spec.template?.metadata?.labels ?? {}, detail: '`selector` does not match template `labels`' });
      }
      break;
    case 'CronJob':
      validateCronJob(errors, o);
      break;
    case 'PodDisruptionBudget': {
      // ValidatePodDisruptionBudgetSpec (pkg/apis/policy/validation).
      const spec = o.spec ?? {};
      const has = (v: unknown) => v !== undefined && v !== null;
      if (has(spec.minAvailable) && has(spec.maxUnavailable)) errors.push({ field: 'spec', type: 'Invalid value', value: new Bare('policy.PodDisruptionBudgetSpec{…}'), detail: 'minAvailable and maxUnavailable cannot be both set' });
      for (const k of ['minAvailable', 'maxUnavailable']) {
        if (!has(spec[k])) continue;
        const n = intOrPercent(errors, `spec.${k}`, spec[k]);
        if (typeof spec[k] === 'string' && n !== undefined && n > 100) errors.push({ field: `spec.${k}`, type: 'Invalid value', value: new Bare(spec[k]), detail: 'must not be greater than 100%' });
      }
      const policy = spec.unhealthyPodEvictionPolicy;
      if (has(policy) && !['AlwaysAllow', 'IfHealthyBudget'].includes(String(policy))) errors.push({ field: 'spec.unhealthyPodEvictionPolicy', type: 'Unsupported value', value: policy, detail: 'supported values: "AlwaysAllow", "IfHealthyBudget"' });
      break;
    }
    case 'ConfigMap':
    case 'Secret':
      validateConfigObject(obj, errors);
      break;
    case 'PriorityClass':
      if (typeof o.value !== 'number') errors.push({ field: 'value', type: 'Required value' });
      else if (o.value > 1000000000) errors.push({ field: 'value', type: 'Invalid value', value: o.value, detail: 'must be less than or equal to 1000000000 (higher values are reserved for system priority classes)' });
      break;
  }
  return errors;
}
