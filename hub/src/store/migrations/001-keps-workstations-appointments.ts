import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

export const m001KepsWorkstationsAppointments: Migration<HubDatabase> = {
  version: 1,
  name: 'keps-workstations-appointments',
  up(db) {
    db.exec(`
      CREATE TABLE keps (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL
      ) STRICT;

      -- Only a hash of each credential is kept: a leaked database does not leak access.
      CREATE TABLE workstations (
        id TEXT PRIMARY KEY,
        kep_id TEXT NOT NULL REFERENCES keps (id),
        label TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      ) STRICT;

      CREATE TABLE appointments (
        id TEXT PRIMARY KEY,
        kep_id TEXT NOT NULL REFERENCES keps (id),
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        category INTEGER NOT NULL CHECK (category BETWEEN 1 AND 4),
        service_code TEXT NOT NULL,
        subject TEXT NOT NULL,
        citizen_first_name TEXT NOT NULL,
        citizen_last_name TEXT NOT NULL,
        citizen_afm TEXT NOT NULL,
        citizen_email TEXT,
        citizen_phone TEXT,
        citizen_postal_address TEXT,
        interpreter_needed INTEGER NOT NULL CHECK (interpreter_needed IN (0, 1)),
        delivery_method TEXT NOT NULL CHECK (delivery_method IN ('email', 'inbox', 'post')),
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX appointments_by_kep_start ON appointments (kep_id, starts_at);
    `);
  },
};
