import type { Appointment } from '../../../../src-shared/domain/appointment';
import { FAIL_REASONS, type FailReason } from '../../../../src-shared/domain/verification';
import { CALL_OUTCOMES, type CallOutcome } from '../../../../src-shared/protocol/changes';
import { slotPlace } from '../../stats/slot-place';
import type { StatementCache } from '../statement-cache';

/** The separator after each reason a group's row joins (reasons may hold commas, never this). */
export const TEXT_SEPARATOR = '\u001f';

/** What a group counts: each a condition on one appointment, 0 or 1 (never NULL). */
const COUNTERS = {
  completed: "status = 'completed'",
  noShows: "status = 'no_show'",
  cancelled: "status = 'cancelled'",
  expected: "status <> 'cancelled' AND slot_start <= @now",
  rescheduled: 'rescheduled > 0',
  calls: 'call_opened_at IS NOT NULL OR call_ended_at IS NOT NULL',
  interpreter: 'interpreter = 1',
  passed: "verification IS 'passed'",
  failed: "verification IS 'failed'",
  ...(Object.fromEntries(CALL_OUTCOMES.map((o) => [`outcome:${o}`, `outcome IS '${o}'`])) as Record<`outcome:${CallOutcome}`, string>),
  ...(Object.fromEntries(FAIL_REASONS.map((r) => [`fail:${r}`, `fail_reason IS '${r}'`])) as Record<`fail:${FailReason}`, string>),
};
export type FactCounter = keyof typeof COUNTERS;
const COUNTER_NAMES = Object.keys(COUNTERS) as FactCounter[];

/**
 * SQLite's per-row cost is mostly one per aggregate, so three counts share one sum, 17 bits
 * apart: a group's count stays far below 2^17 (a busy KEP books about a hundred a day), and three
 * fields stay within the 53 bits a JS number holds exactly.
 */
const FIELD = 2 ** 17;
const PER_SUM = 3;
const PACKED = Array.from({ length: Math.ceil(COUNTER_NAMES.length / PER_SUM) }, (_, i) => COUNTER_NAMES.slice(i * PER_SUM, (i + 1) * PER_SUM));
const PACKED_SQL = PACKED.map((names, i) => `sum(${names.map((n, f) => `(${COUNTERS[n]}) * ${FIELD ** f}`).join(' + ')}) AS p${i}`).join(', ');

function unpack(row: Record<string, number>): Record<FactCounter, number> {
  const counts = {} as Record<FactCounter, number>;
  PACKED.forEach((names, i) => {
    let packed = row[`p${i}`]!;
    for (const name of names) {
      counts[name] = packed % FIELD;
      packed = Math.floor(packed / FIELD);
    }
  });
  return counts;
}

/**
 * A period's appointments added up by SQLite as it scans them, per group (a day, or an hour):
 * counts, and the values percentiles need as comma-joined ms.
 */
export interface FactGroupRow {
  /** The slot date, or the hour (0–23). */
  key: string | number;
  /** The slot date's weekday (1–7), when grouped by day. */
  weekday: number | null;
  bookings: number;
  counts: Record<FactCounter, number>;
  /** ms, comma-joined: admitted − arrived (≥ 0). */
  waits: string | null;
  /** ms, comma-joined: call ended − call opened (≥ 0). */
  durations: string | null;
  /** ms, comma-joined: max(0, call opened − slot start). */
  lates: string | null;
  /** Cancellation reasons ('c' first) and reschedule reasons ('r' first), each followed by TEXT_SEPARATOR. */
  reasons: string | null;
}

/** The calls one employee ended with an outcome, in a period. */
export interface FactEmployeeRow {
  employee: string;
  outcomes: Record<CallOutcome, number>;
  /** ms, comma-joined: call ended − call opened (≥ 0). */
  durations: string | null;
}

/**
 * The filters a scan asks for, only those: SQLite evaluates every condition on every row, and
 * `(@category IS NULL OR …)` costs as much as the filter itself.
 */
