import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../src-main/db/app-database';
import type { SqliteDatabase } from '../../src-main/db/open-database';
import { DispatchStore } from '../../src-main/dispatch/dispatch-store';
import { todayFigures } from '../../src-main/stats/today-figures';
import { OutboxEntries } from '../../src-main/sync/outbox-entries';
import type { RoomState } from '../../src-shared/protocol/signaling';
import { todayFiguresSchema } from '../../src-shared/protocol/stats';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
// 10:30 in Athens (UTC+2 in December).
const NOW = new Date('2026-12-03T08:30:00.000Z');

function appointment(id: string, startsAt: string, category: number, status: string, kep = 'kep-a'): void {
  db.prepare(
    `INSERT INTO appointments VALUES (?, ?, ?, ?, ?, 'C1-E9', 'θέμα', 'Μαρία', 'Παππά', '123456783',
    'maria@example.com', NULL, NULL, 0, 'email', ?, '2026-11-29T00:00:00.000Z', '2026-11-29T00:00:00.000Z', NULL, NULL, NULL)`,
  ).run(id, kep, startsAt, new Date(Date.parse(startsAt) + 20 * 60_000).toISOString(), category, status);
}

function member(id: string, role: 'citizen' | 'interpreter' | 'employee', since: string) {
  return { id: `${id}-participant`, role, since, devices: null, media: null };
}

beforeEach(() => {
  dir = makeTempDir();
  db = openAppDatabase(dir.path);
});
afterEach(() => {
  db.close();
  dir.remove();
});

describe('today at the desk', () => {
  it('counts a hand-made day and lobby exactly', () => {
    // 08:00 Athens (06:00Z): served, and one failed its check.
    appointment('a1', '2026-12-03T06:00:00.000Z', 1, 'completed');
    appointment('a2', '2026-12-03T06:20:00.000Z', 2, 'failed_verification');
    // 09:00 Athens: a no-show, a cancellation (not booked), a completed call whose letter waits to be posted.
    appointment('a3', '2026-12-03T07:00:00.000Z', 1, 'no_show');
    appointment('a4', '2026-12-03T07:20:00.000Z', 1, 'cancelled');
    appointment('a5', '2026-12-03T07:40:00.000Z', 3, 'completed');
    // 10:00 Athens: one moved away, one still booked in the past (now in call).
    appointment('a6', '2026-12-03T08:00:00.000Z', 2, 'rescheduled');
    appointment('a7', '2026-12-03T08:20:00.000Z', 2, 'booked');
    // Next hour (10:30–11:30 Athens): two booked, one cancelled; 11:30 itself is outside.
    appointment('a8', '2026-12-03T08:40:00.000Z', 4, 'booked');
    appointment('a9', '2026-12-03T09:20:00.000Z', 2, 'booked');
    appointment('a10', '2026-12-03T09:00:00.000Z', 1, 'cancelled');
    appointment('a11', '2026-12-03T09:30:00.000Z', 1, 'booked');
    // Another day, another KEP: never counted.
    appointment('b1', '2026-12-02T08:40:00.000Z', 1, 'no_show');
    appointment('b2', '2026-12-04T08:40:00.000Z', 1, 'booked');
    appointment('c1', '2026-12-03T08:40:00.000Z', 1, 'booked', 'kep-b');
    // A check recorded as failed counts, whatever the appointment's status became.
    db.prepare("INSERT INTO verification_outcomes VALUES ('a1', 'failed', 'poor_video', '2026-12-03T06:05:00.000Z', 'u1', NULL)").run();

    const rooms: RoomState[] = [
      {
        appointmentId: 'a7',
        open: true,
        participants: [member('e', 'employee', '2026-12-03T08:21:00.000Z'), member('c7', 'citizen', '2026-12-03T08:19:00.000Z')],
        waiting: [],
      },
      {
        appointmentId: 'a8',
        open: false,
        participants: [],
        waiting: [member('c8', 'citizen', '2026-12-03T08:12:00.000Z'), member('i8', 'interpreter', '2026-12-03T08:05:00.000Z')],
      },
      { appointmentId: 'a9', open: false, participants: [], waiting: [member('c9', 'citizen', '2026-12-03T08:25:00.000Z')] },
      // Served already, the citizen still on the page: not waiting for anything.
      { appointmentId: 'a1', open: false, participants: [], waiting: [member('c1', 'citizen', '2026-12-03T06:30:00.000Z')] },
    ];
    const figures = todayFigures({ db, kepId: 'kep-a', now: NOW, rooms, owedAppointmentIds: new Set(['a5', 'b1']) });

    expect(todayFiguresSchema.parse(figures)).toEqual(figures);
    expect(figures).toEqual({
      date: '2026-12-03',
      at: NOW.toISOString(),
      booked: 8,
      served: 2,
      inCallNow: 1,
      waitingNow: 2,
      // The interpreter waits longer, but only citizens count.
      longestWaitSince: '2026-12-03T08:12:00.000Z',
      noShows: 1,
      failedChecks: 2,
      documentsOwed: 1,
      nextHour: { total: 2, byCategory: { 1: 0, 2: 1, 3: 0, 4: 1 } },
      byHour: [
        { hour: '08', booked: 2, served: 1 },
        { hour: '09', booked: 2, served: 1 },
        { hour: '10', booked: 2, served: 0 },
        { hour: '11', booked: 2, served: 0 },
      ],
    });
  });

  it('owes what dispatch.owed owes: a letter waiting to be posted', () => {
    appointment('a1', '2026-12-03T06:00:00.000Z', 1, 'completed');
    db.prepare(
      `INSERT INTO dispatches (id, appointment_id, channel, state, recipient, created_at, created_by, updated_at)
       VALUES ('d1', 'a1', 'post', 'queued', 'Μαρία Παππά', '2026-12-03T06:30:00.000Z', 'u1', '2026-12-03T06:30:00.000Z')`,
    ).run();
    const owed = new Set(new DispatchStore(db, new OutboxEntries(db)).owed('kep-a').map((o) => o.appointmentId));
    expect(todayFigures({ db, kepId: 'kep-a', now: NOW, rooms: [], owedAppointmentIds: owed }).documentsOwed).toBe(1);
  });

  it('is empty on a day without appointments or anyone in the lobby', () => {
    const figures = todayFigures({ db, kepId: 'kep-a', now: NOW, rooms: [], owedAppointmentIds: new Set() });
    expect(figures).toMatchObject({ booked: 0, served: 0, inCallNow: 0, waitingNow: 0, longestWaitSince: null, byHour: [], nextHour: { total: 0 } });
  });
});
