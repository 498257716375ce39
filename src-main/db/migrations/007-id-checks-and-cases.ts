import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * The identity check of each appointment (who ticked which item when, with how many of the
 * citizen's video frames decoded by then; no image is ever stored) and its outcome, and the case
 * record that the check unlocks.
 */
export const m007IdChecksAndCases: Migration<SqliteDatabase> = {
  version: 7,
  name: 'id-checks-and-cases',
  up(db) {
    db.exec(`
      CREATE TABLE id_check_ticks (
        appointment_id TEXT NOT NULL,
        item TEXT NOT NULL,
        ticked_at TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        frames_decoded INTEGER NOT NULL,
        PRIMARY KEY (appointment_id, item)
      ) STRICT;

      CREATE TABLE id_check_outcomes (
        appointment_id TEXT PRIMARY KEY,
        outcome TEXT NOT NULL CHECK (outcome IN ('passed', 'failed')),
        reason TEXT,
        decided_at TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        CHECK ((outcome = 'failed') = (reason IS NOT NULL))
      ) STRICT;

      CREATE TABLE case_records (
        appointment_id TEXT PRIMARY KEY,
        protocol_number TEXT NOT NULL DEFAULT '',
        actions TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        form_data TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;
    `);
  },
};
