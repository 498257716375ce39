import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/**
 * Why a failed dispatch failed, for the desks to act on (`reason` says it for a person), above
 * all `outcome_unknown`: a mail the server may already have, which a desk must not offer to send
 * again as if it surely had not gone. Such a mail failed before this version is recognised by its
 * reason (the text of that version); other earlier failures keep no cause, as before. No CHECK:
 * the list of causes may grow, and SQLite cannot change a column's CHECK short of rebuilding the
 * table; the hub writes only the causes of DISPATCH_FAILURES.
 */
export const m011DispatchFailure: Migration<HubDatabase> = {
  version: 11,
  name: 'dispatch-failure',
  up(db) {
    db.exec(`
      ALTER TABLE dispatches ADD COLUMN failure TEXT;
      UPDATE dispatches SET failure = 'outcome_unknown'
      WHERE state = 'failed' AND reason = 'The hub stopped while handing this e-mail to the mail server; it may or may not have been sent. Check with the citizen before sending it again.';
    `);
  },
};
