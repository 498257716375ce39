import type { Appointment } from '../../../../src-shared/domain/appointment';
import type { CallOutcome } from '../../../../src-shared/protocol/changes';
import { slotPlace } from '../../stats/slot-place';
import type { StatementCache } from '../statement-cache';

/** The columns a period's figures read, in this order (`scan` answers raw rows). */
export const FACT_COLUMNS = [
  'appointment_id',
  'slot_date',
  'slot_weekday',
  'slot_hour',
  'slot_start',
  'status',
  'employee_id',
  'arrived_at',
  'admitted_at',
  'call_opened_at',
  'call_ended_at',
  'outcome',
  'verification',
  'fail_reason',
  'interpreter',
  'cancel_reason',
  'rescheduled',
  'reschedule_reason',
] as const;
export type FactRow = [
  appointmentId: string,
  slotDate: string,
  slotWeekday: number,
  slotHour: number,
  slotStart: number,
  status: Appointment['status'],
  employeeId: string | null,
  arrivedAt: number | null,
  admittedAt: number | null,
  callOpenedAt: number | null,
  callEndedAt: number | null,
  outcome: CallOutcome | null,
  verification: 'passed' | 'failed' | null,
  failReason: string | null,
  interpreter: 0 | 1,
  cancelReason: string | null,
  rescheduled: number,
  rescheduleReason: string | null,
];

/** What a period's scan may narrow to; null is all. */
export interface FactFilter {
  category: number | null;
  employee: string | null;
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

  /** The slot date of an appointment's row, for the dispatches that follow it. */
  slotDate(appointmentId: string): string | null {
    return (
      this.sql.prepare<[string], { slot_date: string }>('SELECT slot_date FROM appointment_facts WHERE appointment_id = ?').get(appointmentId)?.slot_date ??
      null
    );
  }

  /** A KEP's rows with a slot date in [from, to]: one range scan of the table's key. */
  scan(kepId: string, from: string, to: string, filter: FactFilter): FactRow[] {
    return this.sql
      .prepare<{ kepId: string; from: string; to: string; category: number | null; employee: string | null }, FactRow>(
        `SELECT ${FACT_COLUMNS.join(', ')} FROM appointment_facts
         WHERE kep_id = @kepId AND slot_date BETWEEN @from AND @to
           AND (@category IS NULL OR category = @category) AND (@employee IS NULL OR employee_id = @employee)`,
      )
      .raw()
      .all({ kepId, from, to, ...filter });
  }
}
