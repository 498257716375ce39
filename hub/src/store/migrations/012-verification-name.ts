import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/**
 * The identity check has one name in code, `verification`, as on the wire (`verification:passed`):
 * its table takes it too.
 */
export const m012VerificationName: Migration<HubDatabase> = {
  version: 12,
  name: 'verification-name',
  up(db) {
    db.exec('ALTER TABLE identity_checks_passed RENAME TO verifications_passed;');
  },
};
