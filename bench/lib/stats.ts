/** Latency figures of one run, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** The nearest-rank percentile (0–100) of values sorted ascending; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function summarize(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
    mean: sorted.length ? total / sorted.length : Number.NaN,
  };
}

/** Rounds for printing and for the JSON line: `digits` decimals. */
export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** A latency distribution as the call and dispatch benches print it, in milliseconds. */
export interface Figures {
  p50: number;
  p95: number;
  min: number;
  max: number;
}

export function figures(values: readonly number[]): Figures {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0] ?? Number.NaN, max: sorted[sorted.length - 1] ?? Number.NaN };
}

export const ms = (v: number): string => `${round(v, 0)} ms`;
export const describeFigures = (f: Figures): string => `p50 ${ms(f.p50)}, p95 ${ms(f.p95)}, min ${ms(f.min)}, max ${ms(f.max)}`;

/** Seconds since a `performance.now()` reading, to one decimal. */
export const secondsSince = (since: number): number => round((performance.now() - since) / 1000, 1);

/** The first line of an error's message, for a one-line report. */
export const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
