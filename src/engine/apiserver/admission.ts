/**
 * Admission on create, in the order of the default plugin chain for the parts the simulation
 * models: NamespaceLifecycle (in server.ts), defaulting, DefaultTolerationSeconds, Priority.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { Env } from '../env.js';
import { applyDefaults } from '../../manifests/defaults.js';
import type { ApiResponse, Caller } from './types.js';
import { admitServiceAccount } from './admission-serviceaccount.js';

interface AdmissionContext {
  server: { peek(resource: string, ns: string | undefined, name: string): KubeObject | undefined; list(resource: string): KubeObject[] };
  env: Env;
  caller: Caller;
  operation: 'create' | 'update';
}

/** `--default-not-ready-toleration-seconds` and `--default-unreachable-toleration-seconds`. */
export const DEFAULT_TOLERATION_SECONDS = 300;

/** Mutate `obj` as admission does; returns a response when admission rejects the request. */
export function admit(obj: KubeObject, ctx: AdmissionContext): ApiResponse | undefined {
  applyDefaults(obj);
  if (obj.kind === 'PriorityClass') return priorityClassAdmission(obj, ctx.server.list('priorityclasses'), ctx.operation);
  if (obj.kind !== 'Pod') return undefined;
  if (ctx.operation === 'create') {
    const denied = admitServiceAccount(obj, ctx.env, (ns, name) => ctx.server.peek('serviceaccounts', ns, name));
    if (denied) return denied;
  }
  const spec = (obj as any).spec;
  // DefaultTolerationSeconds: tolerate not-ready and unreachable for 300 s unless already tolerated.
  const tolerations = (spec.tolerations ??= []) as any[];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const has = tolerations.some((t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'));
    if (!has) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  // Priority: resolve priorityClassName to its value (a global default class, if any, else 0).
  const name = spec.priorityClassName as string | undefined;
  if (name) {
    const pc = ctx.server.peek('priorityclasses', undefined, name) as any;
    if (!pc) {
      const podName = obj.metadata.name || obj.metadata.generateName;
      return { code: 403, reason: 'Forbidden', message: `pods${podName ? ` "${podName}"` : ''} is forbidden: no PriorityClass with name ${name} was found` };
    }
    spec.priority = pc.value;
    spec.preemptionPolicy = pc.preemptionPolicy ?? spec.preemptionPolicy;
  } else {
    const global = ctx.server.list('priorityclasses').find((pc: any) => pc.globalDefault) as any;
    spec.priority ??= global ? global.value : 0;
    if (global) spec.priorityClassName = global.metadata.name;
  }
  return undefined;
}

/**
 * The Priority plugin's validatePriorityClass (plugin/pkg/admission/priority/admission.go): a
 * PriorityClass marked `globalDefault: true` is refused while another one is the default
 * (getDefaultPriorityClass: the default of lowest value, should a race have made two). Used by
 * the apiserver with the stored classes, and by `kscn check` with the classes a manifest
 * defines before this one.
 */
export function priorityClassAdmission(pc: KubeObject, existing: KubeObject[], operation: 'create' | 'update'): ApiResponse | undefined {
  if ((pc as any).globalDefault !== true) return undefined;
  let dpc: any;
  for (const c of existing as any[]) if (c.globalDefault === true && (dpc === undefined || dpc.value > c.value)) dpc = c;
  if (!dpc) return undefined;
  if (operation === 'create' || dpc.metadata?.name !== pc.metadata?.name) {
    return { code: 403, reason: 'Forbidden', message: `priorityclasses.scheduling.k8s.io "${pc.metadata?.name ?? ''}" is forbidden: PriorityClass ${dpc.metadata?.name} is already marked as default. Only one default can exist` };
  }
  return undefined;
}
