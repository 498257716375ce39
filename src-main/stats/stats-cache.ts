import { type StatsQuery, type StatsResponse, statsResponseSchema } from '../../src-shared/protocol/stats';
import { createLogger } from '../../src-shared/log';
import type { SqliteDatabase } from '../db/open-database';

const log = createLogger('stats-cache');

/** Enough for a supervisor's usual questions of the last weeks; older answers make room. */
export const STATS_CACHE_SIZE = 50;

export interface CachedStats {
  stats: StatsResponse;
  fetchedAt: string;
}

/** The same question always gives the same key, whatever order its fields came in. */
export function statsQueryKey(query: StatsQuery): string {
  return JSON.stringify([query.from, query.to, query.groupBy, query.category ?? null, query.employee ?? null]);
}

/** The hub's last answers to statistics questions, by question (owner of `stats_cache`). */
export class StatsCache {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly size = STATS_CACHE_SIZE,
  ) {}

  put(query: StatsQuery, stats: StatsResponse, fetchedAt: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO stats_cache (query_key, response, fetched_at) VALUES (?, ?, ?)
           ON CONFLICT (query_key) DO UPDATE SET response = excluded.response, fetched_at = excluded.fetched_at`,
        )
        .run(statsQueryKey(query), JSON.stringify(stats), fetchedAt);
      this.db.prepare('DELETE FROM stats_cache WHERE query_key NOT IN (SELECT query_key FROM stats_cache ORDER BY fetched_at DESC LIMIT ?)').run(this.size);
    })();
  }

  get(query: StatsQuery): CachedStats | null {
    const row = this.db
      .prepare<[string], { response: string; fetched_at: string }>('SELECT response, fetched_at FROM stats_cache WHERE query_key = ?')
      .get(statsQueryKey(query));
    if (!row) return null;
    // An answer an older version stored may not read under this version's schema: then there is none.
    const parsed = statsResponseSchema.safeParse(JSON.parse(row.response));
    if (!parsed.success) {
      log.warn('a cached answer no longer reads; ignored', { issues: parsed.error.issues.length });
      return null;
    }
    return { stats: parsed.data, fetchedAt: row.fetched_at };
  }

  count(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM stats_cache').get()?.n ?? 0;
  }
}
