import type { AppointmentWork, WorkChange } from '../../src-shared/protocol/changes';
import { UPSERT_WORK_SQL, type WorkColumns, workFromColumns } from '../../src-shared/sqlite/work-row';
import type { AppointmentStore } from '../appointments/appointment-store';
import type { SqliteDatabase } from '../db/open-database';
import type { OutboxEntries } from '../sync/outbox-entries';

/**
 * The KEP's work on appointments in the local cache. Changes made here show at once (local
 * first); the hub's copy replaces them only when no change of ours is still on its way.
 */
export class WorkStore {
  private readonly select;
  private readonly upsert;
  private readonly remove;
  constructor(
    db: SqliteDatabase,
    private readonly outbox: OutboxEntries,
    private readonly appointments: AppointmentStore,
  ) {
    this.select = db.prepare<[string], WorkColumns>('SELECT * FROM appointment_work WHERE appointment_id IN (SELECT value FROM json_each(?))');
    this.upsert = db.prepare<AppointmentWork>(UPSERT_WORK_SQL);
    this.remove = db.prepare<[string]>('DELETE FROM appointment_work WHERE appointment_id = ?');
  }

  list(appointmentIds: readonly string[]): AppointmentWork[] {
    return this.select.all(JSON.stringify(appointmentIds)).map(workFromColumns);
  }

  /** Takes the hub's copy of each appointment's work, except where a local change is still pending. */
  acceptFromHub(work: readonly AppointmentWork[]): void {
    const pending = this.outbox.pendingAppointmentIds();
    for (const w of work) if (!pending.has(w.appointmentId)) this.upsert.run(w);
  }

  /** Forgets the work on an appointment that is purged. */
  forget(appointmentId: string): void {
    this.remove.run(appointmentId);
  }

  /** Applies a change made here; the caller writes it to the outbox in the same transaction. */
  applyLocal(change: WorkChange, madeAt: string): void {
    const current = this.list([change.appointmentId])[0] ?? {
      appointmentId: change.appointmentId,
      assignedTo: null,
      preparedAt: null,
      notes: '',
      noShowAt: null,
      callOutcome: null,
      callEndedAt: null,
      updatedAt: madeAt,
    };
    const next = { ...current, updatedAt: madeAt };
    switch (change.kind) {
      case 'work.assign':
        next.assignedTo = change.userId;
        break;
      case 'work.prepare':
        next.preparedAt = change.prepared ? madeAt : null;
        break;
      case 'work.notes':
        next.notes = change.notes;
        break;
      case 'work.noShow':
        next.noShowAt = madeAt;
        this.appointments.setStatus(change.appointmentId, 'no_show');
        break;
      case 'work.noShowUndo':
        next.noShowAt = null;
        this.appointments.setStatus(change.appointmentId, 'booked');
        break;
      case 'call.end':
        next.callOutcome = change.outcome;
        next.callEndedAt = madeAt;
        if (change.outcome === 'completed') this.appointments.setStatus(change.appointmentId, 'completed');
        break;
      case 'verification.fail':
        this.appointments.setStatus(change.appointmentId, 'failed_verification', change.reason);
        return;
      case 'booking.cancel':
        this.appointments.setStatus(change.appointmentId, 'cancelled', change.reason);
        return;
      case 'booking.reschedule':
        this.appointments.reschedule(change.appointmentId, change.startsAt, change.endsAt, change.reason);
        return;
    }
    this.upsert.run(next);
  }
}
