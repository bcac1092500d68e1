/**
 * Kubernetes resource quantities (`500m`, `8Gi`, `1G`, `1e3`, `0.5`) as numbers: cpu in cores,
 * memory and storage in bytes. Returns undefined for text that is not a quantity.
 */
const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/.exec(q.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * SUFFIX[m[3] ?? '']!;
}

/** Millicores of a cpu quantity (rounded up, as the scheduler counts). */
export function milliCpu(q: unknown): number {
  const v = quantityValue(q);
  return v === undefined ? 0 : Math.ceil(v * 1000 - 1e-9);
}

/** Bytes (or units) of a quantity. */
export function units(q: unknown): number {
  const v = quantityValue(q);
  return v === undefined ? 0 : Math.ceil(v - 1e-9);
}
