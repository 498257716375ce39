import type { HubStore } from './hub-store';

/**
 * `store.transaction` for an e-mail dispatch on its way out, with this connection's automatic
 * checkpoint off for its commit. A mail's documents are megabytes of WAL: the automatic checkpoint
 * (once the WAL passes ~4 MB) would copy them into the database file and fsync it inside the
 * commit that stored them, or inside the claim just before the send, about doubling the time
 * they take to reach the mail server. The mailer checkpoints once the mail is done
 * (DispatchMailer.checkpointSoon); a commit of anything else meanwhile checkpoints as it always
 * did, so the WAL cannot grow without end.
 */
export function transactionWithoutCheckpoint<T>(store: HubStore, mode: 'deferred' | 'immediate', work: () => T): T {
  const limit = store.db.pragma('wal_autocheckpoint', { simple: true }) as number;
  // Already off: an outer call (or the hub's own setting) sets it back.
  if (limit <= 0) return store.transaction(work, mode);
  store.db.pragma('wal_autocheckpoint = 0');
  try {
    return store.transaction(work, mode);
  } finally {
    store.db.pragma(`wal_autocheckpoint = ${limit}`);
  }
}
