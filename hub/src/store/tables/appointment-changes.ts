import type { StatementCache } from '../statement-cache';

/** Owns `appointment_changes`: the feed desks sync from, one row per change to an appointment. */
export class AppointmentChangesTable {
  constructor(private readonly sql: StatementCache) {}

  record(kepId: string, appointmentId: string, at: string): void {
    this.sql.prepare('INSERT INTO appointment_changes (kep_id, appointment_id, at) VALUES (?, ?, ?)').run(kepId, appointmentId, at);
  }

  /** The newest position of the feed (0 when nothing has changed yet). */
  latest(): number {
    return this.sql.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM appointment_changes').get()?.seq ?? 0;
  }

  kepsChangedSince(since: number): string[] {
    return this.sql
      .prepare<[number], { kep_id: string }>('SELECT DISTINCT kep_id FROM appointment_changes WHERE seq > ?')
      .all(since)
      .map((r) => r.kep_id);
  }

  appointmentsChangedSince(kepId: string, since: number): string[] {
    return this.sql
      .prepare<[string, number], { appointment_id: string }>('SELECT DISTINCT appointment_id FROM appointment_changes WHERE kep_id = ? AND seq > ?')
      .all(kepId, since)
      .map((r) => r.appointment_id);
  }
}
