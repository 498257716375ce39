import type { DispatchStatus } from '../../../src-shared/protocol/dispatch';
import type { HubStore } from '../store/hub-store';
import type { DispatchRow } from '../store/tables/dispatches';

export type { DispatchRow } from '../store/tables/dispatches';

/** The contract allows 500 characters; a mail server's reply can be longer. */
export const MAX_REASON_CHARS = 500;

export function clipReason(reason: string): string {
  return reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason;
}

export function dispatchStatusFromRow(row: DispatchRow): DispatchStatus {
  return {
    id: row.id,
    appointmentId: row.appointment_id,
    channel: row.channel,
    state: row.state,
    reason: row.reason,
    failure: row.failure,
    trackingNumber: row.tracking_number,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
    deliveredAt: row.delivered_at,
    downloadedAt: row.downloaded_at,
    expiresAt: row.expires_at,
  };
}

export function getDispatchRow(store: HubStore, id: string): DispatchRow | null {
  return store.dispatches.get(id);
}

/** The KEP's dispatches among `ids`; another KEP's, and unknown ids, are left out. */
export function listDispatchStatuses(store: HubStore, kepId: string, ids: readonly string[]): DispatchStatus[] {
  return store.dispatches.listOfKep(kepId, ids).map(dispatchStatusFromRow);
}
