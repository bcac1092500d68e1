/**
 * The one seeded random source of a run: every random choice (generated name suffixes, score
 * ties, jitter) comes from here, so the same seed gives the same run.
 */

/** A 32-bit hash of a string (FNV-1a), e.g. to derive a scenario's default seed from its title. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** xoshiro128** seeded through splitmix32. */
export class Random {
  private s: Uint32Array;

  constructor(seed: number) {
    this.s = new Uint32Array(4);
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }

  /** A uniform 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** `base` ± `fraction` of it, e.g. jitter(100, 0.1) is in [90, 110). */
  jitter(base: number, fraction: number): number {
    if (!fraction) return base;
    return Math.round(base * (1 - fraction + 2 * fraction * this.next()));
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The alphabet of generated names (k8s.io/apimachinery/pkg/util/rand: no vowels, no 0/1/3). */
export const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * `rand.String(n)` as the apiserver's SimpleNameGenerator uses it: n characters of ALPHANUMS,
 * drawing 5 bits per character and rejecting indexes ≥ 27 as Kubernetes does.
 */
export function randomSuffix(rng: Random, n = 5): string {
  let out = '';
  while (out.length < n) {
    const idx = rng.nextU32() & 31;
    if (idx < ALPHANUMS.length) out += ALPHANUMS[idx];
  }
  return out;
}