export const filterSql = (category: number | null, employee: string | null): string =>
  `${category === null ? '' : ' AND category = @category'}${employee === null ? '' : ' AND employee_id = @employee'}`;

/**
 * Weekdays are added up per day and folded by the caller: grouping by the table's own order (its
 * key is the slot date) spares SQLite a sort of every row with all its aggregates.
 */
const GROUP_KEY = { day: 'slot_date', weekday: 'slot_date', hour: 'slot_hour' } as const;
const OUTCOME_SQL = CALL_OUTCOMES.map((o) => `sum(outcome IS '${o}') AS "${o}"`).join(', ');

/** What a period's scan reads: a KEP's slot dates [from, to], narrowed by category and employee (null: all). */
export interface FactScan {
  kepId: string;
  from: string;
  to: string;
  groupBy: keyof typeof GROUP_KEY;
  category: number | null;
  employee: string | null;
  /** ms: slots that started by then are expected. */
  now: number;
}

/**
 * Owns `appointment_facts`: one anonymous row per appointment with the moments the supervisors'
 * figures need (migration 014). Each moment is written by the code that handles the event, in
 * its transaction; a first arrival, admission and opening count, later ones change nothing.
 */
export class AppointmentFactsTable {
  constructor(private readonly sql: StatementCache) {}

