import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/** The hub's copy of every workstation's audit trail, chain by chain. */
export const m007AuditEntries: Migration<HubDatabase> = {
  version: 7,
  name: 'audit-entries',
  up(db) {
    db.exec(`
      CREATE TABLE audit_entries (
        workstation_id TEXT NOT NULL REFERENCES workstations (id),
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        actor_id TEXT,
        kind TEXT NOT NULL,
        appointment_id TEXT,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (workstation_id, seq)
      ) STRICT;
      CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
      CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
    `);
  },
};
