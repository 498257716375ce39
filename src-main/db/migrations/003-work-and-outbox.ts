import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * The KEP's own work on appointments (local first), the outbox that delivers every change to
 * the hub exactly once, the KEP's staff for assignment, and the reason of a cancelled or moved
 * booking.
 */
export const m003WorkAndOutbox: Migration<SqliteDatabase> = {
  version: 3,
  name: 'work-and-outbox',
  up(db) {
    db.exec(`
      ALTER TABLE appointments ADD COLUMN status_reason TEXT;

      CREATE TABLE appointment_work (
        appointment_id TEXT PRIMARY KEY,
        assigned_to TEXT,
        prepared_at TEXT,
        notes TEXT NOT NULL DEFAULT '',
        no_show_at TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,
        actor_id TEXT NOT NULL,
        change TEXT NOT NULL,
        made_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'refused')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT,
        refused_reason TEXT,
        delivered_at TEXT
      ) STRICT;
      CREATE INDEX outbox_pending ON outbox (state, seq);

      CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        kep_id TEXT NOT NULL,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL
      ) STRICT;
    `);
  },
};
