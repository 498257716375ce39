import type { DispatchChannel, DispatchFailure, DispatchState, DispatchStatus } from '../../../src-shared/protocol/dispatch';
import type { HubStore } from '../store/hub-store';

/** A dispatch as the store keeps it. */
export interface DispatchRow {
  id: string;
  kep_id: string;
  appointment_id: string;
  workstation_id: string;
  actor_id: string;
  channel: DispatchChannel;
  state: DispatchState;
  reason: string | null;
  /** Why it failed, when it did (migration 011). */
  failure: DispatchFailure | null;
  tracking_number: string | null;
  protocol_number: string;
  recipient: string | null;
  attempts: number;
  next_attempt_at: string | null;
  claimed_until: string | null;
  /** Set while a hub process hands the message to the mail server, until the outcome is recorded (migration 009). */
  handed_over_at: string | null;
  made_at: string;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  delivered_at: string | null;
  downloaded_at: string | null;
  expires_at: string | null;
}

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
  return store.db.prepare<[string], DispatchRow>('SELECT * FROM dispatches WHERE id = ?').get(id) ?? null;
}

/** The KEP's dispatches among `ids`; another KEP's, and unknown ids, are left out. */
export function listDispatchStatuses(store: HubStore, kepId: string, ids: readonly string[]): DispatchStatus[] {
  return store.db
    .prepare<[string, string], DispatchRow>('SELECT * FROM dispatches WHERE kep_id = ? AND id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id')
    .all(kepId, JSON.stringify(ids))
    .map(dispatchStatusFromRow);
}
