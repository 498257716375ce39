import { createLogger } from '../../../src-shared/log';
import type { HubStore } from '../store/hub-store';

const log = createLogger('dispatch-expiry');

const DAY_MS = 86_400_000;

/**
 * The hub keeps a citizen's document only as long as it needs it: an inbox copy until it
 * expires (`inboxDays` after it was sent), a mail's copy until the mail server has it, and a
 * failed mail's copy for `inboxDays` after it last changed (so it can be retried meanwhile).
 * An inbox document that expires unread becomes `expired`, and the KEP's desks are told.
 */
export function purgeDispatchDocuments(store: HubStore, inboxDays: number, now = Date.now()): { expired: number; purged: number } {
  const at = new Date(now).toISOString();
  const failedBefore = new Date(now - inboxDays * DAY_MS).toISOString();
  return store.transaction(() => {
    const expired = store.dispatches.expireUnreadInbox(at);
    for (const row of expired) store.recordChange(row.kep_id, row.appointment_id);
    return { expired: expired.length, purged: store.dispatches.purgeDocumentData(at, failedBefore) };
  }, 'immediate');
}

/** Purges now and then every `intervalMs`; returns the function that stops it. */
export function startDocumentExpiry(store: HubStore, inboxDays: number, intervalMs = 10 * 60_000): () => void {
  const run = (): void => {
    try {
      const { expired, purged } = purgeDispatchDocuments(store, inboxDays);
      if (expired || purged) log.info('documents removed from the hub', { expired, purged });
    } catch (error) {
      log.error('cannot remove expired documents', { error: String(error) });
    }
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
