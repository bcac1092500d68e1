/**
 * ConfigMap, Secret and ServiceAccount on create: the v1 conversion and defaults
 * (pkg/apis/core/v1/conversion.go: a Secret's `stringData` is merged into `data`, base64, and not
 * stored; defaults.go SetDefaults_Secret: type Opaque) and validation with the apiserver's words
 * (pkg/apis/core/validation/validation.go ValidateConfigMap, ValidateSecret).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../trace/types.js';
import type { FieldError } from './validate.js';

/** validation.IsConfigMapKey (apimachinery pkg/util/validation). */
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
/** The Secret types the simulation knows the required keys of (validation.go ValidateSecret). */
const SECRET_TYPES = new Set(['Opaque', 'kubernetes.io/service-account-token', 'kubernetes.io/dockercfg', 'kubernetes.io/dockerconfigjson', 'kubernetes.io/basic-auth', 'kubernetes.io/ssh-auth', 'kubernetes.io/tls', 'bootstrap.kubernetes.io/token']);

/** Base64 of a UTF-8 string, as the apiserver stores `stringData`. */
export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Decode a Secret's base64 value (the kubelet writes the bytes to files and env). */
export function fromBase64(text: string): string {
  return Buffer.from(text, 'base64').toString('utf8');
}

/** Apply the conversion and defaults of these kinds in place. */
export function defaultConfigObject(obj: KubeObject): void {
  const o = obj as any;
  if (obj.kind === 'Secret') {
    o.type ??= 'Opaque';
    if (o.stringData && typeof o.stringData === 'object' && !Array.isArray(o.stringData)) {
      o.data = { ...(o.data ?? {}) };
      for (const [k, v] of Object.entries(o.stringData)) o.data[k] = base64(String(v));
    }
    delete o.stringData;
  }
}

/** Validate a ConfigMap, Secret or ServiceAccount (after defaulting). */
export function validateConfigObject(obj: KubeObject, errors: FieldError[]): void {
  const o = obj as any;
  const keys = (field: string, m: unknown) => {
    if (m === undefined || m === null) return;
    for (const k of Object.keys(m as object)) {
      if (!CONFIG_KEY.test(k)) errors.push({ field: `${field}[${k}]`, type: 'Invalid value', value: k, detail: CONFIG_KEY_MSG });
    }
  };
  switch (obj.kind) {
    case 'ConfigMap':
      keys('data', o.data);
      keys('binaryData', o.binaryData);
      for (const k of Object.keys(o.data ?? {})) {
        if (o.binaryData && k in o.binaryData) errors.push({ field: `data[${k}]`, type: 'Invalid value', value: k, detail: 'duplicate of key present in binaryData' });
      }
      break;
    case 'Secret':
      keys('data', o.data);
      if (!SECRET_TYPES.has(o.type)) break;
      if (o.type === 'kubernetes.io/basic-auth' && !('username' in (o.data ?? {})) && !('password' in (o.data ?? {}))) {
        errors.push({ field: 'data[username]', type: 'Required value' });
        errors.push({ field: 'data[password]', type: 'Required value' });
      }
      if (o.type === 'kubernetes.io/tls') {
        if (!('tls.key' in (o.data ?? {}))) errors.push({ field: 'data[tls.key]', type: 'Required value' });
        if (!('tls.crt' in (o.data ?? {}))) errors.push({ field: 'data[tls.crt]', type: 'Required value' });
      }
      break;
  }
}
