import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * Where the audit chain was last verified whole (audit-log.ts): the start walks only what came
 * after it. One row, kept apart from the log. It starts empty even on a database that already
 * holds entries: nothing written before this version was verified by it, so the first start
 * walks the whole chain and sets it. The index on the entries' time keeps the start's other
 * look-up (audit-coverage.ts: entries as old as the oldest change still queued) off a year's trail.
 */
export const m018AuditCheckpoint: Migration<SqliteDatabase> = {
  version: 18,
  name: 'audit-checkpoint',
  up(db) {
    db.exec(`
      CREATE TABLE audit_checkpoint (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL CHECK (seq >= 1),
        hash TEXT NOT NULL,
        verified_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_log_at ON audit_log (at);
    `);
  },
};
