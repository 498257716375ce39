import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * The hub's last answers to supervisors' statistics questions (issue 15), kept so a supervisor
 * still sees a period's figures, with when they were fetched, while the hub cannot be reached.
 * The answers hold counts and staff names only, never a citizen's data.
 */
export const m016StatsCache: Migration<SqliteDatabase> = {
  version: 16,
  name: 'stats-cache',
  up(db) {
    db.exec(`
      CREATE TABLE stats_cache (
        query_key TEXT PRIMARY KEY,
        response TEXT NOT NULL,
        fetched_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX stats_cache_by_age ON stats_cache (fetched_at);
    `);
  },
};
