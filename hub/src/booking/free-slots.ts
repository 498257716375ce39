import { addDays, athensToUtc, formatAthensDate, type IsoDate, weekday } from '../../../src-shared/domain/athens-time';
import { BOOKING_LEAD_MINUTES, type KepSchedule, type SlotsResponse } from '../../../src-shared/protocol/booking';

/** What slots are made of: a KEP's schedule without the fields that do not shape them. */
export type SlotSchedule = Pick<KepSchedule, 'desks' | 'slotMinutes' | 'hours' | 'closedDates'>;

/** One slot of the grid, in ms since the epoch. */
export interface GridSlot {
  start: number;
  end: number;
}

/** Appointments holding slots, grouped by their start and end (AppointmentsTable.occupancy). */
export interface Occupancy {
  startsAt: string;
  endsAt: string;
  count: number;
}

/** How many days a search covers when not told. */
export const DEFAULT_SEARCH_DAYS = 14;

const MINUTE = 60_000;

/**
 * athensToUtc, remembered: a date and time always give the same instant, and working it out
 * through Intl is most of a slot search's cost. Bounded: a busy year of dates and opening times
 * fits many times over.
 */
const instants = new Map<string, number>();
const MAX_REMEMBERED = 50_000;
function athensInstant(date: IsoDate, time: string): number {
  const key = `${date} ${time}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    if (instants.size >= MAX_REMEMBERED) instants.clear();
    instant = athensToUtc(date, time).getTime();
    instants.set(key, instant);
  }
  return instant;
}

/** ISO weekday ("1" Monday … "7" Sunday) of an Athens date. */
function isoWeekday(date: IsoDate): '1' | '2' | '3' | '4' | '5' | '6' | '7' {
  return String(weekday(date) || 7) as '1' | '2' | '3' | '4' | '5' | '6' | '7';
}

/**
 * A day's slots: every `slotMinutes` from each span's opening, each ending by its closing. Times
 * are Athens wall clock, so on a DST day the grid keeps its local hours and moves in UTC.
 */
export function slotGrid(schedule: SlotSchedule, date: IsoDate): GridSlot[] {
  if (schedule.closedDates.includes(date)) return [];
  const length = schedule.slotMinutes * MINUTE;
  const slots: GridSlot[] = [];
  for (const span of schedule.hours[isoWeekday(date)] ?? []) {
    const closes = athensInstant(date, span.closes);
    for (let start = athensInstant(date, span.opens); start + length <= closes; start += length) slots.push({ start, end: start + length });
  }
  return slots.sort((a, b) => a.start - b.start);
}

/** The earliest a slot may start when booked at `now`, `leadMinutes` ahead (the hub's `booking.leadMinutes`). */
export const earliestStart = (now: number, leadMinutes: number): number => now + leadMinutes * MINUTE;

/** The grid slot starting at `startsAt`, if there is one and it can still be booked at `now`. */
export function bookableSlot(schedule: SlotSchedule, startsAt: string, now: number, leadMinutes = BOOKING_LEAD_MINUTES): GridSlot | null {
  const start = new Date(startsAt).getTime();
  if (start < earliestStart(now, leadMinutes)) return null;
  return slotGrid(schedule, formatAthensDate(new Date(start))).find((slot) => slot.start === start) ?? null;
}

/** The UTC range a search of `days` days from `from` covers, for the one occupancy query. */
export function searchRange(from: IsoDate, days: number): { start: Date; end: Date } {
  return { start: new Date(athensInstant(from, '00:00')), end: new Date(athensInstant(addDays(from, days), '00:00')) };
}

/**
 * The free slots of `days` days from `from`: each grid slot that starts after the lead time and
 * is overlapped by fewer appointments than the KEP has desks. An appointment off the grid (an
 * older schedule, a longer call) holds every slot it overlaps.
 */
export function freeSlots(
  schedule: SlotSchedule,
  from: IsoDate,
  days: number,
  now: number,
  occupancy: readonly Occupancy[],
  leadMinutes = BOOKING_LEAD_MINUTES,
): SlotsResponse['days'] {
  const dates = Array.from({ length: days }, (_, i) => addDays(from, i));
  const grids = dates.map((date) => slotGrid(schedule, date));
  const all = grids.flat();
  const taken = new Map<number, number>();
  for (const held of occupancy) {
    const start = new Date(held.startsAt).getTime();
    const end = new Date(held.endsAt).getTime();
    for (let i = firstEndingAfter(all, start); i < all.length && (all[i] as GridSlot).start < end; i++) {
      const slot = all[i] as GridSlot;
      taken.set(slot.start, (taken.get(slot.start) ?? 0) + held.count);
    }
  }
  const earliest = earliestStart(now, leadMinutes);
  return dates.map((date, i) => ({
    date,
    slots: (grids[i] ?? [])
      .filter((slot) => slot.start >= earliest)
      .map((slot) => ({
        startsAt: new Date(slot.start).toISOString(),
        endsAt: new Date(slot.end).toISOString(),
        free: schedule.desks - (taken.get(slot.start) ?? 0),
      }))
      .filter((slot) => slot.free > 0),
  }));
}

/** Index of the first slot (sorted by start) that ends after `instant`. */
function firstEndingAfter(slots: readonly GridSlot[], instant: number): number {
  let low = 0;
  let high = slots.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((slots[mid] as GridSlot).end > instant) high = mid;
    else low = mid + 1;
  }
  return low;
}
