import { AppError } from '../../../src-shared/errors';
import type { AuditEntryPayload, AuditResponse } from '../../../src-shared/protocol/audit';
import type { HubStore, Workstation } from '../store/hub-store';

const GENESIS = '0'.repeat(64);

/**
 * Keeps a copy of a workstation's audit entry. Entries arrive in order, each continuing the
 * chain the hub already has for that workstation; a repeat of a stored entry is a duplicate, and
 * anything that would fork or skip the chain is refused for good (it is evidence, not an error
 * to retry).
 */
export function storeAuditEntry(store: HubStore, workstation: Workstation, entry: AuditEntryPayload): AuditResponse {
  if (entry.workstationId !== null && entry.workstationId !== workstation.id) {
    throw new AppError('invalid_input', 'An audit entry can only be stored by the workstation that wrote it.');
  }
  return store.db.transaction((): AuditResponse => {
    const at = store.db.prepare<[string, number], { hash: string }>('SELECT hash FROM audit_entries WHERE workstation_id = ? AND seq = ?');
    const existing = at.get(workstation.id, entry.seq);
    if (existing) {
      if (existing.hash === entry.hash) return { stored: true, duplicate: true };
      throw new AppError('conflict', `Audit entry ${entry.seq} differs from the copy the hub already has.`);
    }
    const first = store.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM audit_entries WHERE workstation_id = ?').get(workstation.id)?.n === 0;
    // The copy starts with the first entry this credential delivers (a re-enrolled desk goes on
    // with its chain); from then on every entry must continue it.
    const expectedPrev = entry.seq === 1 ? GENESIS : first ? entry.prevHash : at.get(workstation.id, entry.seq - 1)?.hash;
    if (expectedPrev === undefined) throw new AppError('conflict', `Audit entry ${entry.seq - 1} has not reached the hub; entries arrive in order.`);
    if (entry.prevHash !== expectedPrev) throw new AppError('conflict', `Audit entry ${entry.seq} does not continue the chain the hub has.`);
    store.db
      .prepare(
        `INSERT INTO audit_entries (workstation_id, seq, at, actor_id, kind, appointment_id, details, prev_hash, hash, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(workstation.id, entry.seq, entry.at, entry.actorId, entry.kind, entry.appointmentId, JSON.stringify(entry.details), entry.prevHash, entry.hash, new Date().toISOString());
    return { stored: true, duplicate: false };
  })();
}
