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
