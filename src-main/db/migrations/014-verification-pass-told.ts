import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * The identity check has one name in code, `verification` (as on the wire: `verification.*`
 * channels, the hub's `verification:passed`), so its tables take it too. And when the hub
 * acknowledged a passed check (`verification:passed`): until then the desk sends it again, since
 * the citizen's page keeps the camera forced on. Passes of earlier versions were sent once,
 * during calls long over; they are taken as told.
 */
export const m014VerificationPassTold: Migration<SqliteDatabase> = {
  version: 14,
  name: 'verification-pass-told',
  up(db) {
    db.exec(`
      ALTER TABLE id_check_ticks RENAME TO verification_ticks;
      ALTER TABLE id_check_outcomes RENAME TO verification_outcomes;
      ALTER TABLE verification_outcomes ADD COLUMN hub_told_at TEXT;
      UPDATE verification_outcomes SET hub_told_at = decided_at WHERE outcome = 'passed';
    `);
  },
};
