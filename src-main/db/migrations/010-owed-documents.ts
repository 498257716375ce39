import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * What decides that a document is still owed: since when a case has waited for one (only a
 * dispatch made after that fulfils it), and a failed or expired dispatch the employee decided
 * not to send again.
 */
export const m010OwedDocuments: Migration<SqliteDatabase> = {
  version: 10,
  name: 'owed-documents',
  up(db) {
    db.exec(`
      ALTER TABLE case_records ADD COLUMN awaiting_since TEXT;
      UPDATE case_records SET awaiting_since = updated_at WHERE status = 'awaiting_document';
      ALTER TABLE dispatches ADD COLUMN dismissed_at TEXT;
    `);
  },
};
