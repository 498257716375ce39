import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/**
 * Updates served by the hub and the fleet's reports (issue 14, PROTOCOL.md §10). A release is
 * one file of one version for one platform on one channel; its bytes live in the data folder
 * (`releases/<id>/<file name>`), its sha512 is the hub's own. How far a version is rolled out
 * is kept per channel and version (both platforms move together), and a channel rolled back
 * names the version it went back to. Every KEP starts on `stable`.
 */
export const m013UpdatesAndFleet: Migration<HubDatabase> = {
  version: 13,
  name: 'updates-and-fleet',
  up(db) {
    db.exec(`
      ALTER TABLE keps ADD COLUMN update_channel TEXT NOT NULL DEFAULT 'stable';

      CREATE TABLE releases (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        version TEXT NOT NULL,
        platform TEXT NOT NULL CHECK (platform IN ('win', 'linux')),
        file_name TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size > 0),
        -- base64, as electron-updater compares it
        sha512 TEXT NOT NULL,
        published_at TEXT NOT NULL,
        published_by TEXT NOT NULL,
        UNIQUE (channel, platform, version, file_name)
      ) STRICT;

      CREATE TABLE release_stages (
        channel TEXT NOT NULL,
        version TEXT NOT NULL,
        percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
        halted INTEGER NOT NULL DEFAULT 0 CHECK (halted IN (0, 1)),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (channel, version)
      ) STRICT;

      CREATE TABLE channel_rollbacks (
        channel TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        set_at TEXT NOT NULL,
        FOREIGN KEY (channel, version) REFERENCES release_stages (channel, version)
      ) STRICT;

      -- The last report of each desk; the report itself is the JSON the desk sent, as validated.
      CREATE TABLE fleet_reports (
        workstation_id TEXT PRIMARY KEY REFERENCES workstations (id),
        report TEXT NOT NULL,
        received_at TEXT NOT NULL,
        clock_offset_ms INTEGER NOT NULL
      ) STRICT;

      -- Which version each desk reported on each day (Athens): adoption over time. The day's last report counts.
      CREATE TABLE fleet_adoption (
        date TEXT NOT NULL,
        workstation_id TEXT NOT NULL REFERENCES workstations (id),
        version TEXT NOT NULL,
        PRIMARY KEY (date, workstation_id)
      ) STRICT;
    `);
  },
};
