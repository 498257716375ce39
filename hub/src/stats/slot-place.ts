import { formatAthensDate, formatAthensTime, weekday } from '../../../src-shared/domain/athens-time';

/** Where a slot falls for the figures: its Athens date, ISO weekday (1 Monday … 7 Sunday) and hour, and its start in ms. */
export interface SlotPlace {
  slotDate: string;
  slotWeekday: number;
  slotHour: number;
  slotStart: number;
}

export function slotPlace(startsAt: string): SlotPlace {
  const start = new Date(startsAt);
  const slotDate = formatAthensDate(start);
  return { slotDate, slotWeekday: weekday(slotDate) || 7, slotHour: Number(formatAthensTime(start).slice(0, 2)), slotStart: start.getTime() };
}
