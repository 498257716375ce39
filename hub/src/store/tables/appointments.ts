import type { Appointment } from '../../../../src-shared/domain/appointment';
import {
  APPOINTMENT_COLUMN_LIST,
  APPOINTMENT_PARAM_LIST,
  type AppointmentColumns,
  appointmentFromColumns,
  appointmentToColumns,
  canonicalInstant,
} from '../../../../src-shared/sqlite/appointment-row';
import type { StatementCache } from '../statement-cache';

/** Owns `appointments`. Callers record each change in the change feed in the same transaction. */
export class AppointmentsTable {
  constructor(private readonly sql: StatementCache) {}

  insert(appointment: Appointment, createdAt: string): void {
    this.sql
      .prepare<AppointmentColumns & { created_at: string }>(
        `INSERT INTO appointments (${APPOINTMENT_COLUMN_LIST}, created_at) VALUES (${APPOINTMENT_PARAM_LIST}, @created_at)`,
      )
      .run({ ...appointmentToColumns(appointment), created_at: createdAt });
  }

  get(id: string): Appointment | null {
    const row = this.sql.prepare<[string], AppointmentColumns>(`SELECT ${APPOINTMENT_COLUMN_LIST} FROM appointments WHERE id = ?`).get(id);
    return row ? appointmentFromColumns(row) : null;
  }

  setStatus(id: string, status: Appointment['status'], reason: string | null, at: string): void {
    this.sql.prepare('UPDATE appointments SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?').run(status, reason, at, id);
  }

  reschedule(id: string, startsAt: string, endsAt: string, reason: string, at: string): void {
    this.sql
      .prepare('UPDATE appointments SET starts_at = ?, ends_at = ?, status_reason = ?, updated_at = ? WHERE id = ?')
      .run(canonicalInstant(startsAt), canonicalInstant(endsAt), reason, at, id);
  }

  /** How many of a KEP's appointments start in [start, end). */
  countStarting(kepId: string, start: Date, end: Date): number {
    return (
      this.sql
        .prepare<[string, string, string], { n: number }>('SELECT count(*) AS n FROM appointments WHERE kep_id = ? AND starts_at >= ? AND starts_at < ?')
        .get(kepId, start.toISOString(), end.toISOString())?.n ?? 0
    );
  }

  /** A KEP's appointments that start in [start, end), in order. */
  listStarting(kepId: string, start: Date, end: Date): Appointment[] {
    return this.sql
      .prepare<[string, string, string], AppointmentColumns>(
        `SELECT ${APPOINTMENT_COLUMN_LIST} FROM appointments
         WHERE kep_id = ? AND starts_at >= ? AND starts_at < ? ORDER BY starts_at, id`,
      )
      .all(kepId, start.toISOString(), end.toISOString())
      .map(appointmentFromColumns);
  }
}
