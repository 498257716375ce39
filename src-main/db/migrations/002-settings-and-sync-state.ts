import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * Local settings (UI language, …) and what the sync knows about its last runs, so an app
 * started offline can say when it last saw the hub.
 */
export const m002SettingsAndSyncState: Migration<SqliteDatabase> = {
  version: 2,
  name: 'settings-and-sync-state',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      CREATE TABLE synced_days (
        kep_id TEXT NOT NULL,
        date TEXT NOT NULL,
        synced_at TEXT NOT NULL,
        PRIMARY KEY (kep_id, date)
      ) STRICT;
    `);
  },
};
