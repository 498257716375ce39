import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/**
 * Appointments whose identity check passed at a desk: from then on the citizen's camera is
 * optional. Kept in the store so every hub process, and a restarted one, knows it.
 */
export const m006IdentityChecks: Migration<HubDatabase> = {
  version: 6,
  name: 'identity-checks',
  up(db) {
    db.exec(`
      CREATE TABLE identity_checks_passed (
        appointment_id TEXT PRIMARY KEY REFERENCES appointments (id),
        passed_at TEXT NOT NULL,
        workstation_id TEXT NOT NULL
      ) STRICT;
    `);
  },
};
