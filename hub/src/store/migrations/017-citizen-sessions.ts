import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/**
 * A citizen signed in through the OpenID provider, for as long as booking takes. Only a hash of
 * the cookie's token is kept; the identity is the provider's claims, never typed by the citizen.
 */
export const m017CitizenSessions: Migration<HubDatabase> = {
  version: 17,
  name: 'citizen-sessions',
  up(db) {
    db.exec(`
      CREATE TABLE citizen_sessions (
        token_hash TEXT PRIMARY KEY,
        afm TEXT NOT NULL,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX citizen_sessions_by_expiry ON citizen_sessions (expires_at);
    `);
  },
};
