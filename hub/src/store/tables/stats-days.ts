import { type AppointmentFact, type DispatchFact, tallyDay } from '../../stats/day-tally';
import { type EncodedDay, encodeTally, figuresView } from '../../stats/tally-codec';
import type { HubDatabase } from '../open-database';
import type { StatementCache } from '../statement-cache';

/**
 * The filters a read asks for, only those: SQLite evaluates every condition on every row, and
 * `(@category IS NULL OR …)` costs as much as the filter itself.
 */
const filterSql = (category: number | null, employee: string | null): string =>
  `${category === null ? '' : ' AND category = @category'}${employee === null ? '' : ' AND employee_id = @employee'}`;

const APPOINTMENT_COLUMNS = `slot_date AS slotDate, slot_hour AS slotHour, slot_start AS slotStart, status, employee_id AS employeeId,
  arrived_at AS arrivedAt, admitted_at AS admittedAt, call_opened_at AS callOpenedAt, call_ended_at AS callEndedAt, outcome, verification,
  fail_reason AS failReason, interpreter, cancel_reason AS cancelReason, rescheduled, reschedule_reason AS rescheduleReason`;
const DISPATCH_COLUMNS = 'slot_date AS slotDate, channel, call_ended_at AS callEndedAt, done_at AS doneAt, failed';

/** Slot dates [from, to] of a KEP, narrowed by category and employee (null: all). */
export interface DaysRead {
  kepId: string;
  from: string;
  to: string;
  category: number | null;
  employee: string | null;
}

/** The KEP-day a facts row belongs to: a write's statement returns it (`RETURNING_DAY`). */
export interface FactDay {
  kepId: string;
  slotDate: string;
}
export const RETURNING_DAY = 'RETURNING kep_id AS kepId, slot_date AS slotDate';

/** Rows grouped by their slot date. */
function byDay<T extends { slotDate: string }>(rows: readonly T[]): Map<string, T[]> {
  const days = new Map<string, T[]>();
  for (const row of rows) {
    const day = days.get(row.slotDate);
    if (day) day.push(row);
    else days.set(row.slotDate, [row]);
  }
  return days;
}

/**
 * Owns `stats_days` (migration 015): each KEP-day's tally of its facts, kept by the facts tables
 * on every write, so a period's past days are read, not added up again. It also tallies days
 * from their facts rows: a filtered query's, and today's and later (whose `now` matters).
 */
export class StatsDaysTable {
  constructor(
    private readonly sql: StatementCache,
    private readonly db: HubDatabase,
  ) {}

  /** Runs a facts write and the recompute of its days as one transaction (a savepoint inside one). */
  atomically<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Tallies the day again from its facts: every slot of a stored day has started by the time it is read. */
  recompute(kepId: string, slotDate: string): void {
    const read = { kepId, from: slotDate, to: slotDate, category: null, employee: null };
    const appointments = this.appointmentFacts(read);
    const dispatches = this.dispatchFacts(read);
    if (appointments.length === 0 && dispatches.length === 0) {
      this.sql.prepare('DELETE FROM stats_days WHERE kep_id = ? AND slot_date = ?').run(kepId, slotDate);
      return;
    }
    const { figures, names } = encodeTally(tallyDay(appointments, dispatches, Number.POSITIVE_INFINITY));
    this.sql.prepare('INSERT OR REPLACE INTO stats_days (kep_id, slot_date, figures, names) VALUES (?, ?, ?, ?)').run(kepId, slotDate, figures, names);
  }

  /** The stored tallies of a KEP's days [from, to] that have facts, in date order. */
  stored(kepId: string, from: string, to: string): EncodedDay[] {
    const rows = this.sql
      .prepare<[string, string, string], { slotDate: string; figures: Buffer; names: string }>(
        'SELECT slot_date AS slotDate, figures, names FROM stats_days WHERE kep_id = ? AND slot_date BETWEEN ? AND ? ORDER BY slot_date',
      )
      .all(kepId, from, to);
    return rows.map((row) => ({ slotDate: row.slotDate, figures: figuresView(row.figures), names: row.names }));
  }

  /** The tallies of days computed from their (filtered) facts rows now, encoded as stored ones are, in date order. */
  computed(read: DaysRead, now: number): EncodedDay[] {
    const appointments = byDay(this.appointmentFacts(read));
    const dispatches = byDay(this.dispatchFacts(read));
    return [...new Set([...appointments.keys(), ...dispatches.keys()])].sort().map((slotDate) => {
      const { figures, names } = encodeTally(tallyDay(appointments.get(slotDate) ?? [], dispatches.get(slotDate) ?? [], now));
      return { slotDate, figures: figuresView(figures), names };
    });
  }

  private appointmentFacts(read: DaysRead): AppointmentFact[] {
    return this.sql
      .prepare<DaysRead, AppointmentFact>(
        `SELECT ${APPOINTMENT_COLUMNS} FROM appointment_facts
         WHERE kep_id = @kepId AND slot_date BETWEEN @from AND @to${filterSql(read.category, read.employee)}`,
      )
      .all(read);
  }

  private dispatchFacts(read: DaysRead): DispatchFact[] {
    return this.sql
      .prepare<DaysRead, DispatchFact>(
        `SELECT ${DISPATCH_COLUMNS} FROM dispatch_facts
         WHERE kep_id = @kepId AND slot_date BETWEEN @from AND @to${filterSql(read.category, read.employee)}`,
      )
      .all(read);
  }
}
