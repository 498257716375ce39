import type { DurationFigures } from '../../../src-shared/protocol/stats';

/**
 * The k-th smallest (from 0) of values[lo…], which it reorders: a quickselect, linear where a
 * sort of a year's values took longer than the goal for the whole answer. Afterwards everything
 * from k on is at least the k-th.
 */
function select(values: number[], k: number, from = 0): number {
  let lo = from;
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

/** The index of nearest rank ceil(p·n), from 0. */
const rank = (n: number, p: number): number => Math.max(0, Math.ceil(p * n) - 1);

/**
 * Count, p50 and p90 of durations given in ms, answered in seconds. Reorders `valuesMs` (the
 * period's own lists: copying each cost more than choosing in them).
 */
export function durationFigures(valuesMs: number[]): DurationFigures {
  const n = valuesMs.length;
  if (n === 0) return { count: 0, p50: null, p90: null };
  const p50 = rank(n, 0.5);
  const median = select(valuesMs, p50);
  // The 90th is among those from the median on, which the first choice left there.
  return { count: n, p50: median / 1000, p90: select(valuesMs, rank(n, 0.9), p50) / 1000 };
}
