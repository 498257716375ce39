import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../hub/src/server';
import { unauditedChanges } from '../../src-main/audit/audit-coverage';
import { AuditLog } from '../../src-main/audit/audit-log';
import { APP_DATABASE_FILE } from '../../src-main/db/app-database';
import { type CuttingProxy, startCuttingProxy } from '../support/cutting-proxy';
import { type CrashScene, type DeskProcess, startCrashScene } from '../support/desk-process';

const CYCLES = 3;
let scene: CrashScene;
let hub: RunningHub;
let proxy: CuttingProxy;
let appointmentId: string;

beforeAll(async () => {
  scene = await startCrashScene();
  ({ hub, appointmentId } = scene);
  proxy = await startCuttingProxy(hub.url);
});
afterAll(async () => {
  await proxy.close();
  await scene.close();
});

// Through the proxy, so a test can cut the desk off in the middle of a request.
const startDesk = (): Promise<DeskProcess> => scene.startDesk(proxy.url);
const hubCount = (sql: string): number => (hub.store.db.prepare(sql).get() as { n: number }).n;

/** What the desk's database says after a kill: sound, its trail whole, and every change in it. */
function checkDeskDatabase(acknowledged: readonly string[]): void {
  const db = new Database(join(scene.appDir, APP_DATABASE_FILE), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(new AuditLog(db).verify()).toMatchObject({ intact: true });
    expect(unauditedChanges(db)).toEqual([]);
    const stored = new Set(
      (db.prepare('SELECT change FROM outbox').all() as Array<{ change: string }>).map((r) => (JSON.parse(r.change) as { notes?: string }).notes),
    );
    expect(acknowledged.filter((a) => !stored.has(a))).toEqual([]);
  } finally {
    db.close();
  }
}

describe('a desk killed during token refresh and during edits', () => {
  it('keeps the employee signed in, ends no session at the hub, and loses no change or audit entry', async () => {
    const acknowledged: string[] = [];
    const first = await startDesk();
    expect((await first.call('session.signIn', { username: 'maria', password: scene.password })).ok).toBe(true);
    await first.process.stop('SIGKILL');

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      // At start the desk renews its session. The hub rotates the token and answers; the desk is
      // killed before the answer reaches it, so it never stored the new token.
      let starting: Promise<DeskProcess> | null = null;
      const cut = proxy.cutNext('/api/v1/auth/refresh', async () => (await (starting as Promise<DeskProcess>)).process.stop('SIGKILL'));
      starting = startDesk();
      await cut;
      const rotated = hubCount('SELECT count(*) AS n FROM refresh_tokens WHERE replaced_at IS NOT NULL');
      expect(rotated).toBeGreaterThan(cycle);

      // Started again, it asks again for the same successor and is taken back, not taken for a thief.
      const desk = await startDesk();
      await expect.poll(async () => ((await desk.call('session.get')).value as { mode?: string } | null)?.mode, { timeout: 10_000 }).toBe('online');
      const killAt = Date.now() + 200 + Math.floor(Math.random() * 400);
      let n = 0;
      while (Date.now() < killAt) {
        const notes = `cycle ${cycle} edit ${n++}`;
        if ((await desk.call('appointment.change', { change: { kind: 'work.notes', appointmentId, notes } })).ok) acknowledged.push(notes);
      }
      void desk.call('appointment.change', { change: { kind: 'work.notes', appointmentId, notes: 'in flight when killed' } });
      await desk.process.stop('SIGKILL');
      checkDeskDatabase(acknowledged);
    }
    expect(acknowledged.length).toBeGreaterThan(CYCLES); // the test is not vacuous

    // A last start: still signed in, every change delivered once, and nothing ended at the hub.
    const desk = await startDesk();
    await expect.poll(async () => ((await desk.call('session.get')).value as { mode?: string } | null)?.mode, { timeout: 10_000 }).toBe('online');
    const queued = (() => {
      const db = new Database(join(scene.appDir, APP_DATABASE_FILE), { readonly: true });
      const count = (db.prepare("SELECT count(*) AS n FROM outbox WHERE json_extract(change, '$.kind') = 'work.notes'").get() as { n: number }).n;
      db.close();
      return count;
    })();
    await expect.poll(() => hubCount('SELECT count(*) AS n FROM applied_changes WHERE applied = 1'), { timeout: 20_000 }).toBe(queued);
    expect(hubCount('SELECT count(*) AS n FROM refresh_tokens WHERE revoked_at IS NOT NULL AND replaced_at IS NULL')).toBe(0);
    expect(hubCount('SELECT count(*) AS n FROM actor_keys WHERE ended_at IS NOT NULL')).toBe(0);
    await desk.process.stop();
    checkDeskDatabase(acknowledged);
  }, 120_000);
});
