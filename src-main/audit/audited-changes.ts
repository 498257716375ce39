import { AppError } from '../../src-shared/errors';
import { mayChange } from '../../src-shared/domain/work-permissions';
import type { WorkChange } from '../../src-shared/protocol/changes';
import type { SqliteDatabase } from '../db/open-database';
import type { SessionService } from '../session/session-service';
import type { Outbox } from '../sync/outbox';
import type { AuditEvent, AuditLog } from './audit-log';

export interface AuditedChangesDeps {
  db: SqliteDatabase;
  audit: AuditLog;
  outbox: Outbox;
  session: SessionService;
  /** The enrolled workstation's id, for every entry. */
  workstationId(): string | null;
}

/**
 * How anything done at the desk is written down: the writes and their audit entries in one
 * transaction, each entry queued for the hub's copy of the trail. A change never reaches the hub
 * without its entry, whatever moment the app dies.
 */
export class AuditedChanges {
  constructor(private readonly deps: AuditedChangesDeps) {}

  /**
   * Runs writes and their audit entries as one transaction, then lets the outbox deliver. Inside
   * a transaction already open (a service writing its own), it joins it; that owner delivers.
   */
  commit<T>(work: () => T): T {
    const { db, outbox } = this.deps;
    if (db.inTransaction) return work();
    const result = db.transaction(work)();
    outbox.queued();
    return result;
  }

  /** Appends an entry (by the signed-in person unless told) and queues it for the hub: none is lost or sent twice. */
  record(
    kind: string,
    appointmentId: string | null,
    details: AuditEvent['details'] = {},
    actorId: string | null = this.deps.session.info()?.user.id ?? null,
  ): void {
    const { audit, outbox } = this.deps;
    this.commit(() => outbox.enqueueAudit(audit.append({ kind, actorId, workstationId: this.deps.workstationId(), appointmentId, details })));
  }

  /** Queues a change signed by the signed-in person, with its audit entry, in one transaction. Returns its idempotency key. */
  recordChange(change: WorkChange, details: AuditEvent['details'] = {}, kind: string = change.kind): string {
    const actor = this.deps.session.actor();
    if (!mayChange(actor.role, change.kind))
      throw new AppError('forbidden', `The ${actor.role} role may not make this change.`, { reason: 'change.not_permitted' });
    return this.commit(() => {
      const idempotencyKey = this.deps.outbox.record(change, actor);
      this.record(kind, change.appointmentId, { ...details, idempotencyKey }, actor.id);
      return idempotencyKey;
    });
  }
}
