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
 * that key, and an element `{name, $patch: delete}` removes one; other lists are replaced; `null`
 * removes a field.
 */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch) && isNamedList(patch) && (target === undefined || (Array.isArray(target) && (target.length === 0 || isNamedList(target))))) {
    const base = (target ?? []) as { name: string }[];
    const named = (x: unknown) => (x as { name: string }).name;
    // An element `{name: N, $patch: delete}` removes N from the list (kubectl apply sends it for an
    // element that left the last-applied configuration).
    const deleted = new Set(patch.filter((p) => (p as Record<string, unknown>).$patch === 'delete').map(named));
    const out = base.filter((t) => !deleted.has(named(t))).map((t) => {
      const p = patch.find((x) => named(x) === named(t));
      return p === undefined ? t : strategicMergePatch(t, p);
    });
    for (const p of patch) if (!deleted.has(named(p)) && !base.some((t) => named(t) === named(p))) out.push(cloneData(p) as { name: string });
    return out;
  }
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return mergePatch(target, patch);
  // `$patch: replace` replaces the whole map (a ControllerRevision's template patch).
  if ((patch as Record<string, unknown>).$patch === 'replace') {
    const { $patch: _directive, ...rest } = patch as Record<string, unknown>;
    return cloneData(rest);
  }
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
