import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * The documents a KEP issues for a case (PDF, hashed) and their dispatches to the citizen. A
 * dispatch keeps which documents it carried, so the outbox can send them when the hub is back,
 * and its state as the hub last reported it. No foreign key to the cached appointment row: a
 * re-sync that moves or drops a booking must never delete a document still owed.
 */
export const m009DocumentsAndDispatches: Migration<SqliteDatabase> = {
  version: 9,
  name: 'documents-and-dispatches',
  up(db) {
    db.exec(`
      CREATE TABLE case_documents (
        id TEXT PRIMARY KEY,
        appointment_id TEXT NOT NULL,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        data BLOB NOT NULL,
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX case_documents_by_appointment ON case_documents (appointment_id);

      CREATE TABLE dispatches (
        id TEXT PRIMARY KEY,
        appointment_id TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('email', 'inbox', 'post')),
        state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'delivered', 'downloaded', 'failed', 'expired')),
        recipient TEXT NOT NULL,
        tracking_number TEXT,
        reason TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        sent_at TEXT,
        delivered_at TEXT,
        downloaded_at TEXT,
        expires_at TEXT
      ) STRICT;
      CREATE INDEX dispatches_by_appointment ON dispatches (appointment_id);

      CREATE TABLE dispatch_documents (
        dispatch_id TEXT NOT NULL REFERENCES dispatches (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        document_id TEXT NOT NULL REFERENCES case_documents (id),
        PRIMARY KEY (dispatch_id, idx)
      ) STRICT;
    `);
  },
};
