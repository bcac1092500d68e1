/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * CustomResourceDefinitions (LANGUAGE.md §12.1): what the apiextensions-apiserver, which runs
 * inside kube-apiserver, checks and writes. Validation follows apiextensions-apiserver
 * pkg/apis/apiextensions/validation/validation.go (the name, the group, the names, the scope and
 * the one storage version); the status follows its controllers: the naming controller
 * (pkg/controller/status/naming_controller.go) accepts the names and says the CRD is
 * installing, the establishing controller (pkg/controller/establish/establishing_controller.go)
 * then marks it Established. No controller acts on the custom resources themselves.
 * Simplifications: a custom resource is checked against the openAPIV3Schema's structural
 * keywords only (`validateCustom`), there is no conversion between versions (an object keeps the
 * apiVersion it was sent with), and status and scale subresources are not served.
 */
import type { FieldError } from '../../manifests/validate.js';

/** `spec.names` conflicts, as the naming controller reports them. */
export interface NamesVerdict {
  accepted: boolean;
  /** `PluralConflict` when the plural is served already. */
  reason?: string;
  message?: string;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** The field errors of a CustomResourceDefinition (ValidateCustomResourceDefinition, the parts the simulation needs). */
export function validateCrd(obj: any): FieldError[] {
  const errors: FieldError[] = [];
  const spec = obj.spec;
  if (!spec || typeof spec !== 'object') return [{ field: 'spec.group', type: 'Required value' }];
  const names = spec.names ?? {};
  const name = obj.metadata?.name;
  if (typeof name === 'string' && name && name !== `${names.plural}.${spec.group}`) errors.push({ field: 'metadata.name', type: 'Invalid value', value: name, detail: 'must be spec.names.plural+"."+spec.group' });
  if (!spec.group) errors.push({ field: 'spec.group', type: 'Required value' });
  else if (typeof spec.group !== 'string' || !DNS1123_SUBDOMAIN.test(spec.group)) errors.push({ field: 'spec.group', type: 'Invalid value', value: spec.group, detail: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')" });
  else if (spec.group.split('.').length < 2) errors.push({ field: 'spec.group', type: 'Invalid value', value: spec.group, detail: 'should be a domain with at least one dot' });
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    if (!spec.scope) errors.push({ field: 'spec.scope', type: 'Required value' });
    else errors.push({ field: 'spec.scope', type: 'Unsupported value', value: spec.scope, detail: 'supported values: "Cluster", "Namespaced"' });
  }
  if (!names.plural) errors.push({ field: 'spec.names.plural', type: 'Required value' });
  else if (typeof names.plural !== 'string' || !DNS1035_LABEL.test(names.plural)) errors.push({ field: 'spec.names.plural', type: 'Invalid value', value: names.plural, detail: "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')" });
  if (names.singular !== undefined && (typeof names.singular !== 'string' || !DNS1035_LABEL.test(names.singular))) errors.push({ field: 'spec.names.singular', type: 'Invalid value', value: names.singular, detail: "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')" });
  if (!names.kind) errors.push({ field: 'spec.names.kind', type: 'Required value' });
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
  if (!versions.length) errors.push({ field: 'spec.versions', type: 'Invalid value', value: [], detail: 'must have exactly one version marked as storage version' });
  else if (versions.filter((v) => v?.storage === true).length !== 1) errors.push({ field: 'spec.versions', type: 'Invalid value', value: versions.map((v) => v?.name ?? ''), detail: 'must have exactly one version marked as storage version' });
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    if (!v?.name) errors.push({ field: `spec.versions[${i}].name`, type: 'Required value' });
    else if (seen.has(v.name)) errors.push({ field: 'spec.versions', type: 'Invalid value', value: versions.map((x) => x?.name ?? ''), detail: 'must contain unique version names' });
    else seen.add(v.name);
    // apiextensions/v1 requires a structural schema in every version (validateCustomResourceDefinitionSpec, requireOpenAPISchema).
    if (!v?.schema?.openAPIV3Schema) errors.push({ field: `spec.versions[${i}].schema.openAPIV3Schema`, type: 'Required value', detail: 'schemas are required' });
  });
  return errors;
}

