import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/** Where a case stands: being worked on, waiting only for the document, or completed. */
export const m008CaseStatus: Migration<SqliteDatabase> = {
  version: 8,
  name: 'case-status',
  up(db) {
    db.exec(
      `ALTER TABLE case_records ADD COLUMN status TEXT NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'awaiting_document', 'completed'));`,
    );
  },
};
