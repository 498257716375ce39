import { addDays, type IsoDate, weekday } from '../../../../src-shared/domain/athens-time';

export const PERIOD_PRESETS = ['today', 'yesterday', 'thisWeek', 'last7', 'thisMonth', 'range'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** A preset's dates relative to today (Athens); a week starts on Monday, as in Greece. */
export function presetRange(preset: Exclude<PeriodPreset, 'range'>, today: IsoDate): { from: IsoDate; to: IsoDate } {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case 'thisWeek':
      return { from: addDays(today, -((weekday(today) + 6) % 7)), to: today };
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'thisMonth':
      return { from: `${today.slice(0, 7)}-01` as IsoDate, to: today };
  }
}
