import type { Appointment } from '../../../src-shared/domain/appointment';
import type { AuditedChanges } from '../../audit/audited-changes';
import type { DispatchService } from '../../dispatch/dispatch-service';
import type { DispatchStore } from '../../dispatch/dispatch-store';
import type { LetterSender } from '../../dispatch/post-letters';
import type { Handlers } from '../../ipc/ipc-router';

type DispatchChannel =
  'dispatch.list' | 'dispatch.create' | 'dispatch.postLetters' | 'dispatch.recordPosting' | 'dispatch.retry' | 'dispatch.cancel' | 'dispatch.owed';

export interface DispatchHandlersDeps {
  dispatches: DispatchService;
  store: DispatchStore;
  changes: AuditedChanges;
  /** One of this KEP's appointments (the channel's needs checked it is). */
  appointment(appointmentId: string): Appointment;
  /** This KEP: its id (refused before the first sync), its name and address for the letters. */
  kep(): { id: string; name: string; postalAddress: string | null };
  actorId(): string;
  /** The signed-in person, who signs the letters they print. */
  signatory(): LetterSender['signatory'];
}

/** Sending a case's documents to the citizen, once the identity check passed (the channels' needs). */
export function dispatchHandlers({ dispatches, store, changes, appointment, kep, actorId, signatory }: DispatchHandlersDeps): Handlers<DispatchChannel> {
  const sender = (): LetterSender => {
    const { name, postalAddress } = kep();
    return { kepName: name, kepAddress: postalAddress, signatory: signatory() };
  };
  return {
    'dispatch.list': ({ appointmentId }) => dispatches.list(appointmentId),
    'dispatch.create': ({ appointmentId, channel, documentIds }) => dispatches.create(appointment(appointmentId), channel, documentIds, actorId(), sender()),
    'dispatch.postLetters': async ({ dispatchId }) => {
      const dispatch = dispatches.get(dispatchId);
      const { coverLetter, label } = await dispatches.postLetters(dispatch, appointment(dispatch.appointmentId), sender());
      changes.record('dispatch.lettersPrinted', dispatch.appointmentId, { dispatchId });
      return { coverLetterBase64: Buffer.from(coverLetter).toString('base64'), labelBase64: Buffer.from(label).toString('base64') };
    },
    'dispatch.recordPosting': ({ dispatchId, trackingNumber }) =>
      changes.commit(() => {
        const posted = dispatches.recordPosting(dispatchId, trackingNumber, actorId());
        changes.record('dispatch.posted', posted.appointmentId, { dispatchId, trackingNumber });
        return posted;
      }),
    'dispatch.retry': ({ dispatchId }) =>
      changes.commit(() => {
        const retried = dispatches.retry(dispatchId, actorId());
        changes.record('dispatch.retried', retried.appointmentId, { dispatchId });
        return retried;
      }),
    'dispatch.cancel': ({ dispatchId }) => {
      changes.commit(() => {
        const cancelled = dispatches.cancel(dispatchId);
        changes.record('dispatch.cancelled', cancelled.appointmentId, { dispatchId, state: cancelled.state });
      });
      return null;
    },
    'dispatch.owed': () => store.owed(kep().id),
  };
}
