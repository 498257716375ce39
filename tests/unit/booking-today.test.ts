import { describe, expect, it } from 'vitest';
import { athensToUtc, formatAthensDate } from '../../src-shared/domain/athens-time';
import { startToday } from '../support/booking';

// Tests that book "in N minutes" and then look at the desk's day of today failed when run near
// Athens midnight (a CI run at 21:30–22:15 UTC): the booking fell on tomorrow, which the desk
// does not hold. startToday keeps such a booking on today, on the same side of now.
const at = (time: string): Date => athensToUtc('2026-12-04', time);

describe('a test booking for the desk’s today', () => {
  it('starts N minutes from now when that is still today', () => {
    expect(startToday(30, at('10:00'))).toEqual(at('10:30'));
    expect(startToday(-15, at('10:00'))).toEqual(at('09:45'));
  });

  it('stays on today, after now, half an hour before midnight', () => {
    const now = at('23:40');
    const start = startToday(30, now);
    expect(formatAthensDate(start)).toBe('2026-12-04');
    expect(start.getTime()).toBeGreaterThan(now.getTime());
  });

  it('stays on today, before now, just after midnight', () => {
    const now = at('00:05');
    const start = startToday(-15, now);
    expect(formatAthensDate(start)).toBe('2026-12-04');
    expect(start.getTime()).toBeLessThanOrEqual(now.getTime());
  });
});
