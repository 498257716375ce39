import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * A change carries its author's signature from the moment it is made, so it can be delivered
 * after they signed out. Entries queued before this version have none (the hub refuses them).
 */
export const m011SignedChanges: Migration<SqliteDatabase> = {
  version: 11,
  name: 'signed-changes',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN actor_key_id TEXT;
      ALTER TABLE outbox ADD COLUMN signature TEXT;
    `);
  },
};
