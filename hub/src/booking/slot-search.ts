import { formatAthensDate, type IsoDate } from '../../../src-shared/domain/athens-time';
import { BOOKING_LEAD_MINUTES, type SlotsResponse } from '../../../src-shared/protocol/booking';
import { AppError } from '../../../src-shared/errors';
import type { HubStore } from '../store/hub-store';
import { DEFAULT_SEARCH_DAYS, freeSlots, searchRange } from './free-slots';
import { kepSchedule } from './kep-schedule';

/** A KEP's free slots from `from` (today) for `days` days: its schedule and one query of its bookings. */
export function searchSlots(
  store: HubStore,
  kepId: string,
  query: { from?: IsoDate | undefined; days?: number | undefined },
  leadMinutes = BOOKING_LEAD_MINUTES,
  now = Date.now(),
): SlotsResponse {
  const schedule = kepSchedule(store, kepId);
  if (!schedule) throw new AppError('not_found', `There is no KEP ${kepId}.`);
  if (!schedule.videoService) throw new AppError('invalid_input', 'This KEP does not take video appointments.', { reason: 'booking.no_video_service' });
  const from = query.from ?? formatAthensDate(new Date(now));
  const days = query.days ?? DEFAULT_SEARCH_DAYS;
  const { start, end } = searchRange(from, days);
  const occupancy = store.appointments.occupancy(kepId, start, end);
  return { kepId, timeZone: 'Europe/Athens', slotMinutes: schedule.slotMinutes, days: freeSlots(schedule, from, days, now, occupancy, leadMinutes) };
}
