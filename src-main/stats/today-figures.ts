import { athensDayRange, formatAthensDate, formatAthensTime } from '../../src-shared/domain/athens-time';
import type { TodayFigures } from '../../src-shared/protocol/stats';
import type { RoomState } from '../../src-shared/protocol/signaling';
import type { SqliteDatabase } from '../db/open-database';

export interface TodayInputs {
  db: SqliteDatabase;
  kepId: string;
  now: Date;
  /** The KEP's rooms as the desk last heard of them from the hub. */
  rooms: readonly RoomState[];
  /** Appointments (of any day) still owed a document, as dispatch.owed counts them. */
  owedAppointmentIds: ReadonlySet<string>;
}

const NEXT_HOUR_MS = 60 * 60_000;

/**
 * Today at this KEP from the desk's own cache and lobby, so it works offline. A rescheduled
 * appointment has moved to another slot and a cancelled one will not happen: neither is booked.
 */
export function todayFigures({ db, kepId, now, rooms, owedAppointmentIds }: TodayInputs): TodayFigures {
  const date = formatAthensDate(now);
  const { start, end } = athensDayRange(date);
  const rows = db
    .prepare<[string, string, string], { id: string; starts_at: string; category: 1 | 2 | 3 | 4; status: string; failed_check: number }>(
      `SELECT a.id, a.starts_at, a.category, a.status,
         EXISTS (SELECT 1 FROM verification_outcomes o WHERE o.appointment_id = a.id AND o.outcome = 'failed') AS failed_check
       FROM appointments a
       WHERE a.kep_id = ? AND a.starts_at >= ? AND a.starts_at < ? AND a.status NOT IN ('cancelled', 'rescheduled')
       ORDER BY a.starts_at`,
    )
    .all(kepId, start.toISOString(), end.toISOString());

  const nextHour = { total: 0, byCategory: { 1: 0, 2: 0, 3: 0, 4: 0 } };
  const hours = new Map<string, { booked: number; served: number }>();
  const limit = now.getTime() + NEXT_HOUR_MS;
  for (const row of rows) {
    const startsAt = new Date(row.starts_at);
    const hour = formatAthensTime(startsAt).slice(0, 2);
    const slot = hours.get(hour) ?? { booked: 0, served: 0 };
    slot.booked += 1;
    if (row.status === 'completed') slot.served += 1;
    hours.set(hour, slot);
    if (row.status === 'booked' && startsAt.getTime() >= now.getTime() && startsAt.getTime() < limit) {
      nextHour.total += 1;
      nextHour.byCategory[row.category] += 1;
    }
  }

  // A room that is open is a call; citizens connected to a room not open yet are waiting for one,
  // unless their appointment is over (a citizen whose call ended may stay on the page a while).
  const callable = new Set(rows.filter((r) => r.status === 'booked').map((r) => r.id));
  const waiting = rooms
    .filter((room) => !room.open && callable.has(room.appointmentId))
    .flatMap((room) => room.waiting.filter((member) => member.role === 'citizen'));
  const longestWaitSince = waiting.reduce<string | null>(
    (oldest, member) => (oldest === null || Date.parse(member.since) < Date.parse(oldest) ? member.since : oldest),
    null,
  );

  return {
    date,
    at: now.toISOString(),
    booked: rows.length,
    served: rows.filter((r) => r.status === 'completed').length,
    inCallNow: rooms.filter((room) => room.open).length,
    waitingNow: waiting.length,
    longestWaitSince: longestWaitSince === null ? null : new Date(longestWaitSince).toISOString(),
    noShows: rows.filter((r) => r.status === 'no_show').length,
    failedChecks: rows.filter((r) => r.status === 'failed_verification' || r.failed_check === 1).length,
    documentsOwed: rows.filter((r) => owedAppointmentIds.has(r.id)).length,
    nextHour,
    byHour: [...hours].map(([hour, counts]) => ({ hour, ...counts })).sort((a, b) => a.hour.localeCompare(b.hour)),
  };
}
