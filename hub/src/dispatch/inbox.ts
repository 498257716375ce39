import type { Appointment } from '../../../src-shared/domain/appointment';
import { callWindow } from '../../../src-shared/domain/call-window';
import { AppError } from '../../../src-shared/errors';
import type { AppointmentStanding, DispatchState, InboxDocument, InboxResponse } from '../../../src-shared/protocol/dispatch';
import type { HubStore } from '../store/hub-store';

/**
 * A citizen's inbox: the documents their KEP sent to it for this appointment, while they last.
 * Everything is looked up through the appointment of the citizen's link, so a link only ever
 * reaches its own appointment's documents.
 */
export function listInbox(store: HubStore, appointmentId: string, kepId: string, now = Date.now()): InboxResponse {
  const documents = store.db
    .prepare<[string, string], InboxDocument>(
      `SELECT d.id AS dispatchId, doc.idx AS "index", doc.name, doc.size, doc.sha256, d.sent_at AS sentAt, d.expires_at AS expiresAt,
              (SELECT min(at) FROM inbox_downloads x WHERE x.dispatch_id = d.id AND x.idx = doc.idx) AS downloadedAt
       FROM dispatches d JOIN dispatch_documents doc ON doc.dispatch_id = d.id
       WHERE d.appointment_id = ? AND d.channel = 'inbox' AND d.state IN ('sent', 'downloaded') AND d.expires_at > ? AND doc.data IS NOT NULL
       ORDER BY d.sent_at DESC, d.id, doc.idx`,
    )
    .all(appointmentId, new Date(now).toISOString());
  return { kepName: store.getKep(kepId)?.name ?? '', appointment: standing(store.getAppointment(appointmentId), now), documents };
}

function standing(appointment: Appointment | null, now: number): AppointmentStanding {
  if (!appointment || appointment.status === 'cancelled' || appointment.status === 'rescheduled') return 'cancelled';
  if (appointment.status !== 'booked') return 'over';
  const { opens, closes } = callWindow(appointment);
  return now < opens ? 'upcoming' : now > closes ? 'over' : 'open';
}

interface StoredInboxDocument {
  appointment_id: string;
  kep_id: string;
  channel: string;
  state: DispatchState;
  expires_at: string | null;
  name: string;
  data: Buffer | null;
}

/**
 * One document for download. Each download is recorded (when and from which address). The
 * dispatch becomes `downloaded` (which the KEP's desks are told of) only once every one of its
 * documents was downloaded at least once: a citizen who took the first of two documents has not
 * received what the KEP sent.
 */
export function takeInboxDocument(
  store: HubStore,
  appointmentId: string,
  dispatchId: string,
  index: number,
  address: string,
  now = Date.now(),
): { name: string; data: Buffer } {
  const at = new Date(now).toISOString();
  return store.db
    .transaction(() => {
      const doc = store.db
        .prepare<[string, number], StoredInboxDocument>(
          `SELECT d.appointment_id, d.kep_id, d.channel, d.state, d.expires_at, doc.name, doc.data
           FROM dispatches d JOIN dispatch_documents doc ON doc.dispatch_id = d.id WHERE d.id = ? AND doc.idx = ?`,
        )
        .get(dispatchId, index);
      if (!doc || doc.appointment_id !== appointmentId || doc.channel !== 'inbox' || !['sent', 'downloaded', 'expired'].includes(doc.state)) {
        throw new AppError('not_found', 'There is no such document in your inbox.');
      }
      if (doc.state === 'expired' || doc.data === null || (doc.expires_at !== null && doc.expires_at <= at)) {
        throw new AppError('expired', 'This document is no longer in your inbox: documents are kept for a limited time. Ask your KEP to send it again.');
      }
      store.db.prepare('INSERT INTO inbox_downloads (dispatch_id, idx, at, address) VALUES (?, ?, ?, ?)').run(dispatchId, index, at, address);
      const complete = store.db
        .prepare(
          `UPDATE dispatches SET state = 'downloaded', downloaded_at = @at, updated_at = @at
           WHERE id = @id AND state = 'sent' AND NOT EXISTS (
             SELECT 1 FROM dispatch_documents doc
             WHERE doc.dispatch_id = @id AND NOT EXISTS (SELECT 1 FROM inbox_downloads x WHERE x.dispatch_id = doc.dispatch_id AND x.idx = doc.idx))`,
        )
        .run({ id: dispatchId, at });
      if (complete.changes === 1) store.recordChange(doc.kep_id, doc.appointment_id);
      return { name: doc.name, data: doc.data };
    })
    .immediate();
}
