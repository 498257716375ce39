import { addDays, type IsoDate, weekday } from './athens-time';

/**
 * KEPs are closed at weekends and on national public holidays. Orthodox Easter moves, so the
 * holidays tied to it are computed (Meeus' Julian algorithm, shifted to the Gregorian calendar).
 */
const FIXED_HOLIDAYS = ['01-01', '01-06', '03-25', '05-01', '08-15', '10-28', '12-25', '12-26'];

export function orthodoxEaster(year: number): IsoDate {
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  const julian = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // Julian to Gregorian: 13 days for 1900–2099.
  return addDays(julian, 13);
}

export function publicHolidays(year: number): Set<IsoDate> {
  const easter = orthodoxEaster(year);
  return new Set([
    ...FIXED_HOLIDAYS.map((md) => `${year}-${md}`),
    addDays(easter, -48), // Clean Monday
    addDays(easter, -2), // Good Friday
    addDays(easter, 1), // Easter Monday
    addDays(easter, 50), // Whit Monday (Holy Spirit)
  ]);
}

export function isWorkingDay(date: IsoDate): boolean {
  const wd = weekday(date);
  if (wd === 0 || wd === 6) return false;
  return !publicHolidays(Number(date.slice(0, 4))).has(date);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: IsoDate): IsoDate {
  let d = addDays(date, 1);
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}
