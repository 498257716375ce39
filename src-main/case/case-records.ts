import type { CaseRecord } from '../../src-shared/contract/ipc';
import { describeFormProblem, formProblem } from '../../src-shared/domain/service-forms';
import type { Category } from '../../src-shared/domain/services';
import { AppError } from '../../src-shared/errors';
import type { SqliteDatabase } from '../db/open-database';
import type { EventBus } from '../ipc/event-bus';

interface CaseRow {
  protocol_number: string;
  actions: string;
  notes: string;
  form_data: string;
  status: CaseRecord['status'];
  updated_at: string;
}

/**
 * The `case_records` table, and the only module that writes it: what the KEP did for an
 * appointment, and whether it still owes the citizen a document. The identity check's gate is
 * the channel's business (its `needs`), not this table's.
 */
export class CaseRecords {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly events: EventBus,
    private readonly now: () => Date,
  ) {}

  get(appointmentId: string): CaseRecord {
    const row = this.db.prepare<[string], CaseRow>('SELECT * FROM case_records WHERE appointment_id = ?').get(appointmentId);
    return row
      ? {
          appointmentId,
          protocolNumber: row.protocol_number,
          actions: JSON.parse(row.actions) as string[],
          notes: row.notes,
          formData: JSON.parse(row.form_data) as Record<string, string>,
          status: row.status,
          updatedAt: row.updated_at,
        }
      : { appointmentId, protocolNumber: '', actions: [], notes: '', formData: {}, status: 'in_progress', updatedAt: null };
  }

  protocolNumber(appointmentId: string): string {
    return (
      this.db.prepare<[string], { protocol_number: string }>('SELECT protocol_number FROM case_records WHERE appointment_id = ?').get(appointmentId)
        ?.protocol_number ?? ''
    );
  }

  save(record: Omit<CaseRecord, 'updatedAt'>, category: Category, actorId: string): CaseRecord {
    const problem = formProblem(category, record.formData);
    if (problem) throw new AppError('invalid_input', describeFormProblem(problem), { reason: `case.form.${problem.problem}` });
    this.db
      .prepare(
        `INSERT INTO case_records (appointment_id, protocol_number, actions, notes, form_data, status, updated_at, updated_by, awaiting_since)
         VALUES (@id, @protocolNumber, @actions, @notes, @formData, @status, @at, @actorId, CASE WHEN @status = 'awaiting_document' THEN @at END)
         ON CONFLICT (appointment_id) DO UPDATE SET protocol_number = excluded.protocol_number, actions = excluded.actions, notes = excluded.notes,
           form_data = excluded.form_data, status = excluded.status, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
           -- Only a dispatch made since the case began to wait fulfils it; editing the case meanwhile keeps the time.
           awaiting_since = CASE WHEN excluded.status != 'awaiting_document' THEN NULL
                                 WHEN case_records.status = 'awaiting_document' THEN case_records.awaiting_since
                                 ELSE excluded.awaiting_since END`,
      )
      .run({
        id: record.appointmentId,
        protocolNumber: record.protocolNumber,
        actions: JSON.stringify(record.actions),
        notes: record.notes,
        formData: JSON.stringify(record.formData),
        status: record.status,
        at: this.now().toISOString(),
        actorId,
      });
    // The case's status decides whether a document is owed.
    this.events.emit('dispatch.changed', { appointmentId: record.appointmentId });
    return this.get(record.appointmentId);
  }

  /** Cases that wait for their document. */
  awaitingDocumentIds(): Set<string> {
    return new Set(
      this.db
        .prepare<[], { id: string }>("SELECT appointment_id AS id FROM case_records WHERE status = 'awaiting_document'")
        .all()
        .map((r) => r.id),
    );
  }

  /** A dispatch made since the case began to wait for a document is on its way: the case is done. */
  completeIfWaiting(appointmentId: string, dispatchCreatedAt: string, actorId: string): boolean {
    return (
      this.db
        .prepare(
          "UPDATE case_records SET status = 'completed', awaiting_since = NULL, updated_at = ?, updated_by = ? WHERE appointment_id = ? AND status = 'awaiting_document' AND coalesce(awaiting_since, '') <= ?",
        )
        .run(this.now().toISOString(), actorId, appointmentId, dispatchCreatedAt).changes > 0
    );
  }
}
