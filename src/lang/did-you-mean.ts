/** "Did you mean …" suggestions: the closest known word within a small edit distance. */

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/**
 * Added: like `editDistance`, but swapping two neighbouring characters costs 1 (optimal string
 * alignment), so `wiat` is one edit from `wait` — the commonest typo of all.
 */
export function typoDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1);
    row[0] = i;
    rows.push(row);
  }
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    const r = rows[i]!;
    const p = rows[i - 1]!;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(p[j]! + 1, r[j - 1]! + 1, p[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      r[j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The known word closest to `word`, if it is near enough to be a likely typo: distance ≤ 2 for
 * words of five characters or more, ≤ 1 for shorter ones (a swap of two neighbours is one edit);
 * a case-only difference always counts.
 * Returns undefined when nothing is near.
 */
export function closest(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const lower = word.toLowerCase();
  for (const k of known) {
    if (k.toLowerCase() === lower) return k;
    const d = typoDistance(lower, k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  const limit = word.length >= 5 ? 2 : 1;
  return bestD <= limit ? best : undefined;
}
