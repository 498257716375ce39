import type { Migration } from '../../../../src-shared/sqlite/migrations';
import { slotPlace } from '../../stats/slot-place';
import type { HubDatabase } from '../open-database';

interface Existing {
  id: string;
  kep_id: string;
  starts_at: string;
  category: number;
  status: string;
  status_reason: string | null;
  call_outcome: string | null;
  call_ended_at: string | null;
  passed: number;
  ended_by: string | null;
  reschedules: number;
}

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/**
 * The supervisors' figures (issue 15): anonymous facts, one row per appointment and one per
 * dispatch, clustered by KEP and slot date so a period is one range scan. No citizen's name, AFM
 * or contact is here, and nothing purges these rows. Times are ms since the epoch. The bookings
 * already on the hub are filled in from what it kept (arrival, admission and opening were not
 * recorded before this version and stay unknown).
 */
export const m014StatsFacts: Migration<HubDatabase> = {
  version: 14,
  name: 'stats-facts',
  up(db) {
    db.exec(`
      CREATE TABLE appointment_facts (
        kep_id TEXT NOT NULL,
        slot_date TEXT NOT NULL,
        appointment_id TEXT NOT NULL,
        slot_weekday INTEGER NOT NULL CHECK (slot_weekday BETWEEN 1 AND 7),
        slot_hour INTEGER NOT NULL CHECK (slot_hour BETWEEN 0 AND 23),
        category INTEGER NOT NULL,
        slot_start INTEGER NOT NULL,
        status TEXT NOT NULL,
        -- Who ended the call, else who opened it.
        employee_id TEXT,
        arrived_at INTEGER,
        admitted_at INTEGER,
        call_opened_at INTEGER,
        call_ended_at INTEGER,
        outcome TEXT,
        verification TEXT CHECK (verification IN ('passed', 'failed')),
        fail_reason TEXT,
        interpreter INTEGER NOT NULL DEFAULT 0 CHECK (interpreter IN (0, 1)),
        cancel_reason TEXT,
        rescheduled INTEGER NOT NULL DEFAULT 0,
        reschedule_reason TEXT,
        PRIMARY KEY (kep_id, slot_date, appointment_id)
      ) STRICT, WITHOUT ROWID;
      CREATE UNIQUE INDEX appointment_facts_by_appointment ON appointment_facts (appointment_id);

      CREATE TABLE dispatch_facts (
        kep_id TEXT NOT NULL,
        slot_date TEXT NOT NULL,
        appointment_id TEXT NOT NULL,
        dispatch_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        category INTEGER NOT NULL,
        employee_id TEXT NOT NULL,
        sent_at INTEGER,
        -- Delivered (e-mail), downloaded (inbox) or posted (post).
        done_at INTEGER,
        failed INTEGER NOT NULL DEFAULT 0 CHECK (failed IN (0, 1)),
        PRIMARY KEY (kep_id, slot_date, appointment_id, dispatch_id)
      ) STRICT, WITHOUT ROWID;
      CREATE UNIQUE INDEX dispatch_facts_by_dispatch ON dispatch_facts (dispatch_id);
      CREATE INDEX dispatch_facts_by_appointment ON dispatch_facts (appointment_id);
    `);

    const existing = db
      .prepare<[], Existing>(
        `SELECT a.id, a.kep_id, a.starts_at, a.category, a.status, a.status_reason, w.call_outcome, w.call_ended_at,
           EXISTS (SELECT 1 FROM verifications_passed v WHERE v.appointment_id = a.id) AS passed,
           (SELECT c.actor_id FROM applied_changes c WHERE c.appointment_id = a.id AND c.kind = 'call.end' AND c.applied = 1
            ORDER BY c.applied_at DESC LIMIT 1) AS ended_by,
           (SELECT count(*) FROM applied_changes c WHERE c.appointment_id = a.id AND c.kind = 'booking.reschedule' AND c.applied = 1) AS reschedules
         FROM appointments a LEFT JOIN appointment_work w ON w.appointment_id = a.id`,
      )
      .all();
    const insert = db.prepare(
      `INSERT INTO appointment_facts (kep_id, slot_date, appointment_id, slot_weekday, slot_hour, category, slot_start, status, employee_id,
         call_ended_at, outcome, verification, fail_reason, cancel_reason, rescheduled, reschedule_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const places = new Map<string, ReturnType<typeof slotPlace>>();
    for (const a of existing) {
      const place = slotPlace(a.starts_at);
      places.set(a.id, place);
      const failed = a.status === 'failed_verification';
      insert.run(
        a.kep_id,
        place.slotDate,
        a.id,
        place.slotWeekday,
        place.slotHour,
        a.category,
        place.slotStart,
        a.status,
        a.ended_by,
        ms(a.call_ended_at),
        a.call_outcome,
        failed ? 'failed' : a.passed ? 'passed' : null,
        failed ? a.status_reason : null,
        a.status === 'cancelled' ? a.status_reason : null,
        a.reschedules,
        // A booking's reason is its last change's: still booked, that was the reschedule.
        a.reschedules > 0 && a.status === 'booked' ? a.status_reason : null,
      );
    }

    const dispatches = db
      .prepare<
        [],
        {
          id: string;
          kep_id: string;
          appointment_id: string;
          channel: string;
          actor_id: string;
          state: string;
          sent_at: string | null;
          delivered_at: string | null;
          downloaded_at: string | null;
        }
      >('SELECT id, kep_id, appointment_id, channel, actor_id, state, sent_at, delivered_at, downloaded_at FROM dispatches')
      .all();
    const category = db.prepare<[string], { category: number }>('SELECT category FROM appointments WHERE id = ?');
    const insertDispatch = db.prepare(
      `INSERT INTO dispatch_facts (kep_id, slot_date, appointment_id, dispatch_id, channel, category, employee_id, sent_at, done_at, failed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const d of dispatches) {
      const place = places.get(d.appointment_id);
      if (!place) continue;
      const done = d.channel === 'email' ? d.delivered_at : d.channel === 'inbox' ? d.downloaded_at : d.sent_at;
      insertDispatch.run(
        d.kep_id,
        place.slotDate,
        d.appointment_id,
        d.id,
        d.channel,
        category.get(d.appointment_id)?.category ?? 1,
        d.actor_id,
        ms(d.sent_at),
        ms(done),
        d.state === 'failed' ? 1 : 0,
      );
    }
  },
};
