import type { Appointment } from '../../../src-shared/domain/appointment';
import { callWindow } from '../../../src-shared/domain/call-window';
import { AppError } from '../../../src-shared/errors';
import type { AppointmentStanding, InboxResponse } from '../../../src-shared/protocol/dispatch';
import type { HubStore } from '../store/hub-store';

/**
 * A citizen's inbox: the documents their KEP sent to it for this appointment, while they last.
 * Everything is looked up through the appointment of the citizen's link, so a link only ever
 * reaches its own appointment's documents.
 */
export function listInbox(store: HubStore, appointmentId: string, kepId: string, now = Date.now()): InboxResponse {
  const documents = store.dispatches.listInbox(appointmentId, new Date(now).toISOString());
  return { kepName: store.getKep(kepId)?.name ?? '', appointment: standing(store.getAppointment(appointmentId), now), documents };
}

function standing(appointment: Appointment | null, now: number): AppointmentStanding {
  if (!appointment || appointment.status === 'cancelled' || appointment.status === 'rescheduled') return 'cancelled';
  if (appointment.status !== 'booked') return 'over';
  const { opens, closes } = callWindow(appointment);
  return now < opens ? 'upcoming' : now > closes ? 'over' : 'open';
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
  return store.transaction(() => {
    const doc = store.dispatches.inboxDocument(dispatchId, index);
    if (!doc || doc.appointment_id !== appointmentId || doc.channel !== 'inbox' || !['sent', 'downloaded', 'expired'].includes(doc.state)) {
      throw new AppError('not_found', 'There is no such document in your inbox.');
    }
    if (doc.state === 'expired' || doc.data === null || (doc.expires_at !== null && doc.expires_at <= at)) {
      throw new AppError('expired', 'This document is no longer in your inbox: documents are kept for a limited time. Ask your KEP to send it again.');
    }
    store.dispatches.recordDownload(dispatchId, index, at, address);
    if (store.dispatches.markDownloadedIfComplete(dispatchId, at)) {
      store.dispatchFacts.done(dispatchId, Date.parse(at));
      store.recordChange(doc.kep_id, doc.appointment_id);
    }
    return { name: doc.name, data: doc.data };
  }, 'immediate');
}
