/**
 * The ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount/admission.go) on pod
 * create: the pod's service account (`default` when none is named) must exist — the plugin looks
 * again for `default`, which its controller is about to create, up to 10 times 100–200 ms apart —
 * and, unless the pod or the account turns automounting off, every container gets the projected
 * token volume `kube-api-access-XXXXX` (TokenVolumeSource: the bound token, the cluster CA from
 * the `kube-root-ca.crt` ConfigMap, the namespace from the downward API) mounted read-only at
 * /var/run/secrets/kubernetes.io/serviceaccount.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Env } from '../env.js';
import type { ApiResponse } from './types.js';

export const DEFAULT_API_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** serviceaccount.WarnOnlyBoundTokenExpirationSeconds: 1 h + 7 s. */
const TOKEN_EXPIRATION_SECONDS = 3607;
/** getServiceAccount's attempts for `default`, and the wait between them (rand 100–200 ms; 150 here). */
export const DEFAULT_SA_ATTEMPTS = 10;
export const DEFAULT_SA_RETRY_MS = 150;
/** utilrand's alphabet (no vowels, no confusable digits). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

type Lookup = (namespace: string, name: string) => KubeObject | undefined;

function serviceAccountName(pod: any): string {
  return pod.spec?.serviceAccountName || 'default';
}

/** Whether the plugin, not finding `default` yet, would look again (attempt counts from 0). */
export function waitForDefaultServiceAccount(pod: KubeObject, namespace: string, lookup: Lookup, attempt: number): boolean {
  return serviceAccountName(pod) === 'default' && !lookup(namespace, 'default') && attempt + 1 < DEFAULT_SA_ATTEMPTS;
}

const counters = new WeakMap<Env, number>();

/**
 * The volume's five random characters (s.generateName). Kubernetes draws them at random; here they
 * come from a hash of the pod and a counter, so the simulation's other random draws stay as they are.
 */
function volumeSuffix(env: Env, pod: KubeObject): string {
  const n = (counters.get(env) ?? 0) + 1;
  counters.set(env, n);
  let h = 2166136261;
  for (const ch of `${pod.metadata.namespace}/${pod.metadata.name || pod.metadata.generateName}/${n}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  let s = '';
  for (let i = 0; i < 5; i++) {
    h = (Math.imul(h, 1103515245) + 12345) >>> 0;
    s += ALPHANUMS[(h >>> 16) % ALPHANUMS.length];
  }
  return s;
}

/** TokenVolumeSource(). */
export function tokenVolumeSource(): any {
  return {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  };
}

/** Admit a pod: refuse it when its service account does not exist, else mount the token. */
export function admitServiceAccount(pod: KubeObject, env: Env, lookup: Lookup): ApiResponse | undefined {
  const p = pod as any;
  if (p.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return undefined;
  const spec = (p.spec ??= {});
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  const ns = pod.metadata.namespace ?? 'default';
  const sa = lookup(ns, spec.serviceAccountName) as any;
  if (!sa) {
    const who = pod.metadata.name || pod.metadata.generateName;
    return { code: 403, reason: 'Forbidden', message: `pods${who ? ` "${who}"` : ''} is forbidden: error looking up service account ${ns}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found` };
  }
  // shouldAutomount: the pod's preference, then the account's, else true.
  const automount = spec.automountServiceAccountToken ?? sa.automountServiceAccountToken ?? true;
  if (automount) mountServiceAccountToken(pod, env);
  if (!(spec.imagePullSecrets ?? []).length && (sa.imagePullSecrets ?? []).length) spec.imagePullSecrets = sa.imagePullSecrets.map((s: any) => ({ name: s.name }));
  return undefined;
}

function mountServiceAccountToken(pod: KubeObject, env: Env): void {
  const spec = (pod as any).spec;
  const volumes = (spec.volumes ?? []) as any[];
  const existing = volumes.find((v) => typeof v?.name === 'string' && v.name.startsWith('kube-api-access-'));
  const name = existing?.name ?? `kube-api-access-${volumeSuffix(env, pod)}`;
  let needed = false;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as any[]) {
    if (!c || typeof c !== 'object') continue;
    // An existing mount at the default path keeps the token out of that container.
    if (((c.volumeMounts ?? []) as any[]).some((m) => m?.mountPath === DEFAULT_API_TOKEN_MOUNT_PATH)) continue;
    c.volumeMounts = [...(c.volumeMounts ?? []), { name, readOnly: true, mountPath: DEFAULT_API_TOKEN_MOUNT_PATH }];
    needed = true;
  }
  if (!existing && needed) spec.volumes = [...volumes, { name, projected: tokenVolumeSource() }];
}
