import { describe, expect, it } from 'vitest';
import { scaleFor } from '../../src-shared/call/first-picture-size';

const HD = 1280 * 720;

describe('the first picture’s size (scaleFor)', () => {
  it('starts a 720p camera within 320×240 below 300 kbps, within 640×480 below 500 kbps, full above', () => {
    for (const [bps, limit] of [
      [0, 320 * 240],
      [299_999, 320 * 240],
      [300_000, 640 * 480],
      [499_999, 640 * 480],
    ] as const) {
      const scale = scaleFor(HD, bps);
      // Chrome rounds the scaled size; a quarter's margin keeps it within the limit.
      expect(Math.ceil(1280 / scale) * Math.ceil(720 / scale)).toBeLessThanOrEqual(limit);
      expect(scale).toBeGreaterThan(1);
    }
    expect(scaleFor(HD, 500_000)).toBe(1);
  });

  it('leaves a picture the rate allows as it is', () => {
    expect(scaleFor(320 * 240, 0)).toBe(1);
    expect(scaleFor(640 * 480, 300_000)).toBe(1);
    expect(scaleFor(0, 0)).toBe(1);
  });

  it('never grows the picture past the camera', () => {
    expect(scaleFor(HD, 0)).toBeGreaterThanOrEqual(scaleFor(HD, 300_000));
    expect(scaleFor(HD, 300_000)).toBeGreaterThanOrEqual(scaleFor(HD, 1_000_000));
  });
});
