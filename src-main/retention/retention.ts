import { formatAthensDate } from '../../src-shared/domain/athens-time';
import { createLogger } from '../../src-shared/log';
import type { SqliteDatabase } from '../db/open-database';
import { OutboxEntries } from '../sync/outbox-entries';

const log = createLogger('retention');

export interface PurgeResult {
  appointments: number;
  outboxEntries: number;
  /** Chat messages and files of calls held before the cutoff. */
  callRecords: number;
  /** Documents issued for cases of that age, and the dispatches that carried them. */
  documents: number;
}

/**
 * Keeps personal data in the cache only as long as needed. Appointments that ended more than
 * `days` ago are reduced to anonymous daily figures and deleted with their work; delivered
 * outbox entries, call chats and files the citizens sent, and documents sent to citizens, of that
 * age go too. An appointment with a change still on its way to the hub
 * is kept, and an undelivered outbox entry is never dropped. It is the one writer besides each
 * table's owner: the purge spans the tables in one transaction, so a crash never leaves it half done.
 */
export function purgePersonalData(db: SqliteDatabase, days: number, now = new Date()): PurgeResult {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  const outbox = new OutboxEntries(db);
  return db.transaction((): PurgeResult => {
    // Kept: an appointment with a change still to deliver, or a document still owed to its citizen.
    const pending = `SELECT value FROM json_each(@delivering)
      UNION SELECT appointment_id FROM dispatches WHERE state IN ('queued', 'failed', 'expired') AND dismissed_at IS NULL
      UNION SELECT appointment_id FROM case_records WHERE status = 'awaiting_document'`;
    const old = db
      .prepare<{ cutoff: string; delivering: string }, { id: string; kep_id: string; starts_at: string; category: number; status: string }>(
        `SELECT id, kep_id, starts_at, category, status FROM appointments WHERE ends_at < @cutoff AND id NOT IN (${pending})`,
      )
      .all({ cutoff, delivering: JSON.stringify([...outbox.pendingAppointmentIds()]) });
    const addFigure = db.prepare(
      `INSERT INTO daily_figures (date, kep_id, category, status, count) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (date, kep_id, category, status) DO UPDATE SET count = count + 1`,
    );
    const removeAppointment = db.prepare('DELETE FROM appointments WHERE id = ?');
    const removeWork = db.prepare('DELETE FROM appointment_work WHERE appointment_id = ?');
    for (const a of old) {
      addFigure.run(formatAthensDate(new Date(a.starts_at)), a.kep_id, a.category, a.status);
      removeAppointment.run(a.id);
      removeWork.run(a.id);
    }
    const outboxEntries = outbox.purgeSettled(cutoff);
    const callRecords =
      db.prepare('DELETE FROM call_messages WHERE at < ?').run(cutoff).changes + db.prepare('DELETE FROM call_files WHERE received_at < ?').run(cutoff).changes;
    // A letter still to be posted, a failed or expired dispatch still owed, or one the outbox has yet to deliver keeps its documents.
    const waiting = JSON.stringify([...outbox.pendingDispatchIds()]);
    const owed = "state IN ('queued', 'failed', 'expired') AND dismissed_at IS NULL";
    const documents =
      db.prepare(`DELETE FROM dispatches WHERE created_at < ? AND NOT (${owed}) AND id NOT IN (SELECT value FROM json_each(?))`).run(cutoff, waiting).changes +
      db.prepare('DELETE FROM case_documents WHERE added_at < ? AND id NOT IN (SELECT document_id FROM dispatch_documents)').run(cutoff).changes;
    if (old.length > 0 || outboxEntries > 0 || callRecords > 0 || documents > 0) log.info('purged personal data', { appointments: old.length, outboxEntries, callRecords, documents, days });
    return { appointments: old.length, outboxEntries, callRecords, documents };
  })();
}
