import { createServer } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { APP_DATABASE_FILE } from '../../src-main/db/app-database';
import { addUser } from '../../hub/src/auth/users';
import type { SyncStatus } from '../../src-shared/contract/ipc';
import type { Result } from '../../src-shared/errors';
import { startTestHub, type TestHub } from '../support/hub';
import { makeTempDir } from '../support/temp-dir';

const TODAY = '2026-11-30';
const NEXT = '2026-12-01';
const NOW = new Date('2026-11-30T06:30:00Z');
const [ATHENS, THESSALONIKI] = DEMO_KEPS.map((k) => k.id) as [string, string];

let hub: TestHub;
let dataDir: ReturnType<typeof makeTempDir>;
const apps: KepApp[] = [];

const PASSWORD = 'a long enough password';

beforeEach(async () => {
  hub = await startTestHub([TODAY, NEXT]);
  for (const kep of [ATHENS, THESSALONIKI]) {
    await addUser(hub.hub.store, { kepId: kep, username: `staff-${kep}`, displayName: 'Υπάλληλος', role: 'employee', password: PASSWORD });
  }
  dataDir = makeTempDir();
});
afterEach(async () => {
  for (const app of apps.splice(0)) app.close();
  await hub.stop();
  dataDir.remove();
});

function openApp(hubUrl: string, token: string, dir: string = dataDir.path): KepApp {
  const config = loadMachineConfig(dir, {}, { hubUrl, workstationToken: token });
  const app = createApp({ dataDir: dir, config, version: 'test', now: () => NOW });
  apps.push(app);
  return app;
}

/** An app whose employee has signed in (the day is theirs to see only then). */
async function signedIn(kep: string): Promise<KepApp> {
  const app = openApp(hub.hub.url, hub.tokens[kep] as string);
  value(await app.invoke('session.signIn', { username: `staff-${kep}`, password: PASSWORD }));
  return app;
}

/** Runs a sync through the app's own schedule (no one can sign in against these hubs). */
async function syncAsIt(app: KepApp): Promise<SyncStatus> {
  const done = new Promise<SyncStatus>((resolve) =>
    app.events.subscribe((event, payload) => {
      if (event === 'sync.changed' && (payload as SyncStatus).state !== 'syncing') resolve(payload as SyncStatus);
    }),
  );
  app.start();
  return done;
}

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

