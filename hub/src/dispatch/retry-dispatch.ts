import { AppError } from '../../../src-shared/errors';
import type { DispatchStatus } from '../../../src-shared/protocol/dispatch';
import type { HubStore, Workstation } from '../store/hub-store';
import { type DispatchPolicy, NO_MAIL_SERVER } from './accept-dispatch';
import { dispatchStatusFromRow, getDispatchRow } from './dispatch-status';

/**
 * Sends a failed e-mail dispatch again, from the first attempt, to the address the booking has
 * now (the failure may have been a mistyped address, since corrected). Any other dispatch is
 * answered as it is, so a desk may ask again without fear of a second mail. A mail whose handover
 * was cut short (the hub stopped mid-send) is failed for a person to decide; retrying it is that
 * decision, so the mark of the handover is cleared and the mail is sent again. It stays the same
 * dispatch, so the mail has the same Message-ID as before: a mail client that has the first copy
 * can tell the second is the same message.
 */
export function retryDispatch(store: HubStore, workstation: Workstation, dispatchId: string, policy: DispatchPolicy): DispatchStatus {
  return store.transaction((): DispatchStatus => {
    const row = getDispatchRow(store, dispatchId);
    if (!row || row.kep_id !== workstation.kepId) throw new AppError('not_found', 'There is no such dispatch at this KEP.');
    if (row.state !== 'failed' || row.channel !== 'email') return dispatchStatusFromRow(row);
    if (store.dispatches.countMissingDocuments(row.id) > 0)
      throw new AppError('conflict', 'The documents of this dispatch are no longer on the hub; send them again as a new dispatch.');
    const recipient = store.getAppointment(row.appointment_id)?.citizen.email ?? null;
    const now = new Date().toISOString();
    const next = !recipient
      ? {
          state: 'failed' as const,
          reason: 'The booking has no e-mail address any more; send the document to the citizen’s inbox or by post.',
          failure: 'no_address' as const,
          recipient: row.recipient,
        }
      : policy.mailConfigured
        ? { state: 'queued' as const, reason: null, failure: null, recipient }
        : { state: 'failed' as const, reason: NO_MAIL_SERVER, failure: 'no_mail_server' as const, recipient };
    const updated = {
      ...row,
      ...next,
      attempts: 0,
      next_attempt_at: next.state === 'queued' ? now : null,
      claimed_until: null,
      handed_over_at: null,
      updated_at: now,
    };
    store.dispatches.restart(updated);
    store.dispatchFacts.setFailed(row.id, updated.state === 'failed');
    store.recordChange(row.kep_id, row.appointment_id);
    return dispatchStatusFromRow(updated);
  }, 'immediate');
}
