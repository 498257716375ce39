import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/**
 * A KEP's postal address, the sender on the envelopes its desks print. KEPs of earlier versions
 * have none until IT or the seed gives one: the label then names the KEP alone, as before.
 */
export const m016KepPostalAddress: Migration<HubDatabase> = {
  version: 16,
  name: 'kep-postal-address',
  up(db) {
    db.exec('ALTER TABLE keps ADD COLUMN postal_address TEXT CHECK (postal_address IS NULL OR length(postal_address) BETWEEN 1 AND 300);');
  },
};
