import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * What a call leaves behind at the desk: its outcome in the work row, the chat, and the files
 * the citizen sent. Not tied to the appointments cache by a foreign key: a sync that drops an
 * appointment row (moved to another day) must never take the case's files with it; retention
 * purges them by age.
 */
export const m005Calls: Migration<SqliteDatabase> = {
  version: 5,
  name: 'calls',
  up(db) {
    db.exec(`
      ALTER TABLE appointment_work ADD COLUMN call_outcome TEXT CHECK (call_outcome IN ('completed', 'incomplete', 'citizen_left', 'technical'));
      ALTER TABLE appointment_work ADD COLUMN call_ended_at TEXT;

      CREATE TABLE call_messages (
        id TEXT PRIMARY KEY,
        appointment_id TEXT NOT NULL,
        from_id TEXT NOT NULL,
        from_role TEXT NOT NULL CHECK (from_role IN ('employee', 'citizen', 'interpreter')),
        text TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX call_messages_by_appointment ON call_messages (appointment_id, at);

      CREATE TABLE call_files (
        id TEXT PRIMARY KEY,
        appointment_id TEXT NOT NULL,
        from_role TEXT NOT NULL CHECK (from_role IN ('employee', 'citizen', 'interpreter')),
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        data BLOB NOT NULL,
        received_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX call_files_by_appointment ON call_files (appointment_id);
    `);
  },
};
