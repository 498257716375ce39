import { describe, expect, it } from 'vitest';
import { athensToUtc } from '../../src-shared/domain/athens-time';
import { insideInstallWindow } from '../../src-main/update/install-window';

const at = (date: string, time: string): Date => athensToUtc(date, time);

describe('the install window on the KEP wall clock', () => {
  it('includes its start and excludes its end', () => {
    const window = { from: '13:00', to: '14:30' };
    expect(insideInstallWindow(at('2026-12-03', '12:59'), window)).toBe(false);
    expect(insideInstallWindow(at('2026-12-03', '13:00'), window)).toBe(true);
    expect(insideInstallWindow(at('2026-12-03', '14:29'), window)).toBe(true);
    expect(insideInstallWindow(at('2026-12-03', '14:30'), window)).toBe(false);
  });

  it('wraps past midnight', () => {
    const window = { from: '22:00', to: '06:00' };
    expect(insideInstallWindow(at('2026-12-03', '23:30'), window)).toBe(true);
    expect(insideInstallWindow(at('2026-12-04', '05:59'), window)).toBe(true);
    expect(insideInstallWindow(at('2026-12-04', '06:00'), window)).toBe(false);
    expect(insideInstallWindow(at('2026-12-03', '21:59'), window)).toBe(false);
  });

  it('reads Athens time, summer and winter alike', () => {
    const window = { from: '20:00', to: '21:00' };
    // 17:30 UTC is 19:30 in winter (UTC+2) and 20:30 in summer (UTC+3).
    expect(insideInstallWindow(new Date('2026-12-03T17:30:00Z'), window)).toBe(false);
    expect(insideInstallWindow(new Date('2026-07-03T17:30:00Z'), window)).toBe(true);
  });
});
