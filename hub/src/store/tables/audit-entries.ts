import type { AuditEntryPayload } from '../../../../src-shared/protocol/audit';
import type { StatementCache } from '../statement-cache';

/** Owns `audit_entries`: the hub's copy of each workstation's audit chain (append-only). */
export class AuditEntriesTable {
  constructor(private readonly sql: StatementCache) {}

  /** The hash of a workstation's entry `seq`, or undefined when the hub does not have it. */
  hashAt(workstationId: string, seq: number): string | undefined {
    return this.sql.prepare<[string, number], { hash: string }>('SELECT hash FROM audit_entries WHERE workstation_id = ? AND seq = ?').get(workstationId, seq)
      ?.hash;
  }

  hasAny(workstationId: string): boolean {
    return (this.sql.prepare<[string], { n: number }>('SELECT count(*) AS n FROM audit_entries WHERE workstation_id = ?').get(workstationId)?.n ?? 0) > 0;
  }

  insert(workstationId: string, entry: AuditEntryPayload, receivedAt: string): void {
    this.sql
      .prepare(
        `INSERT INTO audit_entries (workstation_id, seq, at, actor_id, kind, appointment_id, details, prev_hash, hash, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        workstationId,
        entry.seq,
        entry.at,
        entry.actorId,
        entry.kind,
        entry.appointmentId,
        JSON.stringify(entry.details),
        entry.prevHash,
        entry.hash,
        receivedAt,
      );
  }
}
