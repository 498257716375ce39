import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * What an outbox entry is (its kind), which lane delivers it and what it is about (appointment,
 * dispatch) become columns, so the desk asks the outbox by column instead of reading its JSON.
 * Entries queued before are filled from their JSON; at this version the dispatch uploads were
 * the only entries of the bulk lane. Audit entries name no appointment of their own (their
 * appointment is the trail's business, not a reason to keep a booking).
 */
export const m013OutboxColumns: Migration<SqliteDatabase> = {
  version: 13,
  name: 'outbox-columns',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT '';
      ALTER TABLE outbox ADD COLUMN lane TEXT NOT NULL DEFAULT 'ordered' CHECK (lane IN ('ordered', 'bulk'));
      ALTER TABLE outbox ADD COLUMN appointment_id TEXT;
      ALTER TABLE outbox ADD COLUMN dispatch_id TEXT;
      UPDATE outbox SET
        kind = coalesce(json_extract(change, '$.kind'), ''),
        lane = CASE WHEN json_extract(change, '$.kind') IN ('dispatch.send', 'dispatch.retry') THEN 'bulk' ELSE 'ordered' END,
        appointment_id = json_extract(change, '$.appointmentId'),
        dispatch_id = json_extract(change, '$.dispatchId');
      CREATE INDEX outbox_lane ON outbox (state, lane, seq);
      CREATE INDEX outbox_pending_appointment ON outbox (appointment_id) WHERE state = 'pending';
    `);
  },
};
