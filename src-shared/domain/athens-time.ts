/**
 * Times are stored as UTC instants (ISO 8601 with Z) and shown in Europe/Athens. Dates
 * ("2026-11-30") always mean a calendar day in Athens. Only Intl is used, so this runs the
 * same in main, the renderer and the hub, and follows the runtime's tz database across DST.
 */
export const KEP_TIME_ZONE = 'Europe/Athens';

export type IsoDate = string; // YYYY-MM-DD, a calendar day in Athens

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

const partsFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: KEP_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: Date): WallClock {
  // Formatted once: each formatToParts costs tens of microseconds, and the day view asks often.
  const parts = partsFormatter.formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of Athens from UTC at an instant, in minutes (120 in winter, 180 in summer). */
export function athensOffsetMinutes(instant: Date): number {
  const w = wallClock(instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

export function isIsoDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/**
 * The UTC instant of a wall-clock time in Athens. In the spring-forward gap (03:00–03:59 does
 * not exist) the later offset is used; in the autumn overlap the first occurrence is returned.
 */
export function athensToUtc(date: IsoDate, time: string): Date {
  const dm = DATE_RE.exec(date);
  const tm = TIME_RE.exec(time);
  if (!dm || !isIsoDate(date)) throw new RangeError(`Not a date: ${date}`);
  if (!tm) throw new RangeError(`Not a time: ${time}`);
  const naive = Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]), Number(tm[1]), Number(tm[2]));
  // Try the offset a few hours before and after; the first candidate that maps back wins.
  const offsets = [athensOffsetMinutes(new Date(naive - 6 * 3600_000)), athensOffsetMinutes(new Date(naive + 6 * 3600_000))];
  for (const offset of [...new Set(offsets)].sort((a, b) => b - a)) {
    const candidate = new Date(naive - offset * 60000);
    if (formatAthensDate(candidate) === date && formatAthensTime(candidate) === time) return candidate;
  }
  return new Date(naive - Math.min(...offsets) * 60000);
}

/** The calendar day in Athens of an instant. */
export function formatAthensDate(instant: Date): IsoDate {
  const w = wallClock(instant);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** HH:mm in Athens of an instant. */
export function formatAthensTime(instant: Date): string {
  const w = wallClock(instant);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** [start, end) of an Athens calendar day as UTC instants; 23 or 25 hours on DST days. */
export function athensDayRange(date: IsoDate): { start: Date; end: Date } {
  return { start: athensToUtc(date, '00:00'), end: athensToUtc(addDays(date, 1), '00:00') };
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`Not a date: ${date}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, of a calendar date. */
export function weekday(date: IsoDate): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

/**
 * Slots of `minutes` length from `from` to `to` (wall clock, Athens) on a date, as UTC instants.
 * The last slot ends at or before `to`.
 */
export function athensSlots(date: IsoDate, from: string, to: string, minutes: number): Array<{ start: Date; end: Date }> {
  const start = athensToUtc(date, from).getTime();
  const end = athensToUtc(date, to).getTime();
  const slots: Array<{ start: Date; end: Date }> = [];
  for (let t = start; t + minutes * 60000 <= end; t += minutes * 60000) {
    slots.push({ start: new Date(t), end: new Date(t + minutes * 60000) });
  }
  return slots;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