describe('day sync', () => {
  it('stores exactly what the hub serves for today and the next working day', async () => {
    const app = await signedIn(ATHENS);
    const status = value<SyncStatus>(await app.invoke('sync.now', undefined));
    expect(status.state).toBe('idle');
    expect(status.lastSuccessAt).toBe(NOW.toISOString());
    for (const date of [TODAY, NEXT]) {
      const day = value<{ appointments: unknown[] }>(await app.invoke('day.get', { date }));
      expect(day.appointments).toEqual(hub.hub.store.listAppointments(ATHENS, date));
    }
    const info = value<{ kep: { id: string } }>(await app.invoke('app.info', undefined));
    expect(info.kep.id).toBe(ATHENS);
  });

  it('follows the hub when a booking disappears, and emits events for the renderer', async () => {
    const app = await signedIn(ATHENS);
    const seen: string[] = [];
    app.events.subscribe((event) => seen.push(event));
    await app.invoke('sync.now', undefined);
    const [first] = hub.hub.store.listAppointments(ATHENS, TODAY);
    hub.hub.store.db.prepare('DELETE FROM appointments WHERE id = ?').run(first?.id);
    await app.invoke('sync.now', undefined);
    const day = value<{ appointments: Array<{ id: string }> }>(await app.invoke('day.get', { date: TODAY }));
    expect(day.appointments.map((a) => a.id)).not.toContain(first?.id);
    expect(seen).toContain('sync.changed');
    expect(seen).toContain('day.changed');
  });

  it('serves the cached day when the hub is gone, and says when it last synced', async () => {
    const app = await signedIn(ATHENS);
    await app.invoke('sync.now', undefined);
    const cached = value<{ appointments: unknown[] }>(await app.invoke('day.get', { date: TODAY })).appointments;
    expect(cached.length).toBeGreaterThan(0);
    const url = hub.hub.url;
    await hub.hub.close();
    app.close();
    apps.pop();

    // The employee's session survives the restart and goes on offline.
    const restarted = openApp(url, hub.tokens[ATHENS] as string);
    restarted.start();
    await expect.poll(async () => value<{ mode: string } | null>(await restarted.invoke('session.get', undefined))?.mode).toBe('offline');
    const status = value<SyncStatus>(await restarted.invoke('sync.now', undefined));
    expect(status.state).toBe('offline');
    expect(status.lastError?.code).toBe('hub_unreachable');
    expect(status.lastSuccessAt).toBe(NOW.toISOString());
    expect(value<{ appointments: unknown[] }>(await restarted.invoke('day.get', { date: TODAY })).appointments).toEqual(cached);
  });

  it('never shows another KEP its appointments', async () => {
    const app = await signedIn(THESSALONIKI);
    await app.invoke('sync.now', undefined);
    const day = value<{ appointments: Array<{ kepId: string }> }>(await app.invoke('day.get', { date: TODAY }));
    expect(day.appointments.length).toBeGreaterThan(0);
    expect(day.appointments.every((a) => a.kepId === THESSALONIKI)).toBe(true);
  });

  it('reports a refused credential as an error, not as offline', async () => {
    const app = openApp(hub.hub.url, 'revoked-or-wrong-token-000000');
    const status = await syncAsIt(app);
    expect(status.state).toBe('error');
    expect(status.lastError?.code).toBe('unauthorized');
  });

  it("stores nothing when a hub answers with another KEP's bookings", async () => {
    // A misbehaving hub: it claims the caller is Athens but serves Thessaloniki's day.
    const foreign = hub.hub.store.listAppointments(THESSALONIKI, TODAY);
    const liar = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/api/v1/workstation')) {
        res.end(JSON.stringify({ kep: { id: ATHENS, name: 'ΚΕΠ' }, workstationId: 'w' }));
      } else if (req.url?.startsWith('/api/v1/staff')) {
        res.end(JSON.stringify({ staff: [] }));
      } else {
        res.end(JSON.stringify({ kepId: ATHENS, date: TODAY, serverTime: NOW.toISOString(), appointments: foreign }));
      }
    });
    await new Promise<void>((r) => liar.listen(0, '127.0.0.1', () => r()));
    try {
      const app = openApp(`http://127.0.0.1:${(liar.address() as AddressInfo).port}`, 'any-token-0123456789');
      const status = (await app.invoke('sync.status', undefined)) && (await syncAsIt(app));
      expect(status.state).toBe('error');
      expect(status.lastError?.message).toMatch(/another KEP/);
      const db = new Database(join(dataDir.path, APP_DATABASE_FILE), { readonly: true });
      expect(db.prepare('SELECT count(*) AS n FROM appointments').get()).toEqual({ n: 0 });
      db.close();
    } finally {
      liar.closeAllConnections();
      await new Promise((r) => liar.close(r));
    }
  });

  it('says plainly when no hub is configured', async () => {
    const app = createApp({ dataDir: dataDir.path, config: loadMachineConfig(dataDir.path, {}), version: 'test' });
    apps.push(app);
    expect(await app.invoke('sync.now', undefined)).toEqual({ ok: false, error: { code: 'unauthorized', message: 'Sign in first.' } });
    expect(await app.invoke('session.signIn', { username: 'x', password: 'y' })).toEqual({
      ok: false,
      error: { code: 'not_configured', message: expect.stringMatching(/No hub is configured/) },
    });
    expect(value<SyncStatus>(await app.invoke('sync.status', undefined)).lastError?.code).toBe('not_configured');
  });
  it('waits for the page’s first day before the start’s sync, and starts without a page after the grace', async () => {
    const syncs = (app: KepApp): { states: string[]; settled: Promise<void> } => {
      const states: string[] = [];
      const settled = new Promise<void>((resolve) =>
        app.events.subscribe((event, payload) => {
          if (event !== 'sync.changed') return;
          states.push((payload as SyncStatus).state);
          if ((payload as SyncStatus).state !== 'syncing') resolve();
        }),
      );
      return { states, settled };
    };

    const app = openApp(hub.hub.url, hub.tokens[ATHENS] as string);
    const first = syncs(app);
    app.start({ afterFirstDay: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(first.states).toEqual([]);
    // The page's first day.get, answered (here: no one is signed in yet), lets the start go on,
    // once that answer is on its way: the start's work would otherwise hold it back.
    await app.invoke('day.get', { date: TODAY });
    expect(first.states).toEqual([]);
    await first.settled;
    expect(first.states).toEqual(['syncing', 'idle']);
    apps.pop()?.close();

    // Another desk's first start, whose page never asks.
    const otherDir = makeTempDir();
    onTestFinished(() => otherDir.remove());
    const alone = openApp(hub.hub.url, hub.tokens[ATHENS] as string, otherDir.path);
    const second = syncs(alone);
    const started = performance.now();
    alone.start({ afterFirstDay: 300 });
    await second.settled;
    expect(second.states).toEqual(['syncing', 'idle']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
  });
});
