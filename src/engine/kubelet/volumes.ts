/**
 * What the kubelet reads from ConfigMaps and Secrets before a container starts:
 * - the volume manager's SetUp of each pod volume (pkg/volume/configmap, secret, projected,
 *   downwardapi, emptydir): a ConfigMap or Secret that does not exist, or a key its `items` name
 *   that it lacks, fails the mount unless the source is `optional`;
 * - the container's environment (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables): `envFrom`
 *   and `env[].valueFrom` the same way, with the kubelet's own error texts.
 * The errors are the kubelet's: its ConfigMap and Secret managers answer a missing object with
 * NotFound on the singular resource (`configmap "app-config" not found`).
 *
 * Simplification: the kubelet's managers watch each object its pods reference; here they read
 * the apiserver's watch cache directly, so no request of theirs appears in the trace. The token of
 * a `serviceAccountToken` projection is minted without a TokenRequest message.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';

/** The kubelet's view of the objects a pod references. */
export interface ConfigLookup {
  configMap(namespace: string, name: string): KubeObject | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
}

export interface MountError {
  volume: string;
  error: string;
}

/** The volume types the simulated kubelet mounts (the others are refused by `kscn check`). */
const MOUNTED = ['configMap', 'secret', 'projected', 'downwardAPI', 'emptyDir'];

function keysOf(o: any): Set<string> {
  return new Set([...Object.keys(o?.data ?? {}), ...Object.keys(o?.binaryData ?? {})]);
}

/** configmap.MakePayload / secret.MakePayload: every key `items` names must be there unless optional. */
function missingKey(obj: any, items: any[] | undefined, optional: boolean): string | undefined {
  if (optional || !Array.isArray(items)) return undefined;
  const keys = keysOf(obj);
  return items.find((i) => !keys.has(String(i?.key)))?.key;
}

function configMapError(ns: string, src: any, lookup: ConfigLookup): string | undefined {
  const optional = src?.optional === true;
  const cm = lookup.configMap(ns, String(src?.name));
  if (!cm) return optional ? undefined : `configmap "${src?.name}" not found`;
  const key = missingKey(cm, src.items, optional);
  return key !== undefined ? `configmap references non-existent config key: ${key}` : undefined;
}

function secretError(ns: string, name: string, src: any, lookup: ConfigLookup): string | undefined {
  const optional = src?.optional === true;
  const s = lookup.secret(ns, name);
  if (!s) return optional ? undefined : `secret "${name}" not found`;
  const key = missingKey(s, src.items, optional);
  return key !== undefined ? `references non-existent secret key: ${key}` : undefined;
}

/** SetUp of each of the pod's volumes, in spec order; the failures with their error text. */
export function volumeSetUpErrors(pod: KubeObject, lookup: ConfigLookup): MountError[] {
  const ns = pod.metadata.namespace ?? 'default';
  const out: MountError[] = [];
  for (const v of ((pod as any).spec?.volumes ?? []) as any[]) {
    if (!v || typeof v !== 'object') continue;
    let error: string | undefined;
    if (v.configMap) error = configMapError(ns, v.configMap, lookup);
    else if (v.secret) error = secretError(ns, String(v.secret.secretName), v.secret, lookup);
    else if (v.projected) {
      // projected.collectData: every source's error, aggregated (utilerrors.NewAggregate).
      const errs: string[] = [];
      for (const s of (v.projected.sources ?? []) as any[]) {
        const e = s?.configMap ? configMapError(ns, s.configMap, lookup) : s?.secret ? secretError(ns, String(s.secret.name), s.secret, lookup) : undefined;
        if (e) errs.push(e);
      }
      if (errs.length) error = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
    }
    if (error) out.push({ volume: String(v.name), error });
  }
  return out;
}

/** Whether every volume of the pod is of a type the simulated kubelet mounts. */
export function mountable(v: any): boolean {
  return MOUNTED.some((k) => v && typeof v === 'object' && k in v);
}

/**
 * makeEnvironmentVariables for one container: the first error, which stops the container in
 * CreateContainerConfigError, or undefined when its environment resolves.
 */
export function containerEnvError(pod: KubeObject, container: any, lookup: ConfigLookup): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  for (const from of (container?.envFrom ?? []) as any[]) {
    if (from?.configMapRef) {
      const cm = lookup.configMap(ns, String(from.configMapRef.name));
      if (!cm && from.configMapRef.optional !== true) return `configmap "${from.configMapRef.name}" not found`;
    } else if (from?.secretRef) {
      const s = lookup.secret(ns, String(from.secretRef.name));
      if (!s && from.secretRef.optional !== true) return `secret "${from.secretRef.name}" not found`;
    }
  }
  for (const env of (container?.env ?? []) as any[]) {
    const vf = env?.valueFrom;
    if (!vf) continue;
    if (vf.configMapKeyRef) {
      const r = vf.configMapKeyRef;
      const optional = r.optional === true;
      const cm = lookup.configMap(ns, String(r.name));
      if (!cm) {
        if (optional) continue;
        return `configmap "${r.name}" not found`;
      }
      if (!keysOf(cm).has(String(r.key)) && !optional) return `couldn't find key ${r.key} in ConfigMap ${ns}/${r.name}`;
    } else if (vf.secretKeyRef) {
      const r = vf.secretKeyRef;
      const optional = r.optional === true;
      const s = lookup.secret(ns, String(r.name));
      if (!s) {
        if (optional) continue;
        return `secret "${r.name}" not found`;
      }
      if (!keysOf(s).has(String(r.key)) && !optional) return `couldn't find key ${r.key} in Secret ${ns}/${r.name}`;
    }
  }
  return undefined;
}

/** The volume manager's retry back-off (nestedpendingoperations: 500 ms doubling to 2 m 2 s). */
export function mountRetryMs(failures: number): number {
  return Math.min(122_000, 500 * 2 ** Math.max(0, failures - 1));
}
