import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/**
 * Proof of who made a change: each session signs its changes with a key made at sign-in, whose
 * public half the hub keeps with its user, workstation and lifetime. A refresh token also
 * remembers its successor, so a desk that crashed before storing it can ask again (§2.2).
 */
export const m010ActorKeys: Migration<HubDatabase> = {
  version: 10,
  name: 'actor-keys',
  up(db) {
    db.exec(`
      CREATE TABLE actor_keys (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id),
        workstation_id TEXT NOT NULL REFERENCES workstations (id),
        public_key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        -- The session's refresh horizon, moved on at each refresh; a change made later is not believed.
        valid_until TEXT NOT NULL,
        ended_at TEXT
      ) STRICT;
      CREATE INDEX actor_keys_by_user ON actor_keys (user_id);

      ALTER TABLE refresh_tokens ADD COLUMN actor_key_id TEXT REFERENCES actor_keys (id);
      ALTER TABLE refresh_tokens ADD COLUMN replaced_by TEXT;
    `);
  },
};
