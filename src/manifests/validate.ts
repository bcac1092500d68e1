/**
 * Validation with the apiserver's wording: `Deployment.apps "web" is invalid: spec.replicas:
 * Invalid value: -1: must be greater than or equal to 0`. Covers the fields the simulation acts
 * on; every other field is accepted and stored as given, as a real apiserver does.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../trace/types.js';
import { quantityValue } from './quantity.js';

export interface FieldError {
  field: string;
  /** `Required value`, `Invalid value`, `Unsupported value`, `Duplicate value` … */
  type: string;
  value?: unknown;
  detail?: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Render errors as the apiserver's 422 message. */
export function invalidMessage(qualifiedKind: string, name: string, errors: FieldError[]): string {
  const parts = errors.map((e) => {
    let s = `${e.field}: ${e.type}`;
    if (e.type === 'Invalid value' || e.type === 'Unsupported value' || e.type === 'Duplicate value') s += `: ${formatValue(e.value)}`;
    if (e.detail) s += `: ${e.detail}`;
    return s;
  });
  const body = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return `${qualifiedKind} "${name}" is invalid: ${body}`;
}

function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'null';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function checkName(errors: FieldError[], field: string, name: unknown, label = false): void {
  if (typeof name !== 'string' || !name) {
    errors.push({ field, type: 'Required value', detail: 'name or generateName is required' });
    return;
  }
  const re = label ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
  const max = label ? 63 : 253;
  if (name.length > max) errors.push({ field, type: 'Invalid value', value: name, detail: `must be no more than ${max} characters` });
  else if (!re.test(name)) {
    errors.push({
      field,
      type: 'Invalid value',
      value: name,
      detail: label
        ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
        : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    });
  }
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
}

function validateContainer(errors: FieldError[], c: any, path: string, seen: Set<string>): void {
  if (!c || typeof c !== 'object') {
    errors.push({ field: path, type: 'Required value' });
    return;
  }
  if (!c.name) errors.push({ field: `${path}.name`, type: 'Required value' });
  else {
    checkName(errors, `${path}.name`, c.name, true);
    if (seen.has(c.name)) errors.push({ field: `${path}.name`, type: 'Duplicate value', value: c.name });
    seen.add(c.name);
  }
  if (!c.image) errors.push({ field: `${path}.image`, type: 'Required value' });
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
      errors.push({ field: `${path}.resources.requests`, type: 'Invalid value', value: req[k], detail: `must be less than or equal to ${k} limit of ${lim[k]}` });
    }
  }
}

function validateSelectorMatchesTemplate(errors: FieldError[], o: any): void {
  const sel = o.spec?.selector;
  if (!sel || typeof sel !== 'object' || (!sel.matchLabels && !sel.matchExpressions)) {
    errors.push({ field: 'spec.selector', type: 'Required value' });
    return;
  }
  const labels = o.spec?.template?.metadata?.labels ?? {};
  const ok = Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  if (!ok) {
    errors.push({ field: 'spec.template.metadata.labels', type: 'Invalid value', value: labels, detail: '`selector` does not match template `labels`' });
  }
}

/**
 * A pod's spec is immutable but for images, activeDeadlineSeconds, added tolerations and
 * terminationGracePeriodSeconds (ValidatePodUpdate). Simplification: the apiserver's text goes on
 * with a diff of the two specs, which is left out here.
 */
export function validatePodUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const strip = (spec: any) => {
    const s = { ...(spec ?? {}) };
    for (const k of ['activeDeadlineSeconds', 'terminationGracePeriodSeconds', 'tolerations']) delete s[k];
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

/**
 * Errors that stop an object before validation, while it is decoded: a resource quantity that
 * is not a quantity. The apiserver answers 400 `Pod in version "v1" cannot be handled as a Pod:
 * quantities must match the regular expression …`. Returns that message, or undefined.
 */
export function decodeError(obj: KubeObject): string | undefined {
  const specs: any[] = [];
  const o = obj as any;
  if (obj.kind === 'Pod') specs.push(o.spec);
  else if (o.spec?.template) specs.push(o.spec.template.spec);
  for (const spec of specs) {
    for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
      for (const kind of ['requests', 'limits']) {
        for (const v of Object.values(c?.resources?.[kind] ?? {})) {
          if (quantityValue(v) === undefined) {
            const version = obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[1] : obj.apiVersion;
            return `${obj.kind} in version "${version}" cannot be handled as a ${obj.kind}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`;
          }
        }
      }
    }
  }
  return undefined;
}

/** Validate an object (after defaulting). An empty list means valid. */
export function validateObject(obj: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const o = obj as any;
  const labelName = obj.kind === 'Namespace' || obj.kind === 'Service';
  if (!o.metadata?.generateName || o.metadata?.name) checkName(errors, 'metadata.name', o.metadata?.name, labelName);
  for (const [k, v] of Object.entries(o.metadata?.labels ?? {})) {
    if (typeof v !== 'string' || v.length > 63 || (v !== '' && !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(v))) {
      errors.push({ field: 'metadata.labels', type: 'Invalid value', value: v, detail: `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (label ${k})` });
    }
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
    case 'PriorityClass':
      if (typeof o.value !== 'number') errors.push({ field: 'value', type: 'Required value' });
      else if (o.value > 1000000000) errors.push({ field: 'value', type: 'Invalid value', value: o.value, detail: 'must be less than or equal to 1000000000 (higher values are reserved for system priority classes)' });
      break;
  }
  return errors;
}
