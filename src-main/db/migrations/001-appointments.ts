import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/** The day's appointments as the hub booked them; the hub owns every column here. */
export const m001Appointments: Migration<SqliteDatabase> = {
  version: 1,
  name: 'appointments',
  up(db) {
    db.exec(`
      CREATE TABLE appointments (
        id TEXT PRIMARY KEY,
        kep_id TEXT NOT NULL,
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
        updated_at TEXT NOT NULL,
        synced_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX appointments_by_kep_start ON appointments (kep_id, starts_at);
    `);
  },
};
