import type { Appointment } from '../../../../src-shared/domain/appointment';
import type { CallOutcome } from '../../../../src-shared/protocol/changes';
import { slotPlace } from '../../stats/slot-place';
import type { StatementCache } from '../statement-cache';
import { type FactDay, RETURNING_DAY, type StatsDaysTable } from './stats-days';

/**
 * Owns `appointment_facts`: one anonymous row per appointment with the moments the supervisors'
 * figures need (migration 014). Each moment is written by the code that handles the event, in
 * its transaction; a first arrival, admission and opening count, later ones change nothing.
 * Every write tallies its day again in `stats_days`, in the same transaction.
 */
export class AppointmentFactsTable {
  constructor(
    private readonly sql: StatementCache,
    private readonly days: StatsDaysTable,
  ) {}

  /** Runs an UPDATE of one appointment's row and, when it changed the row, tallies its day again. */
  private update(sql: string, ...params: unknown[]): void {
    this.days.atomically(() => {
      const day = this.sql.prepare<unknown[], FactDay>(`${sql} ${RETURNING_DAY}`).get(...params);
      if (day) this.days.recompute(day.kepId, day.slotDate);
    });
  }

  insert(appointment: Appointment): void {
    const place = slotPlace(appointment.startsAt);
    this.days.atomically(() => {
      this.sql
        .prepare(
          `INSERT INTO appointment_facts (kep_id, slot_date, appointment_id, slot_weekday, slot_hour, category, slot_start, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(appointment.kepId, place.slotDate, appointment.id, place.slotWeekday, place.slotHour, appointment.category, place.slotStart, appointment.status);
      this.days.recompute(appointment.kepId, place.slotDate);
    });
  }

  /** A new status; a cancellation keeps its reason, a failed identity check its reason as the failure's. */
  setStatus(appointmentId: string, status: Appointment['status'], reason: string | null): void {
    this.update(
      `UPDATE appointment_facts SET status = @status,
         cancel_reason = CASE WHEN @status = 'cancelled' THEN @reason ELSE cancel_reason END,
         verification = CASE WHEN @status = 'failed_verification' THEN 'failed' ELSE verification END,
         fail_reason = CASE WHEN @status = 'failed_verification' THEN @reason ELSE fail_reason END
       WHERE appointment_id = @appointmentId`,
      { appointmentId, status, reason },
    );
  }

  /** Moves the row to its new slot and counts the move: both days are tallied again. */
  reschedule(appointmentId: string, startsAt: string, reason: string): void {
    const place = slotPlace(startsAt);
    this.days.atomically(() => {
      const before = this.sql
        .prepare<[string], FactDay>('SELECT kep_id AS kepId, slot_date AS slotDate FROM appointment_facts WHERE appointment_id = ?')
        .get(appointmentId);
      this.update(
        `UPDATE appointment_facts SET slot_date = @slotDate, slot_weekday = @slotWeekday, slot_hour = @slotHour, slot_start = @slotStart,
           rescheduled = rescheduled + 1, reschedule_reason = @reason
         WHERE appointment_id = @appointmentId`,
        { appointmentId, reason, ...place },
      );
      if (before && before.slotDate !== place.slotDate) this.days.recompute(before.kepId, before.slotDate);
    });
  }

  /** The citizen entered the lobby (the first time counts). */
  arrived(appointmentId: string, at: number): void {
    this.update('UPDATE appointment_facts SET arrived_at = ? WHERE appointment_id = ? AND arrived_at IS NULL', at, appointmentId);
  }

  /** The citizen was let into the call (the first time counts); never before they arrived. */
  admitted(appointmentId: string, at: number): void {
    this.update(
      'UPDATE appointment_facts SET admitted_at = max(?, coalesce(arrived_at, 0)) WHERE appointment_id = ? AND admitted_at IS NULL',
      at,
      appointmentId,
    );
  }

  /** The desk opened the call (the first opening counts), by `userId` unless someone ends it. */
  callOpened(appointmentId: string, at: number, userId: string): void {
    this.update(
      `UPDATE appointment_facts SET call_opened_at = coalesce(call_opened_at, ?), employee_id = coalesce(employee_id, ?)
       WHERE appointment_id = ?`,
      at,
      userId,
      appointmentId,
    );
  }

  /** The desk closed the call's room: the last close is when the call ended. */
  callClosed(appointmentId: string, at: number): void {
    this.update('UPDATE appointment_facts SET call_ended_at = ? WHERE appointment_id = ? AND call_opened_at IS NOT NULL', at, appointmentId);
  }

  /** The employee recorded how the call ended; the room's close time, when the hub saw it, stays the end. */
  callEnded(appointmentId: string, outcome: CallOutcome, userId: string, at: number): void {
    this.update(
      'UPDATE appointment_facts SET outcome = ?, employee_id = ?, call_ended_at = coalesce(call_ended_at, ?) WHERE appointment_id = ?',
      outcome,
      userId,
      at,
      appointmentId,
    );
  }

  verificationPassed(appointmentId: string): void {
    this.update("UPDATE appointment_facts SET verification = 'passed' WHERE appointment_id = ? AND verification IS NULL", appointmentId);
  }

  interpreterJoined(appointmentId: string): void {
    this.update('UPDATE appointment_facts SET interpreter = 1 WHERE appointment_id = ?', appointmentId);
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
}
