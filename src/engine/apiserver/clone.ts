/**
 * A deep copy of API data (what `structuredClone` gives for JSON-like values: objects, arrays,
 * strings, numbers, booleans, null, undefined), several times faster for the small objects the
 * apiserver copies on every write. Anything else (Date, Map …) falls back to structuredClone.
 */
export function cloneData<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = cloneData(v[i]);
    return out as T;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = cloneData((v as Record<string, unknown>)[k]);
  return out as T;
}
