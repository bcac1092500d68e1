/** The index lists of Indexed Jobs as the apiserver validates them (`1,3-5`). */

/**
 * validateIndexesFormat (pkg/apis/batch/validation): the number of indexes of "1,3-5", or the
 * error the apiserver words (`error parsing succeededIndexes: …`).
 */
export function indexesFormatProblem(text: string, completions: number): [number, string | undefined] {
  if (!text) return [0, undefined];
  let total = 0;
  let prevLast = -1;
  for (const part of text.split(',')) {
    const limits = part.split('-');
    if (limits.length > 2) return [0, `the fragment "${part}" violates the requirement that an index interval can have at most two parts separated by '-'`];
    const x = Number.parseInt(limits[0]!, 10);
    if (!/^[+-]?\d+$/.test(limits[0]!)) return [0, `cannot convert string to integer for index: "${limits[0]}"`];
    if (x >= completions) return [0, `too large index: "${limits[0]}"`];
    let y = x;
    if (limits.length === 2) {
      if (!/^[+-]?\d+$/.test(limits[1]!)) return [0, `cannot convert string to integer for index: "${limits[1]}"`];
      y = Number.parseInt(limits[1]!, 10);
      if (y >= completions) return [0, `too large index: "${limits[1]}"`];
      if (x >= y) return [0, `non-increasing order, previous: ${x}, current: ${y}`];
    }
    if (total > 0 && prevLast >= x) return [0, `non-increasing order, previous: ${prevLast}, current: ${x}`];
    total += y - x + 1;
    prevLast = y;
  }
  return [total, undefined];
}
