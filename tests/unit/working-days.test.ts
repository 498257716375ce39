import { describe, expect, it } from 'vitest';
import { isWorkingDay, nextWorkingDay, orthodoxEaster } from '../../src-shared/domain/working-days';

describe('working days', () => {
  it('computes Orthodox Easter', () => {
    expect(orthodoxEaster(2024)).toBe('2024-05-05');
    expect(orthodoxEaster(2025)).toBe('2025-04-20');
    expect(orthodoxEaster(2026)).toBe('2026-04-12');
    expect(orthodoxEaster(2027)).toBe('2027-05-02');
  });

  it('skips weekends and public holidays', () => {
    expect(nextWorkingDay('2026-11-27')).toBe('2026-11-30'); // Friday → Monday
    expect(nextWorkingDay('2026-11-29')).toBe('2026-11-30'); // Sunday → Monday
    expect(nextWorkingDay('2026-12-24')).toBe('2026-12-28'); // Christmas and Boxing Day, then the weekend
    expect(nextWorkingDay('2026-04-09')).toBe('2026-04-14'); // Good Friday and Easter Monday
    expect(isWorkingDay('2026-02-23')).toBe(false); // Clean Monday
    expect(isWorkingDay('2026-06-01')).toBe(false); // Whit Monday
    expect(isWorkingDay('2026-10-28')).toBe(false);
    expect(isWorkingDay('2026-10-29')).toBe(true);
  });
});
