import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../hub/src/auth/users';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { HubApiClient } from '../../src-main/hub/hub-api-client';
import { StatsCache } from '../../src-main/stats/stats-cache';
import { StatsPeriods } from '../../src-main/stats/stats-period';
import { openAppDatabase } from '../../src-main/db/app-database';
import type { StatsQuery } from '../../src-shared/protocol/stats';
import { makeAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';
import { accessTokenFor } from '../support/sockets';
import { makeTempDir } from '../support/temp-dir';

/**
 * The desk's side of a supervisor's figures against a real hub: the period asked with the
 * supervisor's session, kept, and answered from the cache once the hub is gone; employees and IT
 * refused by the desk and by the hub.
 */
const KEP = DEMO_KEPS[0]!.id;
const PASSWORD = 'a long enough password';
const NOVEMBER_2: StatsQuery = { from: '2026-11-02', to: '2026-11-02', groupBy: 'hour' };

let t: TestHub;
let hubRunning = true;
let dir: ReturnType<typeof makeTempDir>;
let app: KepApp;

beforeAll(async () => {
  t = await startTestHub([]);
  // Three slots on 2 November (Athens, UTC+2 then), two at 10:00–11:00 and one at 11:00; one today.
  t.hub.store.insertAppointments([
    makeAppointment(KEP, new Date('2026-11-02T10:00:00+02:00'), { category: 1, interpreterNeeded: false }),
    makeAppointment(KEP, new Date('2026-11-02T10:20:00+02:00'), { category: 2, interpreterNeeded: false }),
    makeAppointment(KEP, new Date('2026-11-02T11:00:00+02:00'), { category: 2, interpreterNeeded: false }),
    makeAppointment(KEP, new Date(), { category: 4, interpreterNeeded: false }),
  ]);
  for (const [username, role] of [
    ['chief', 'supervisor'],
    ['maria', 'employee'],
    ['tech', 'it-admin'],
  ] as const)
    await addUser(t.hub.store, { kepId: KEP, username, displayName: username, role, password: PASSWORD });
  dir = makeTempDir('kep-stats-desk-');
  app = createApp({
    dataDir: dir.path,
    config: loadMachineConfig(dir.path, {}, { hubUrl: t.hub.url, workstationToken: t.tokens[KEP] as string }),
    version: 'test',
  });
});
afterAll(async () => {
  app.close();
  dir.remove();
  if (hubRunning) await t.stop();
});

const signIn = async (username: string): Promise<void> => {
  expect((await app.invoke('session.signIn', { username, password: PASSWORD })).ok).toBe(true);
};
const signOut = async (): Promise<void> => {
  expect((await app.invoke('session.signOut', undefined)).ok).toBe(true);
};

describe('a supervisor’s figures at the desk', () => {
  it('refuses employees and IT at the desk, and the hub refuses their sessions too', async () => {
    for (const username of ['maria', 'tech']) {
      await signIn(username);
      for (const [channel, input] of [
        ['stats.today', undefined],
        ['stats.period', NOVEMBER_2],
        ['stats.export', { query: NOVEMBER_2, format: 'csv', language: 'el' }],
      ] as const)
        expect(await app.invoke(channel, input), `${username} ${channel}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await signOut();
    }
    const client = new HubApiClient({ baseUrl: t.hub.url, token: t.tokens[KEP] as string });
    for (const role of ['employee', 'it-admin'] as const) {
      const token = await accessTokenFor(t.hub.store, t.tokens[KEP] as string, role);
      await expect(client.stats(NOVEMBER_2, token)).rejects.toMatchObject({ code: 'forbidden' });
    }
  });

  it('says the hub refused the session (not the workstation) when the session is no longer good', async () => {
    const cacheDir = makeTempDir('kep-stats-cache-');
    const db = openAppDatabase(cacheDir.path);
    try {
      const client = new HubApiClient({ baseUrl: t.hub.url, token: t.tokens[KEP] as string });
      const periods = new StatsPeriods({ client: () => client, accessToken: () => 'an-expired-session', cache: new StatsCache(db), now: () => new Date() });
      await expect(periods.get(NOVEMBER_2)).rejects.toMatchObject({ code: 'unauthorized', reason: 'stats.session_refused' });
    } finally {
      db.close();
      cacheDir.remove();
    }
  });

  it('shows today from the desk’s cache once the day is synced', async () => {
    await signIn('chief');
    expect(await app.invoke('sync.now', undefined)).toMatchObject({ ok: true, value: { state: 'idle' } });
    const today = await app.invoke('stats.today', undefined);
    expect(today).toMatchObject({ ok: true, value: { booked: 1, served: 0, inCallNow: 0, waitingNow: 0, longestWaitSince: null } });
  });

  it('gets a period from the hub, exports it, and answers it from the cache when the hub is gone', async () => {
    const csv = await app.invoke('stats.export', { query: NOVEMBER_2, format: 'csv', language: 'el' });
    expect(csv).toMatchObject({ ok: true, value: { fileName: 'kep-stats-2026-11-02.csv', mimeType: 'text/csv;charset=utf-8' } });
    const text = Buffer.from((csv as { value: { dataBase64: string } }).value.dataBase64, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFFΑνά ομάδα\r\nΏρα,Κρατήσεις,')).toBe(true);
    expect(text).toContain('\r\n10:00,2,');
    expect(text).toContain('\r\nΣύνολο,3,');

    const fresh = await app.invoke('stats.period', NOVEMBER_2);
    expect(fresh).toMatchObject({ ok: true, value: { cached: false, stats: { kepId: KEP, totals: { bookings: 3 } } } });
    const { fetchedAt, stats } = (fresh as { value: { fetchedAt: string; stats: { groups: Array<{ key: string; figures: { bookings: number } }> } } }).value;
    expect(stats.groups.map((g) => [g.key, g.figures.bookings])).toEqual([
      ['10', 2],
      ['11', 1],
    ]);

    await t.stop();
    hubRunning = false;
    const cached = await app.invoke('stats.period', NOVEMBER_2);
    expect(cached).toMatchObject({ ok: true, value: { cached: true, fetchedAt, stats: { totals: { bookings: 3 } } } });
    // The export works from the cached answer too.
    expect(await app.invoke('stats.export', { query: NOVEMBER_2, format: 'pdf', language: 'el' })).toMatchObject({
      ok: true,
      value: { fileName: 'kep-stats-2026-11-02.pdf' },
    });
    // A question never asked before needs the hub.
    expect(await app.invoke('stats.period', { ...NOVEMBER_2, groupBy: 'day' })).toMatchObject({
      ok: false,
      error: { code: 'hub_unreachable', reason: 'stats.no_cache' },
    });
  });
});
