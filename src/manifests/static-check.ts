/**
 * What the apiserver would answer to creating an object, known without running: the decoding
 * error (400), the admission refusals that depend only on objects written before it in the same
 * manifest (a second default PriorityClass, 403) and the validation errors (422). The same
 * functions the simulated apiserver calls on create (`decodeProblem`, `admit`'s defaulting and
 * PriorityClass check, `validateObject`), in its order; `kscn check` reports each answer at the
 * YAML key it is about, with kubectl's text.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../trace/types.js';
import { decodeProblem, fieldPath, invalidMessage, validateObject, type FieldPath } from './validate.js';
import { applyDefaults } from './defaults.js';
import { normalizeDecoded } from './decode.js';
import { priorityClassAdmission } from '../engine/apiserver/admission.js';
import { generateJobSelector } from '../engine/apiserver/finalizers.js';
import { apiVersionOf, byKind, qualifiedKind } from '../engine/apiserver/resources.js';
import { cloneData } from '../engine/apiserver/clone.js';

/** One refusal: the apiserver's answer (as `kubectlError` prints it) and the path of the field at fault. */
export interface StaticProblem {
  code: number;
  reason: string;
  message: string;
  path: FieldPath;
}

/**
 * The refusals creating `obj` meets, with `before` the objects the same manifest creates ahead
 * of it. Kinds the apiserver does not serve are left to the check of kinds. Simplification:
 * the Job selector is generated with a placeholder uid (validation only needs one to be there).
 */
export function staticProblems(obj: KubeObject, before: KubeObject[] = []): StaticProblem[] {
  const t = byKind(obj?.kind);
  // kubectl maps an object by its apiVersion and kind: another version is not this resource.
  if (!t || apiVersionOf(t) !== obj.apiVersion) return [];
  const decoded = decodeProblem(obj);
  if (decoded) return [{ code: 400, reason: 'BadRequest', message: decoded.message, path: decoded.path }];
  const o = cloneData(obj) as any;
  normalizeDecoded(o);
  if (!o.metadata || typeof o.metadata !== 'object') o.metadata = { name: '' };
  applyDefaults(o);
  if (t.kind === 'PriorityClass') {
    const denied = priorityClassAdmission(o, before.filter((b) => b?.kind === 'PriorityClass'), 'create');
    if (denied) return [{ code: denied.code, reason: denied.reason ?? 'Forbidden', message: denied.message ?? '', path: ['globalDefault'] }];
  }
  if (t.kind === 'Job') generateJobSelector(o, '00000000-0000-0000-0000-000000000000');
  const name = typeof o.metadata.name === 'string' ? o.metadata.name : '';
  // One refusal per field, each with the apiserver's text for that field alone.
  return validateObject(o).map((e) => ({ code: 422, reason: 'Invalid', message: invalidMessage(qualifiedKind(t), name, [e]), path: fieldPath(e.field) }));
}
