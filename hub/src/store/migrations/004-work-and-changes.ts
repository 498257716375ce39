import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/**
 * The KEP's work on appointments as workstations deliver it, the idempotency keys already
 * applied (each outbox entry takes effect once), and a change feed: one row per change to an
 * appointment or its work, in order, for the workstations to pull.
 */
export const m004WorkAndChanges: Migration<HubDatabase> = {
  version: 4,
  name: 'work-and-changes',
  up(db) {
    db.exec(`
      CREATE TABLE appointment_work (
        appointment_id TEXT PRIMARY KEY REFERENCES appointments (id),
        assigned_to TEXT REFERENCES users (id),
        prepared_at TEXT,
        notes TEXT NOT NULL DEFAULT '',
        no_show_at TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE applied_changes (
        idempotency_key TEXT PRIMARY KEY,
        workstation_id TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        appointment_id TEXT NOT NULL,
        made_at TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        applied INTEGER NOT NULL CHECK (applied IN (0, 1))
      ) STRICT;

      CREATE TABLE appointment_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kep_id TEXT NOT NULL,
        appointment_id TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX appointment_changes_by_kep ON appointment_changes (kep_id, seq);

      ALTER TABLE appointments ADD COLUMN status_reason TEXT;
    `);
  },
};
