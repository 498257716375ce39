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
  return store.transaction((): AuditResponse => {
    const existing = store.auditEntries.hashAt(workstation.id, entry.seq);
    if (existing !== undefined) {
      if (existing === entry.hash) return { stored: true, duplicate: true };
      throw new AppError('conflict', `Audit entry ${entry.seq} differs from the copy the hub already has.`);
    }
    const first = !store.auditEntries.hasAny(workstation.id);
    // The copy starts with the first entry this credential delivers (a re-enrolled desk goes on
    // with its chain); from then on every entry must continue it.
    const expectedPrev = entry.seq === 1 ? GENESIS : first ? entry.prevHash : store.auditEntries.hashAt(workstation.id, entry.seq - 1);
    if (expectedPrev === undefined) throw new AppError('conflict', `Audit entry ${entry.seq - 1} has not reached the hub; entries arrive in order.`);
    if (entry.prevHash !== expectedPrev) throw new AppError('conflict', `Audit entry ${entry.seq} does not continue the chain the hub has.`);
    store.auditEntries.insert(workstation.id, entry, new Date().toISOString());
    return { stored: true, duplicate: false };
  });
}