/** The condition list after the naming controller's pass (calculateNamesAndConditions). */
export function namingStatus(crd: any, verdict: NamesVerdict, now: string): any {
  const conditions = [
    verdict.accepted
      ? { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' }
      : { type: 'NamesAccepted', status: 'False', lastTransitionTime: now, reason: verdict.reason, message: verdict.message },
    verdict.accepted
      ? { type: 'Established', status: 'False', lastTransitionTime: now, reason: 'Installing', message: 'the initial names have been accepted' }
      : { type: 'Established', status: 'False', lastTransitionTime: now, reason: 'NotAccepted', message: 'not all names are accepted' },
  ];
  const names = { ...(crd.spec?.names ?? {}) };
  names.singular ??= String(names.kind ?? '').toLowerCase();
  names.listKind ??= `${names.kind}List`;
  const storage = (crd.spec?.versions ?? []).find((v: any) => v?.storage)?.name;
  return { acceptedNames: verdict.accepted ? names : { plural: '', kind: '' }, conditions, storedVersions: storage ? [storage] : [] };
}

/** The status after the establishing controller's pass: Established True. */
export function establishedStatus(status: any, now: string): any {
  const conditions = (status?.conditions ?? []).map((c: any) => (c.type === 'Established' ? { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' } : c));
  return { ...status, conditions };
}

/** The openAPIV3Schema of a CRD's version (the storage one when `version` is not found). */
export function crdSchema(crd: any, version: string): any {
  const versions: any[] = Array.isArray(crd?.spec?.versions) ? crd.spec.versions : [];
  const v = versions.find((x) => x?.name === version) ?? versions.find((x) => x?.storage);
  return v?.schema?.openAPIV3Schema;
}

/** A JSON value's type as the schema validator names it (kube-openapi validate: `integer` for whole numbers). */
function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

/**
 * A custom resource against its structural schema, as the apiextensions-apiserver checks it
 * (customresource_handler.go: strict decoding, then the schema validator of kube-openapi):
 * a field the schema does not declare (without `x-kubernetes-preserve-unknown-fields`) is
 * kubectl's default strict field validation error; a wrong type, a missing required field and a
 * value outside `enum` are field errors (`spec.size in body must be of type integer: "string"`).
 * Simplification: these keywords only (type, properties, additionalProperties, items, required,
 * enum, nullable, x-kubernetes-preserve-unknown-fields, x-kubernetes-int-or-string); formats,
 * ranges, patterns and CEL rules are not checked, and nothing is defaulted.
 */
export function validateCustom(obj: any, schema: any): { unknown?: string; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let unknown: string | undefined;
  const walk = (v: unknown, s: any, path: string) => {
    if (!s || typeof s !== 'object') return;
    if (v === null) {
      if (!s.nullable && s.type) errors.push({ field: path, type: 'Invalid value', value: 'null', detail: `${path} in body must be of type ${s.type}: "null"` });
      return;
    }
    const t = jsonType(v);
    const intOrString = s['x-kubernetes-int-or-string'] && (t === 'integer' || t === 'string');
    if (s.type && !intOrString && !(s.type === 'number' && t === 'integer') && s.type !== t) {
      errors.push({ field: path, type: 'Invalid value', value: t, detail: `${path} in body must be of type ${s.type}: "${t}"` });
      return;
    }
    if (Array.isArray(s.enum) && !s.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(v))) {
      errors.push({ field: path, type: 'Unsupported value', value: v, detail: `supported values: ${s.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}` });
    }
    if (t === 'object') {
      const o = v as Record<string, unknown>;
      for (const r of Array.isArray(s.required) ? s.required : []) if (o[r] === undefined) errors.push({ field: `${path}.${r}`, type: 'Required value' });
      for (const [k, x] of Object.entries(o)) {
        const sub = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
        if (sub) walk(x, sub, `${path}.${k}`);
        else if (!s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties !== true && s.properties) unknown ??= `${path}.${k}`;
        else if (!s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties !== true && !s.properties && s.type === 'object') unknown ??= `${path}.${k}`;
      }
    }
    if (t === 'array' && s.items) (v as unknown[]).forEach((x, i) => walk(x, s.items, `${path}[${i}]`));
  };
  if (!schema || typeof schema !== 'object') return { errors };
  // apiVersion, kind and metadata are the apiserver's, whatever the schema says of them.
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = obj ?? {};
  const top = { ...schema, properties: { ...(schema.properties ?? {}) } };
  delete top.properties.apiVersion;
  delete top.properties.kind;
  delete top.properties.metadata;
  const required = Array.isArray(top.required) ? top.required.filter((r: string) => !['apiVersion', 'kind', 'metadata'].includes(r)) : undefined;
  walk(rest, { ...top, required }, '');
  // Paths start without the leading dot of the root.
  const strip = (p: string) => p.replace(/^\./, '');
  for (const e of errors) {
    e.field = strip(e.field);
    if (e.detail) e.detail = e.detail.replace(/^\.(\S+ in body)/, '$1');
  }
  return { unknown: unknown && strip(unknown), errors };
}
