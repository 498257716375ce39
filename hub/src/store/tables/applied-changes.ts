import type { StatementCache } from '../statement-cache';

export interface AppliedChange {
  idempotencyKey: string;
  workstationId: string;
  actorId: string;
  kind: string;
  appointmentId: string;
  madeAt: string;
  appliedAt: string;
  applied: boolean;
}

/** Owns `applied_changes`: every change delivered from a desk's outbox, applied or refused, once per key. */
export class AppliedChangesTable {
  constructor(private readonly sql: StatementCache) {}

  find(idempotencyKey: string): { applied: boolean; workstationId: string } | null {
    const row = this.sql
      .prepare<[string], { applied: number; workstation_id: string }>('SELECT applied, workstation_id FROM applied_changes WHERE idempotency_key = ?')
      .get(idempotencyKey);
    return row ? { applied: row.applied === 1, workstationId: row.workstation_id } : null;
  }

  /** Who made the last applied change of this kind to an appointment (null when none was). */
  lastActor(appointmentId: string, kind: string): string | null {
    const row = this.sql
      .prepare<[string, string], { actor_id: string }>(
        `SELECT actor_id FROM applied_changes WHERE appointment_id = ? AND kind = ? AND applied = 1 ORDER BY applied_at DESC, rowid DESC LIMIT 1`,
      )
      .get(appointmentId, kind);
    return row?.actor_id ?? null;
  }

  insert(change: AppliedChange): void {
    this.sql
      .prepare(
        `INSERT INTO applied_changes (idempotency_key, workstation_id, actor_id, kind, appointment_id, made_at, applied_at, applied)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        change.idempotencyKey,
        change.workstationId,
        change.actorId,
        change.kind,
        change.appointmentId,
        change.madeAt,
        change.appliedAt,
        change.applied ? 1 : 0,
      );
  }
}
