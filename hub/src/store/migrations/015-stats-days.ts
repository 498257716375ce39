import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';
import { StatementCache } from '../statement-cache';
import { StatsDaysTable } from '../tables/stats-days';

/**
 * Each KEP-day's tally of its facts (issue 15), so a period's past days are read rather than
 * added up from every row again: the facts tables keep it on every write; here it is filled for
 * the days already recorded.
 */
export const m015StatsDays: Migration<HubDatabase> = {
  version: 15,
  name: 'stats-days',
  up(db) {
    db.exec(`
      CREATE TABLE stats_days (
        kep_id TEXT NOT NULL,
        slot_date TEXT NOT NULL,
        -- The day's tally (hub/src/stats/day-tally.ts), encoded by hub/src/stats/tally-codec.ts.
        figures BLOB NOT NULL,
        names TEXT NOT NULL,
        PRIMARY KEY (kep_id, slot_date)
      ) STRICT, WITHOUT ROWID;
    `);
    const days = new StatsDaysTable(new StatementCache(db), db);
    const recorded = db
      .prepare<[], { kepId: string; slotDate: string }>(
        `SELECT kep_id AS kepId, slot_date AS slotDate FROM appointment_facts
         UNION SELECT kep_id, slot_date FROM dispatch_facts`,
      )
      .all();
    for (const day of recorded) days.recompute(day.kepId, day.slotDate);
  },
};
