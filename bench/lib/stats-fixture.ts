import { randomBytes } from 'node:crypto';
import { addDays, athensToUtc, type IsoDate, weekday } from '../../src-shared/domain/athens-time';
import { CALL_OUTCOMES } from '../../src-shared/protocol/changes';
import { FAIL_REASONS } from '../../src-shared/domain/verification';
import { createRandom } from '../../hub/src/seed/demo-appointments';
import { HubStore } from '../../hub/src/store/hub-store';

/** The size of the hub the stats bench builds. */
export interface StatsFixtureSize {
  keps: number;
  /** Working days (Monday to Friday) back from `lastDay`, included. */
  days: number;
  /** Appointments per KEP and working day. */
  perDay: number;
  lastDay: IsoDate;
}

export interface StatsFixture {
  kepIds: string[];
  /** The first and last working day generated. */
  firstDay: IsoDate;
  lastDay: IsoDate;
  appointments: number;
  dispatches: number;
}

const MINUTE = 60_000;
const EMPLOYEES_PER_KEP = 4;
const ROWS_PER_TRANSACTION = 200_000;
const CANCEL_REASONS = ['Ο πολίτης ακύρωσε', 'Ασθένεια', 'Δεν χρειάζεται πλέον', 'Διπλή κράτηση', 'Λάθος υπηρεσία'];
const CHANNELS = ['email', 'email', 'inbox', 'post'] as const;

/**
 * A hub's facts for `size.keps` busy KEPs over a year, written straight into its tables in big
 * transactions (the stats path reads only the facts, their days' tallies and the staff, so no
 * booking row is made), each day's tally built after its rows as the facts tables keep it.
 * Rows go in key order (KEP, date), as a real hub's accumulate day after day.
 */
export function buildStatsHub(dataDir: string, size: StatsFixtureSize, seed = 15): StatsFixture {
  const store = new HubStore(dataDir);
  const db = store.db;
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const random = createRandom(seed);
  const kepIds = Array.from({ length: size.keps }, (_, i) => `kep-bench-${String(i + 1).padStart(3, '0')}`);
  const days: Array<{ date: IsoDate; weekday: number; opens: number }> = [];
  for (let date = size.lastDay; days.length < size.days; date = addDays(date, -1)) {
    const w = weekday(date);
    if (w !== 0 && w !== 6) days.unshift({ date, weekday: w, opens: athensToUtc(date, '08:00').getTime() });
  }
  const insertFact = db.prepare(
    `INSERT INTO appointment_facts (kep_id, slot_date, appointment_id, slot_weekday, slot_hour, category, slot_start, status, employee_id,
       arrived_at, admitted_at, call_opened_at, call_ended_at, outcome, verification, fail_reason, interpreter, cancel_reason, rescheduled, reschedule_reason)
     VALUES (@kepId, @slotDate, @id, @weekday, @slotHour, @category, @slotStart, @status, @employee,
       @arrived, @admitted, @opened, @ended, @outcome, @verification, @failReason, @interpreter, @cancelReason, @moved, @rescheduleReason)`,
  );
  /** A fact with nothing happened yet: each kind of appointment below says only what differs. */
  const NOTHING = {
    employee: null,
    arrived: null,
    admitted: null,
    opened: null,
    ended: null,
    outcome: null,
    verification: null,
    failReason: null,
    interpreter: 0,
    cancelReason: null,
  };
  const insertDispatch = db.prepare(
    `INSERT INTO dispatch_facts (kep_id, slot_date, appointment_id, dispatch_id, channel, category, employee_id, call_ended_at, sent_at, done_at, failed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const idPrefix = randomBytes(4).toString('hex');
  let appointments = 0;
  let dispatches = 0;
  let pending = 0;
  db.exec('BEGIN');
  const flush = (): void => {
    db.exec('COMMIT');
    db.exec('BEGIN');
    pending = 0;
  };
  try {
    for (const kepId of kepIds) {
      store.upsertKep({ id: kepId, name: `ΚΕΠ ${kepId}` });
      const staff = Array.from({ length: EMPLOYEES_PER_KEP }, (_, i) => {
        const id = `${kepId}-user-${i + 1}`;
        store.users.insert({
          id,
          kep_id: kepId,
          username: `${kepId}-u${i + 1}`,
          display_name: `Υπάλληλος ${i + 1}`,
          role: 'employee',
          password_hash: 'x',
          created_at: 'now',
        });
        return id;
      });
      for (const day of days) {
        // perDay appointments in 10-minute slots from 08:00, several desks at once.
        for (let n = 0; n < size.perDay; n++) {
          const slotStart = day.opens + Math.floor((n * 420) / size.perDay) * MINUTE;
          const slotHour = 8 + Math.floor((slotStart - day.opens) / (60 * MINUTE));
          const id = `${idPrefix}-${(appointments++).toString(16).padStart(8, '0')}`;
          const category = 1 + Math.floor(random() * 4);
          const roll = random();
          const employee = staff[Math.floor(random() * staff.length)]!;
          const moved = random() < 0.03 ? 1 : 0;
          const rescheduleReason = moved ? 'Ζήτησε άλλη ώρα' : null;
          const fact = { kepId, slotDate: day.date, id, weekday: day.weekday, slotHour, category, slotStart, moved, rescheduleReason };
          if (roll < 0.06) {
            insertFact.run({ ...fact, ...NOTHING, status: 'cancelled', cancelReason: CANCEL_REASONS[Math.floor(random() * CANCEL_REASONS.length)]! });
          } else if (roll < 0.14) {
            insertFact.run({ ...fact, ...NOTHING, status: 'no_show' });
          } else {
            const arrived = slotStart - Math.floor(random() * 6 * MINUTE);
            const opened = slotStart + Math.floor(random() * random() * 15 * MINUTE);
            const ended = opened + Math.floor((5 + random() * 25) * MINUTE);
            const failed = random() < 0.05;
            const outcome = failed ? 'incomplete' : CALL_OUTCOMES[random() < 0.8 ? 0 : 1 + Math.floor(random() * 3)]!;
            const status = failed ? 'failed_verification' : outcome === 'completed' ? 'completed' : 'booked';
            const interpreter = category === 3 && random() < 0.3 ? 1 : 0;
            insertFact.run({
              ...fact,
              status,
              employee,
              arrived,
              admitted: Math.max(arrived, opened),
              opened,
              ended,
              outcome,
              verification: failed ? 'failed' : 'passed',
              failReason: failed ? FAIL_REASONS[Math.floor(random() * FAIL_REASONS.length)]! : null,
              interpreter,
              cancelReason: null,
            });
            if (status === 'completed') {
              const channel = CHANNELS[Math.floor(random() * CHANNELS.length)]!;
              const dispatchFailed = channel === 'email' && random() < 0.03;
              const done = dispatchFailed ? null : ended + Math.floor((channel === 'inbox' ? 30 + random() * 900 : 1 + random() * 10) * MINUTE);
              insertDispatch.run(
                kepId,
                day.date,
                id,
                `${id}-d`,
                channel,
                category,
                employee,
                ended,
                channel === 'email' ? done : ended,
                done,
                dispatchFailed ? 1 : 0,
              );
              dispatches++;
              pending++;
            }
          }
          if (++pending >= ROWS_PER_TRANSACTION) flush();
        }
        // As the facts tables do on every write: the day's tally, from its rows, in this transaction.
        store.statsDays.recompute(kepId, day.date);
      }
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    store.close();
    throw error;
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  store.close();
  return { kepIds, firstDay: days[0]!.date, lastDay: days[days.length - 1]!.date, appointments, dispatches };
}
