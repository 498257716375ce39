import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/**
 * Who may connect: one-time enrolment codes for workstations, employees with roles and
 * scrypt-hashed passwords, refresh tokens (hashed, rotated), revoked join links, and the hub's
 * own signing secrets.
 */
export const m002Identities: Migration<HubDatabase> = {
  version: 2,
  name: 'identities',
  up(db) {
    db.exec(`
      CREATE TABLE enrolment_codes (
        code_hash TEXT PRIMARY KEY,
        kep_id TEXT NOT NULL REFERENCES keps (id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        workstation_id TEXT REFERENCES workstations (id)
      ) STRICT;

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        kep_id TEXT NOT NULL REFERENCES keps (id),
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('employee', 'supervisor', 'it-admin')),
        password_hash TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_at TEXT NOT NULL,
        disabled_at TEXT
      ) STRICT;

      CREATE TABLE refresh_tokens (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id),
        workstation_id TEXT NOT NULL REFERENCES workstations (id),
        issued_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT
      ) STRICT;
      CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id);

      CREATE TABLE revoked_join_links (
        link_id TEXT PRIMARY KEY,
        appointment_id TEXT NOT NULL,
        revoked_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
