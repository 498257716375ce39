import type { DurationFigures } from '../../../src-shared/protocol/stats';

/**
 * The k-th smallest (from 0) of `values`, which it reorders: a quickselect, linear where a sort
 * of a year's values took longer than the goal for the whole answer.
 */
function select(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const a = values[lo]!;
    const b = values[(lo + hi) >>> 1]!;
    const c = values[hi]!;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    // [lo, j] ≤ pivot ≤ [i, hi], and anything between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** The value at nearest rank ceil(p·n) of the values, as if sorted ascending. */
const nearestRank = (values: Float64Array, p: number): number => select(values, Math.max(0, Math.ceil(p * values.length) - 1));

/** Count, p50 and p90 of durations given in ms, answered in seconds. */
export function durationFigures(valuesMs: ArrayLike<number>): DurationFigures {
  if (valuesMs.length === 0) return { count: 0, p50: null, p90: null };
  const values = new Float64Array(valuesMs);
  return { count: values.length, p50: nearestRank(values, 0.5) / 1000, p90: nearestRank(values, 0.9) / 1000 };
}
