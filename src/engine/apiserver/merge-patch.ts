import { cloneData } from './clone.js';

/** JSON merge patch (RFC 7386): objects merge recursively, `null` removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  // Primitives are immutable: only arrays need a copy.
  if (patch === null || typeof patch !== 'object') return patch;
  if (Array.isArray(patch)) return cloneData(patch);
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * Strategic merge patch, as kubectl apply sends it, for the part the simulation needs: lists of
 * objects that all have a `name` (containers, ports, volumes) are merged element by element on
 * that key; other lists are replaced. Simplification: elements are never removed (kubectl's
 * three-way patch deletes what left the last-applied configuration).
 */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch) && Array.isArray(target) && isNamedList(patch) && isNamedList(target)) {
    const out = target.map((t) => {
      const p = patch.find((x) => (x as { name: string }).name === (t as { name: string }).name);
      return p === undefined ? t : strategicMergePatch(t, p);
    });
    for (const p of patch) if (!target.some((t) => (t as { name: string }).name === (p as { name: string }).name)) out.push(p);
    return out;
  }
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return mergePatch(target, patch);
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = strategicMergePatch(out[k], v);
  }
  return out;
}

function isNamedList(list: unknown[]): boolean {
  return list.length > 0 && list.every((x) => x !== null && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string');
}
