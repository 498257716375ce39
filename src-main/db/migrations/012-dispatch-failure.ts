import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * Why the hub failed a dispatch, as it last said (its `failure`, PROTOCOL §5b.3), above all
 * `outcome_unknown`: a mail the citizen may already have, which the desk must not offer to send
 * again as if it surely had not gone. A failed dispatch is no longer asked about, so one failed
 * so before this version is recognised here by the hub's reason of that version.
 */
export const m012DispatchFailure: Migration<SqliteDatabase> = {
  version: 12,
  name: 'dispatch-failure',
  up(db) {
    db.exec(`
      ALTER TABLE dispatches ADD COLUMN failure TEXT;
      UPDATE dispatches SET failure = 'outcome_unknown'
      WHERE state = 'failed' AND reason = 'The hub stopped while handing this e-mail to the mail server; it may or may not have been sent. Check with the citizen before sending it again.';
    `);
  },
};
