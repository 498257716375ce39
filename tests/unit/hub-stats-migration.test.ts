import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HUB_MIGRATIONS } from '../../hub/src/store/migrations';
import { HUB_DATABASE_FILE, HubStore } from '../../hub/src/store/hub-store';
import { type HubDatabase, openHubDatabase } from '../../hub/src/store/open-database';
import { computeStats } from '../../hub/src/stats/compute-stats';
import { migrate } from '../../src-shared/sqlite/migrations';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let db: HubDatabase;

beforeEach(() => {
  dir = makeTempDir();
  db = openHubDatabase(`${dir.path}/${HUB_DATABASE_FILE}`);
});
afterEach(() => {
  if (db.open) db.close();
  dir.remove();
});

/** A hub of version 13 with a few days of history, as the SQL of that version wrote it. */
function historyOfVersion13(): void {
  migrate(db, HUB_MIGRATIONS, 13);
  db.exec(`
    INSERT INTO keps (id, name) VALUES ('kep-a', 'ΚΕΠ Α'), ('kep-b', 'ΚΕΠ Β');
    INSERT INTO workstations VALUES ('w1', 'kep-a', 'desk', 'h', '2026-11-01T00:00:00.000Z', NULL);
    INSERT INTO users (id, kep_id, username, display_name, role, password_hash, created_at)
      VALUES ('u1', 'kep-a', 'maria', 'Μαρία', 'employee', 'x', 'now'), ('u2', 'kep-a', 'nikos', 'Νίκος', 'supervisor', 'x', 'now');
  `);
  const appointment = db.prepare(
    `INSERT INTO appointments (id, kep_id, starts_at, ends_at, category, service_code, subject, citizen_first_name, citizen_last_name, citizen_afm,
       citizen_email, citizen_phone, citizen_postal_address, interpreter_needed, delivery_method, status, status_reason, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'C1-E9', 's', 'Ελένη', 'Μακρή', '123456783', 'eleni@example.com', NULL, NULL, 0, 'email', ?, ?, 'c', 'u')`,
  );
  // 2026-11-02 is a Monday; 08:00Z is 10:00 in Athens.
  appointment.run('a1', 'kep-a', '2026-11-02T08:00:00.000Z', '2026-11-02T08:20:00.000Z', 1, 'completed', null);
  appointment.run('a2', 'kep-a', '2026-11-02T09:00:00.000Z', '2026-11-02T09:20:00.000Z', 2, 'cancelled', 'Ασθένεια');
  appointment.run('a3', 'kep-a', '2026-11-03T22:30:00.000Z', '2026-11-03T22:50:00.000Z', 2, 'failed_verification', 'data_mismatch');
  appointment.run('a4', 'kep-a', '2026-11-04T08:00:00.000Z', '2026-11-04T08:20:00.000Z', 1, 'booked', 'Άλλη μέρα');
  appointment.run('b1', 'kep-b', '2026-11-02T08:00:00.000Z', '2026-11-02T08:20:00.000Z', 1, 'completed', null);
  db.exec(`
    INSERT INTO appointment_work (appointment_id, call_outcome, call_ended_at, updated_at) VALUES ('a1', 'completed', '2026-11-02T08:15:00.000Z', 'u');
    INSERT INTO applied_changes VALUES
      ('k1', 'w1', 'u1', 'call.end', 'a1', 'm', '2026-11-02T08:15:01.000Z', 1),
      ('k2', 'w1', 'u2', 'booking.reschedule', 'a4', 'm', '2026-11-01T10:00:00.000Z', 1),
      ('k3', 'w1', 'u2', 'booking.reschedule', 'a4', 'm', '2026-11-01T11:00:00.000Z', 0);
    INSERT INTO verifications_passed VALUES ('a1', '2026-11-02T08:03:00.000Z', 'w1');
    INSERT INTO dispatches (id, kep_id, appointment_id, workstation_id, actor_id, channel, state, protocol_number, made_at, created_at, updated_at, sent_at, delivered_at)
      VALUES ('d1', 'kep-a', 'a1', 'w1', 'u1', 'email', 'delivered', 'p', 'm', 'c', 'u', '2026-11-02T08:20:00.000Z', '2026-11-02T08:20:00.000Z'),
             ('d2', 'kep-a', 'a1', 'w1', 'u1', 'post', 'sent', 'p', '2026-11-02T08:30:00.000Z', 'c', 'u', '2026-11-02T08:30:00.000Z', NULL);
  `);
}

