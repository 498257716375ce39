import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * When the hub acknowledged a passed identity check (its `verification:passed`): until then the
 * desk sends it again, since the citizen's page keeps the camera forced on. Passes of earlier
 * versions were sent once, during calls long over; they are taken as told.
 */
export const m014IdCheckPassTold: Migration<SqliteDatabase> = {
  version: 14,
  name: 'id-check-pass-told',
  up(db) {
    db.exec(`
      ALTER TABLE id_check_outcomes ADD COLUMN hub_told_at TEXT;
      UPDATE id_check_outcomes SET hub_told_at = decided_at WHERE outcome = 'passed';
    `);
  },
};
