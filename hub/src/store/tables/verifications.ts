import type { StatementCache } from '../statement-cache';

/** Owns `verifications_passed`: appointments whose citizen an employee has seen and checked. */
export class VerificationsTable {
  constructor(private readonly sql: StatementCache) {}

  hasPassed(appointmentId: string): boolean {
    return this.sql.prepare('SELECT 1 FROM verifications_passed WHERE appointment_id = ?').get(appointmentId) !== undefined;
  }

  /** The first pass is kept; a second changes nothing. */
  recordPass(appointmentId: string, workstationId: string, at = new Date().toISOString()): void {
    this.sql
      .prepare('INSERT INTO verifications_passed (appointment_id, passed_at, workstation_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
      .run(appointmentId, at, workstationId);
  }
}