describe('hub migration 014', () => {
  it('fills in the facts of the bookings, calls, checks and dispatches an existing hub kept, without personal data', () => {
    historyOfVersion13();
    expect(migrate(db, HUB_MIGRATIONS, 14)).toEqual([14]);

    const facts = db
      .prepare(
        `SELECT appointment_id, kep_id, slot_date, slot_weekday, slot_hour, category, status, employee_id, call_ended_at, outcome, verification,
           fail_reason, cancel_reason, rescheduled, reschedule_reason, arrived_at FROM appointment_facts ORDER BY appointment_id`,
      )
      .all();
    const none = { arrived_at: null, call_ended_at: null, outcome: null, verification: null, fail_reason: null, cancel_reason: null, reschedule_reason: null };
    expect(facts).toEqual([
      {
        ...none,
        appointment_id: 'a1',
        kep_id: 'kep-a',
        slot_date: '2026-11-02',
        slot_weekday: 1,
        slot_hour: 10,
        category: 1,
        status: 'completed',
        employee_id: 'u1',
        call_ended_at: Date.parse('2026-11-02T08:15:00.000Z'),
        outcome: 'completed',
        verification: 'passed',
        rescheduled: 0,
      },
      {
        ...none,
        appointment_id: 'a2',
        kep_id: 'kep-a',
        slot_date: '2026-11-02',
        slot_weekday: 1,
        slot_hour: 11,
        category: 2,
        status: 'cancelled',
        employee_id: null,
        cancel_reason: 'Ασθένεια',
        rescheduled: 0,
      },
      // 22:30Z on the 3rd is 00:30 on the 4th (a Wednesday) in Athens.
      {
        ...none,
        appointment_id: 'a3',
        kep_id: 'kep-a',
        slot_date: '2026-11-04',
        slot_weekday: 3,
        slot_hour: 0,
        category: 2,
        status: 'failed_verification',
        employee_id: null,
        verification: 'failed',
        fail_reason: 'data_mismatch',
        rescheduled: 0,
      },
      {
        ...none,
        appointment_id: 'a4',
        kep_id: 'kep-a',
        slot_date: '2026-11-04',
        slot_weekday: 3,
        slot_hour: 10,
        category: 1,
        status: 'booked',
        employee_id: null,
        rescheduled: 1,
        reschedule_reason: 'Άλλη μέρα',
      },
      {
        ...none,
        appointment_id: 'b1',
        kep_id: 'kep-b',
        slot_date: '2026-11-02',
        slot_weekday: 1,
        slot_hour: 10,
        category: 1,
        status: 'completed',
        employee_id: null,
        rescheduled: 0,
      },
    ]);
    expect(
      db.prepare('SELECT dispatch_id, slot_date, channel, category, employee_id, sent_at, done_at, failed FROM dispatch_facts ORDER BY dispatch_id').all(),
    ).toEqual([
      {
        dispatch_id: 'd1',
        slot_date: '2026-11-02',
        channel: 'email',
        category: 1,
        employee_id: 'u1',
        sent_at: Date.parse('2026-11-02T08:20:00.000Z'),
        done_at: Date.parse('2026-11-02T08:20:00.000Z'),
        failed: 0,
      },
      {
        dispatch_id: 'd2',
        slot_date: '2026-11-02',
        channel: 'post',
        category: 1,
        employee_id: 'u1',
        sent_at: Date.parse('2026-11-02T08:30:00.000Z'),
        done_at: Date.parse('2026-11-02T08:30:00.000Z'),
        failed: 0,
      },
    ]);
    const columns = (table: string) =>
      db
        .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
        .all()
        .map((c) => c.name);
    for (const column of [...columns('appointment_facts'), ...columns('dispatch_facts')])
      expect(column).not.toMatch(/citizen|afm|email|phone|address|name|recipient/);
  });

  it('gives an existing hub its history in GET /stats once it is opened', () => {
    historyOfVersion13();
    db.close();
    const store = new HubStore(dir.path);
    try {
      const s = computeStats(store, 'kep-a', { from: '2026-11-02', to: '2026-11-04', groupBy: 'day' });
      expect(s.totals).toMatchObject({ bookings: 4, completed: 1, cancelled: 1, rescheduled: 1, calls: 1 });
      expect(s.groups.map((g) => [g.key, g.figures.bookings])).toEqual([
        ['2026-11-02', 2],
        ['2026-11-03', 0],
        ['2026-11-04', 2],
      ]);
      expect(s.verification).toMatchObject({ passed: 1, failed: 1, failedByReason: { data_mismatch: 1 } });
      expect(s.employees).toEqual([
        {
          userId: 'u1',
          name: 'Μαρία',
          calls: 1,
          duration: { count: 0, p50: null, p90: null },
          outcomes: { completed: 1, incomplete: 0, citizen_left: 0, technical: 0 },
        },
      ]);
      expect(s.documents.find((d) => d.channel === 'post')).toEqual({
        channel: 'post',
        sent: 1,
        done: 1,
        failed: 0,
        timeToDone: { count: 1, p50: 900, p90: 900 },
      });
    } finally {
      store.close();
    }
  });
});
