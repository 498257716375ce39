import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/**
 * Documents sent to citizens: one row per dispatch (its id is the desk's dispatch id, so a
 * retried delivery finds the first one), its documents, and every inbox download. A document's
 * bytes are kept only while the hub still needs them (until the mail is delivered, or the inbox
 * copy expires): `data` is then set to NULL, and a posted document never has any.
 */
export const m008Dispatches: Migration<HubDatabase> = {
  version: 8,
  name: 'dispatches',
  up(db) {
    db.exec(`
      CREATE TABLE dispatches (
        id TEXT PRIMARY KEY,
        kep_id TEXT NOT NULL REFERENCES keps (id),
        appointment_id TEXT NOT NULL REFERENCES appointments (id),
        workstation_id TEXT NOT NULL REFERENCES workstations (id),
        actor_id TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('email', 'inbox', 'post')),
        state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'delivered', 'downloaded', 'failed', 'expired')),
        reason TEXT,
        tracking_number TEXT,
        protocol_number TEXT NOT NULL,
        -- The e-mail address the hub sent to, from its own booking (never from the request).
        recipient TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        -- A hub process sending this mail holds it until then, so two processes never both send it.
        claimed_until TEXT,
        made_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        sent_at TEXT,
        delivered_at TEXT,
        downloaded_at TEXT,
        expires_at TEXT
      ) STRICT;
      CREATE INDEX dispatches_by_appointment ON dispatches (appointment_id);
      CREATE INDEX dispatches_mail_due ON dispatches (next_attempt_at) WHERE state = 'queued';
      CREATE INDEX dispatches_by_expiry ON dispatches (expires_at) WHERE expires_at IS NOT NULL;

      CREATE TABLE dispatch_documents (
        dispatch_id TEXT NOT NULL REFERENCES dispatches (id),
        idx INTEGER NOT NULL CHECK (idx >= 0),
        name TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size > 0),
        sha256 TEXT NOT NULL,
        data BLOB,
        PRIMARY KEY (dispatch_id, idx)
      ) STRICT;

      -- Who fetched an inbox document, and when: evidence that it reached the citizen.
      CREATE TABLE inbox_downloads (
        dispatch_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        at TEXT NOT NULL,
        address TEXT NOT NULL,
        FOREIGN KEY (dispatch_id, idx) REFERENCES dispatch_documents (dispatch_id, idx)
      ) STRICT;
      CREATE INDEX inbox_downloads_by_document ON inbox_downloads (dispatch_id, idx);
      CREATE TRIGGER inbox_downloads_no_update BEFORE UPDATE ON inbox_downloads BEGIN SELECT RAISE(ABORT, 'inbox downloads are append-only'); END;
      CREATE TRIGGER inbox_downloads_no_delete BEFORE DELETE ON inbox_downloads BEGIN SELECT RAISE(ABORT, 'inbox downloads are append-only'); END;
    `);
  },
};
