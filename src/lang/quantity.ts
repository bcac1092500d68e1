/**
 * Kubernetes quantities (LANGUAGE.md §2, `resource.Quantity`): `4`, `500m`, `0.5`, `128974848`,
 * `8Gi`, `512Mi`, `1G`, `1e3`.
 */

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
const RE = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** The value of a quantity as a number (`500m` → 0.5, `8Gi` → 8589934592), or undefined if it is not one. */
export function parseQuantity(text: string): number | undefined {
  const m = RE.exec(text);
  if (!m) return undefined;
  const base = Number(m[1]);
  const value = m[3] !== undefined ? base * 10 ** Number(m[3]) : base * SUFFIX[m[2] ?? '']!;
  return Number.isFinite(value) ? value : undefined;
}

/**
 * A quantity as Kubernetes would print it: binary suffixes for whole multiples of 1024
 * (`8Gi`), milli-units for fractions (`500m`), plain numbers otherwise.
 */
export function formatQuantity(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) {
    for (const s of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
      const size = SUFFIX[s]!;
      if (value !== 0 && Math.abs(value) >= size && value % size === 0) return `${value / size}${s}`;
    }
    return String(value);
  }
  const milli = Math.round(value * 1000);
  if (Math.abs(milli / 1000 - value) < 1e-9) return `${milli}m`;
  return String(value);
}
