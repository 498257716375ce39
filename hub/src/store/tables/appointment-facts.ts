import type { Appointment } from '../../../../src-shared/domain/appointment';
import { FAIL_REASONS } from '../../../../src-shared/domain/verification';
import { CALL_OUTCOMES, type CallOutcome } from '../../../../src-shared/protocol/changes';
import { slotPlace } from '../../stats/slot-place';
import type { StatementCache } from '../statement-cache';

/** The separator of the texts a group's row joins (reasons may hold commas, never this). */
export const TEXT_SEPARATOR = '\u001f';

/**
 * A period's appointments added up by SQLite as it scans them, per group (day, weekday or hour)
 * and employee who ended the call: counts, and the values percentiles need as comma-joined ms.
 */
export interface FactGroupRow {
  /** The slot date, the weekday (1–7) or the hour (0–23). */
  key: string | number;
  /** Who ended the calls with an outcome counted here; null for the rest. */
  employee: string | null;
  bookings: number;
  completed: number;
  noShows: number;
  cancelled: number;
  /** Slots that have started, not cancelled: their citizens were expected. */
  expected: number;
  rescheduled: number;
  calls: number;
  interpreter: number;
  passed: number;
  failed: number;
  /** Per FAIL_REASONS, in its order. */
  failReasons: string;
  /** Per CALL_OUTCOMES, in its order. */
  outcomes: string;
  /** ms, comma-joined: admitted − arrived (≥ 0). */
  waits: string | null;
  /** ms, comma-joined: call ended − call opened (≥ 0). */
  durations: string | null;
  /** ms, comma-joined: max(0, call opened − slot start). */
  lates: string | null;
  /** Joined with TEXT_SEPARATOR. */
  cancelReasons: string | null;
  rescheduleReasons: string | null;
}

const GROUP_KEY = { day: 'slot_date', weekday: 'slot_weekday', hour: 'slot_hour' } as const;
/** How many rows of a group `condition` holds for (0, not NULL, when none). */
const rowsWhere = (condition: string): string => `coalesce(sum(${condition}), 0)`;
/** Per value of `values`, how many rows have it in `column`, comma-joined. */
const countsOf = (column: string, values: readonly string[]): string => values.map((v) => rowsWhere(`${column} = '${v}'`)).join(" || ',' || ");

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

  /** A KEP's period added up per group and employee: one range scan of the table's key. */
  scan(scan: FactScan): FactGroupRow[] {
    return this.sql
      .prepare<FactScan, FactGroupRow>(
        `SELECT ${GROUP_KEY[scan.groupBy]} AS key, CASE WHEN outcome IS NOT NULL THEN employee_id END AS employee,
           count(*) AS bookings, ${rowsWhere("status = 'completed'")} AS completed, ${rowsWhere("status = 'no_show'")} AS noShows,
           ${rowsWhere("status = 'cancelled'")} AS cancelled, ${rowsWhere("status <> 'cancelled' AND slot_start <= @now")} AS expected,
           ${rowsWhere('rescheduled > 0')} AS rescheduled, ${rowsWhere('call_opened_at IS NOT NULL OR call_ended_at IS NOT NULL')} AS calls,
           sum(interpreter) AS interpreter, ${rowsWhere("verification = 'passed'")} AS passed, ${rowsWhere("verification = 'failed'")} AS failed,
           ${countsOf('fail_reason', FAIL_REASONS)} AS failReasons, ${countsOf('outcome', CALL_OUTCOMES)} AS outcomes,
           group_concat(max(0, admitted_at - arrived_at)) AS waits, group_concat(max(0, call_ended_at - call_opened_at)) AS durations,
           group_concat(max(0, call_opened_at - slot_start)) AS lates, group_concat(cancel_reason, char(31)) AS cancelReasons,
           group_concat(CASE WHEN rescheduled > 0 THEN reschedule_reason END, char(31)) AS rescheduleReasons
         FROM appointment_facts
         WHERE kep_id = @kepId AND slot_date BETWEEN @from AND @to
           AND (@category IS NULL OR category = @category) AND (@employee IS NULL OR employee_id = @employee)
         GROUP BY key, employee`,
      )
      .all(scan);
  }
}
