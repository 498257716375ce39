import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../src-main/db/app-database';
import type { SqliteDatabase } from '../../src-main/db/open-database';
import { HubApiClient } from '../../src-main/hub/hub-api-client';
import { StatsCache } from '../../src-main/stats/stats-cache';
import { StatsPeriods } from '../../src-main/stats/stats-period';
import { AppError } from '../../src-shared/errors';
import type { StatsQuery, StatsResponse } from '../../src-shared/protocol/stats';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;

const none = { count: 0, p50: null, p90: null };
const empty = { bookings: 0, completed: 0, noShows: 0, noShowRate: null, cancelled: 0, rescheduled: 0, calls: 0, wait: none, duration: none };
function answer(from: string, bookings = 0): StatsResponse {
  return {
    kepId: 'kep-a',
    query: { from, to: from, groupBy: 'day', category: null, employee: null },
    computedAt: '2026-12-01T08:00:00.000Z',
    totals: { ...empty, bookings },
    groups: [],
    waitBands: Array(11).fill(0),
    lateStart: none,
    outcomes: { completed: 0, incomplete: 0, citizen_left: 0, technical: 0 },
    verification: { passed: 0, failed: 0, failedByReason: { poor_video: 0, document_not_accepted: 0, data_mismatch: 0, citizen_refused: 0, technical: 0 } },
    interpreterCalls: 0,
    cancelReasons: [],
    rescheduleReasons: [],
    documents: [],
    employees: [],
  };
}
const query = (from: string): StatsQuery => ({ from, to: from, groupBy: 'day' });

beforeEach(() => {
  dir = makeTempDir();
  db = openAppDatabase(dir.path);
});
afterEach(() => {
  db.close();
  dir.remove();
});

describe('the statistics cache', () => {
  it('answers the same question, in any field order, with the latest answer', () => {
    const cache = new StatsCache(db);
    cache.put({ from: '2026-11-02', to: '2026-11-02', groupBy: 'day', category: '2' }, answer('2026-11-02', 1), '2026-12-01T08:00:00.000Z');
    cache.put({ category: '2', groupBy: 'day', to: '2026-11-02', from: '2026-11-02' }, answer('2026-11-02', 5), '2026-12-01T09:00:00.000Z');
    expect(cache.get({ groupBy: 'day', from: '2026-11-02', to: '2026-11-02', category: '2' })).toMatchObject({
      fetchedAt: '2026-12-01T09:00:00.000Z',
      stats: { totals: { bookings: 5 } },
    });
    expect(cache.get(query('2026-11-02'))).toBeNull();
    expect(cache.count()).toBe(1);
  });

  it('keeps the last answers only', () => {
    const cache = new StatsCache(db, 3);
    for (let day = 1; day <= 5; day++) cache.put(query(`2026-11-0${day}`), answer(`2026-11-0${day}`), `2026-12-01T08:0${day}:00.000Z`);
    expect(cache.count()).toBe(3);
    expect(cache.get(query('2026-11-02'))).toBeNull();
    expect(cache.get(query('2026-11-03'))).not.toBeNull();
  });

  it('answers the cached period when the hub cannot be reached, and says the hub is needed when nothing is cached', async () => {
    const cache = new StatsCache(db);
    cache.put(query('2026-11-02'), answer('2026-11-02', 4), '2026-12-01T08:00:00.000Z');
    // Port 9 (discard) is closed here: a real connection refused, as when the hub is down.
    const client = new HubApiClient({ baseUrl: 'http://127.0.0.1:9', token: 'ws-token', timeoutMs: 2000 });
    const periods = new StatsPeriods({ client: () => client, accessToken: () => 'access', cache, now: () => new Date() });
    await expect(periods.get(query('2026-11-02'))).resolves.toMatchObject({
      cached: true,
      fetchedAt: '2026-12-01T08:00:00.000Z',
      stats: { totals: { bookings: 4 } },
    });
    const error = await periods.get(query('2026-11-03')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'hub_unreachable', reason: 'stats.no_cache' });
  });

  it('serves the cache to an offline session, and refuses with a reason when there is none', async () => {
    const cache = new StatsCache(db);
    cache.put(query('2026-11-02'), answer('2026-11-02', 4), '2026-12-01T08:00:00.000Z');
    const client = new HubApiClient({ baseUrl: 'http://127.0.0.1:9', token: 'ws-token' });
    const periods = new StatsPeriods({ client: () => client, accessToken: () => null, cache, now: () => new Date() });
    await expect(periods.get(query('2026-11-02'))).resolves.toMatchObject({ cached: true });
    await expect(periods.get(query('2026-11-03'))).rejects.toMatchObject({ code: 'unauthorized', reason: 'stats.offline' });
  });
});