  insert(appointment: Appointment): void {
    const place = slotPlace(appointment.startsAt);
    this.sql
      .prepare(
        `INSERT INTO appointment_facts (kep_id, slot_date, appointment_id, slot_weekday, slot_hour, category, slot_start, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(appointment.kepId, place.slotDate, appointment.id, place.slotWeekday, place.slotHour, appointment.category, place.slotStart, appointment.status);
  }

  /** A new status; a cancellation keeps its reason, a failed identity check its reason as the failure's. */
  setStatus(appointmentId: string, status: Appointment['status'], reason: string | null): void {
    this.sql
      .prepare(
        `UPDATE appointment_facts SET status = @status,
           cancel_reason = CASE WHEN @status = 'cancelled' THEN @reason ELSE cancel_reason END,
           verification = CASE WHEN @status = 'failed_verification' THEN 'failed' ELSE verification END,
           fail_reason = CASE WHEN @status = 'failed_verification' THEN @reason ELSE fail_reason END
         WHERE appointment_id = @appointmentId`,
      )
      .run({ appointmentId, status, reason });
  }

  /** Moves the row to its new slot and counts the move. */
  reschedule(appointmentId: string, startsAt: string, reason: string): void {
    const place = slotPlace(startsAt);
    this.sql
      .prepare(
        `UPDATE appointment_facts SET slot_date = @slotDate, slot_weekday = @slotWeekday, slot_hour = @slotHour, slot_start = @slotStart,
           rescheduled = rescheduled + 1, reschedule_reason = @reason
         WHERE appointment_id = @appointmentId`,
      )
      .run({ appointmentId, reason, ...place });
  }

  /** The citizen entered the lobby (the first time counts). */
  arrived(appointmentId: string, at: number): void {
    this.sql.prepare('UPDATE appointment_facts SET arrived_at = ? WHERE appointment_id = ? AND arrived_at IS NULL').run(at, appointmentId);
  }

  /** The citizen was let into the call (the first time counts); never before they arrived. */
  admitted(appointmentId: string, at: number): void {
    this.sql
      .prepare('UPDATE appointment_facts SET admitted_at = max(?, coalesce(arrived_at, 0)) WHERE appointment_id = ? AND admitted_at IS NULL')
      .run(at, appointmentId);
  }

  /** The desk opened the call (the first opening counts), by `userId` unless someone ends it. */
  callOpened(appointmentId: string, at: number, userId: string): void {
    this.sql
      .prepare(
        `UPDATE appointment_facts SET call_opened_at = coalesce(call_opened_at, ?), employee_id = coalesce(employee_id, ?)
         WHERE appointment_id = ?`,
      )
      .run(at, userId, appointmentId);
  }

  /** The desk closed the call's room: the last close is when the call ended. */
  callClosed(appointmentId: string, at: number): void {
    this.sql.prepare('UPDATE appointment_facts SET call_ended_at = ? WHERE appointment_id = ? AND call_opened_at IS NOT NULL').run(at, appointmentId);
  }

  /** The employee recorded how the call ended; the room's close time, when the hub saw it, stays the end. */
  callEnded(appointmentId: string, outcome: CallOutcome, userId: string, at: number): void {
    this.sql
      .prepare('UPDATE appointment_facts SET outcome = ?, employee_id = ?, call_ended_at = coalesce(call_ended_at, ?) WHERE appointment_id = ?')
      .run(outcome, userId, at, appointmentId);
  }

  verificationPassed(appointmentId: string): void {
    this.sql.prepare("UPDATE appointment_facts SET verification = 'passed' WHERE appointment_id = ? AND verification IS NULL").run(appointmentId);
  }

  interpreterJoined(appointmentId: string): void {
    this.sql.prepare('UPDATE appointment_facts SET interpreter = 1 WHERE appointment_id = ?').run(appointmentId);
  }

  /** An appointment's slot date and call end (ms), for the dispatches that follow it. */
  placeOf(appointmentId: string): { slotDate: string; callEndedAt: number | null } | null {
    return (
      this.sql
        .prepare<[string], { slotDate: string; callEndedAt: number | null }>(
          'SELECT slot_date AS slotDate, call_ended_at AS callEndedAt FROM appointment_facts WHERE appointment_id = ?',
        )
        .get(appointmentId) ?? null
    );
  }

  /** A KEP's period added up per group: one range scan of the table's key. */
  scan(scan: FactScan): FactGroupRow[] {
    type Raw = Omit<FactGroupRow, 'counts'> & Record<string, number>;
    const weekday = GROUP_KEY[scan.groupBy] === 'slot_date' ? 'slot_weekday' : 'NULL';
    return this.sql
      .prepare<FactScan, Raw>(
        `SELECT ${GROUP_KEY[scan.groupBy]} AS key, ${weekday} AS weekday, count(*) AS bookings,
           ${PACKED_SQL},
           group_concat(max(0, admitted_at - arrived_at)) AS waits, group_concat(max(0, call_ended_at - call_opened_at)) AS durations,
           group_concat(max(0, call_opened_at - slot_start)) AS lates,
           group_concat(nullif(coalesce('c' || cancel_reason || char(31), '') || coalesce('r' || CASE WHEN rescheduled > 0 THEN reschedule_reason END || char(31), ''), ''), '') AS reasons
         FROM appointment_facts
         WHERE kep_id = @kepId AND slot_date BETWEEN @from AND @to${filterSql(scan.category, scan.employee)}
         GROUP BY key`,
      )
      .all(scan)
      .map((row) => ({
        key: row.key,
        weekday: row.weekday,
        bookings: row.bookings,
        counts: unpack(row),
        waits: row.waits,
        durations: row.durations,
        lates: row.lates,
        reasons: row.reasons,
      }));
  }

  /** Per employee who ended calls with an outcome in the period: a second scan, of those calls only. */
  scanEmployees(scan: FactScan): FactEmployeeRow[] {
    type Raw = { employee: string; durations: string | null } & Record<CallOutcome, number>;
    return this.sql
      .prepare<FactScan, Raw>(
        `SELECT employee_id AS employee, ${OUTCOME_SQL}, group_concat(max(0, call_ended_at - call_opened_at)) AS durations
         FROM appointment_facts
         WHERE kep_id = @kepId AND slot_date BETWEEN @from AND @to${filterSql(scan.category, scan.employee)} AND outcome IS NOT NULL AND employee_id IS NOT NULL
         GROUP BY employee_id`,
      )
      .all(scan)
      .map((row) => ({
        employee: row.employee,
        outcomes: Object.fromEntries(CALL_OUTCOMES.map((o) => [o, row[o]])) as Record<CallOutcome, number>,
        durations: row.durations,
      }));
  }
}
