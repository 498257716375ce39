import { formatAthensDate } from '../../src-shared/domain/athens-time';
import { createLogger } from '../../src-shared/log';
import type { SqliteDatabase } from '../db/open-database';
import type { AppointmentStore } from '../appointments/appointment-store';
import type { CallFiles } from '../call/call-files';
import type { CallMessages } from '../call/call-messages';
import type { CaseRecords } from '../case/case-records';
import type { CaseDocuments } from '../dispatch/case-documents';
import type { DispatchStore } from '../dispatch/dispatch-store';
import type { OutboxEntries } from '../sync/outbox-entries';
import type { WorkStore } from '../work/work-store';

const log = createLogger('retention');

export interface PurgeResult {
  appointments: number;
  outboxEntries: number;
  /** Chat messages and files of calls held before the cutoff. */
  callRecords: number;
  /** Documents issued for cases of that age, and the dispatches that carried them. */
  documents: number;
}

/** The tables' owners, each purging its own rows. */
export interface PurgedTables {
  db: SqliteDatabase;
  appointments: AppointmentStore;
  work: WorkStore;
  outbox: OutboxEntries;
  callMessages: CallMessages;
  callFiles: CallFiles;
  dispatches: DispatchStore;
  documents: CaseDocuments;
  cases: CaseRecords;
}

/**
 * Keeps personal data in the cache only as long as needed. Appointments that ended more than
 * `days` ago are reduced to anonymous daily figures and deleted with their work; delivered
 * outbox entries, call chats and files the citizens sent, and documents sent to citizens, of that
 * age go too. An appointment with a change still on its way to the hub, or a document still owed
 * to its citizen, is kept, and an undelivered outbox entry is never dropped. All in one
 * transaction, so a crash never leaves a purge half done.
 */
export function purgePersonalData(tables: PurgedTables, days: number, now = new Date()): PurgeResult {
  const { db, appointments, work, outbox, callMessages, callFiles, dispatches, documents, cases } = tables;
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  return db.transaction((): PurgeResult => {
    const keep = new Set([...outbox.pendingAppointmentIds(), ...dispatches.owingAppointmentIds(), ...cases.awaitingDocumentIds()]);
    const old = appointments.endedBefore(cutoff, keep);
    // The daily figures are this module's own table: what is left of an appointment once purged.
    const addFigure = db.prepare(
      `INSERT INTO daily_figures (date, kep_id, category, status, count) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (date, kep_id, category, status) DO UPDATE SET count = count + 1`,
    );
    for (const a of old) {
      addFigure.run(formatAthensDate(new Date(a.startsAt)), a.kepId, a.category, a.status);
      appointments.remove(a.id);
      work.forget(a.id);
    }
    const outboxEntries = outbox.purgeSettled(cutoff);
    const callRecords = callMessages.purgeBefore(cutoff) + callFiles.purgeBefore(cutoff);
    // A letter still to be posted, a failed or expired dispatch still owed, or one the outbox has yet to deliver keeps its documents.
    const purgedDispatches = dispatches.purgeSettledBefore(cutoff, outbox.pendingDispatchIds());
    const documentCount = purgedDispatches + documents.purgeBefore(cutoff, dispatches.carriedDocumentIds());
    if (old.length > 0 || outboxEntries > 0 || callRecords > 0 || documentCount > 0) {
      log.info('purged personal data', { appointments: old.length, outboxEntries, callRecords, documents: documentCount, days });
    }
    return { appointments: old.length, outboxEntries, callRecords, documents: documentCount };
  })();
}
