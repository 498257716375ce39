import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * Anonymous daily figures (how many appointments of each category ended in each status), kept
 * when the personal data of past appointments is purged.
 */
export const m004DailyFigures: Migration<SqliteDatabase> = {
  version: 4,
  name: 'daily-figures',
  up(db) {
    db.exec(`
      CREATE TABLE daily_figures (
        date TEXT NOT NULL,
        kep_id TEXT NOT NULL,
        category INTEGER NOT NULL,
        status TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (date, kep_id, category, status)
      ) STRICT;
    `);
  },
};
