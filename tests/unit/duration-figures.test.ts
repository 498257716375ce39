import { describe, expect, it } from 'vitest';
import { durationFigures } from '../../hub/src/stats/duration-figures';
import { seededRandom } from '../support/seeded-random';

/** p50 and p90 by nearest rank on the sorted values, the plain way. */
function sorted(values: number[]): { p50: number; p90: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.max(0, Math.ceil(p * s.length) - 1)]! / 1000;
  return { p50: at(0.5), p90: at(0.9) };
}

describe('durationFigures', () => {
  it('picks the nearest-rank p50 and p90 a sort would, with ties, runs and any length', () => {
    const random = seededRandom(15);
    for (let n = 1; n <= 300; n++) {
      const spread = n % 3 === 0 ? 5 : 1_000_000;
      const values = Array.from({ length: n }, () => random.int(spread));
      if (n % 7 === 0) values.sort((a, b) => a - b);
      if (n % 11 === 0) values.reverse();
      expect(durationFigures(values)).toEqual({ count: n, ...sorted(values) });
    }
    expect(durationFigures([])).toEqual({ count: 0, p50: null, p90: null });
  });
});
