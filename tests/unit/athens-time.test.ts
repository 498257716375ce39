import { describe, expect, it } from 'vitest';
import {
  addDays,
  athensDayRange,
  athensOffsetMinutes,
  athensSlots,
  athensToUtc,
  formatAthensDate,
  formatAthensTime,
  isIsoDate,
} from '../../src-shared/domain/athens-time';

describe('Athens time', () => {
  it('converts wall-clock times to UTC in winter and summer', () => {
    expect(athensToUtc('2026-11-30', '09:00').toISOString()).toBe('2026-11-30T07:00:00.000Z');
    expect(athensToUtc('2026-07-15', '09:00').toISOString()).toBe('2026-07-15T06:00:00.000Z');
    expect(athensOffsetMinutes(new Date('2026-01-10T12:00:00Z'))).toBe(120);
    expect(athensOffsetMinutes(new Date('2026-08-10T12:00:00Z'))).toBe(180);
  });

  it('formats instants as Athens dates and times', () => {
    const lateUtc = new Date('2026-11-29T22:30:00Z'); // already Monday in Athens
    expect(formatAthensDate(lateUtc)).toBe('2026-11-30');
    expect(formatAthensTime(lateUtc)).toBe('00:30');
  });

  it('gives 23- and 25-hour days on the DST changes', () => {
    const spring = athensDayRange('2026-03-29');
    expect((spring.end.getTime() - spring.start.getTime()) / 3600_000).toBe(23);
    const autumn = athensDayRange('2026-10-25');
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3600_000).toBe(25);
  });

  it('resolves the spring gap forward and the autumn overlap to the first occurrence', () => {
    // 03:30 does not exist on 2026-03-29 in Athens (clocks go 03:00 → 04:00).
    expect(formatAthensTime(athensToUtc('2026-03-29', '03:30'))).toBe('04:30');
    // 03:30 happens twice on 2026-10-25; the first is still summer time (UTC+3).
    expect(athensToUtc('2026-10-25', '03:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('makes slots that keep their wall-clock times across a DST change', () => {
    const before = athensSlots('2026-03-27', '08:00', '09:00', 20);
    const after = athensSlots('2026-03-30', '08:00', '09:00', 20);
    expect(before.map((s) => formatAthensTime(s.start))).toEqual(['08:00', '08:20', '08:40']);
    expect(after.map((s) => formatAthensTime(s.start))).toEqual(['08:00', '08:20', '08:40']);
    expect(before[0]?.start.toISOString()).toBe('2026-03-27T06:00:00.000Z');
    expect(after[0]?.start.toISOString()).toBe('2026-03-30T05:00:00.000Z');
  });

  it('validates dates strictly', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
    expect(() => athensToUtc('2026-13-01', '09:00')).toThrow(RangeError);
    expect(() => athensToUtc('2026-12-01', '24:00')).toThrow(RangeError);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
