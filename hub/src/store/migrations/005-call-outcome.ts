import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/** How an appointment's last call ended, as the employee recorded it. */
export const m005CallOutcome: Migration<HubDatabase> = {
  version: 5,
  name: 'call-outcome',
  up(db) {
    db.exec(`
      ALTER TABLE appointment_work ADD COLUMN call_outcome TEXT CHECK (call_outcome IN ('completed', 'incomplete', 'citizen_left', 'technical'));
      ALTER TABLE appointment_work ADD COLUMN call_ended_at TEXT;
    `);
  },
};
