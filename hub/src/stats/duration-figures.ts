import type { DurationFigures } from '../../../src-shared/protocol/stats';

/** The value at nearest rank ceil(p·n) of ascending `sorted`. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** Count, p50 and p90 of durations given in ms, answered in seconds. */
export function durationFigures(valuesMs: readonly number[]): DurationFigures {
  if (valuesMs.length === 0) return { count: 0, p50: null, p90: null };
  const sorted = Float64Array.from(valuesMs).sort();
  return { count: sorted.length, p50: nearestRank(sorted, 0.5) / 1000, p90: nearestRank(sorted, 0.9) / 1000 };
}
