import { AuditLog } from '../../src-main/audit/audit-log';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../hub/src/server';
import { APP_DATABASE_FILE } from '../../src-main/db/app-database';
import { type CrashScene, startCrashScene } from '../support/desk-process';

const ROUNDS = 3;
let scene: CrashScene;
let hub: RunningHub;
let appointmentId: string;

beforeAll(async () => {
  scene = await startCrashScene();
  ({ hub, appointmentId } = scene);
});
afterAll(() => scene.close());

describe('an app killed mid-burst', () => {
  it('loses no acknowledged edit, keeps a sound database, and delivers each edit once', async () => {
    const acknowledged: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const desk = await scene.startDesk();
      if (round === 0) expect((await desk.call('session.signIn', { username: 'maria', password: scene.password })).ok).toBe(true);
      await expect.poll(async () => (await desk.call('day.get', { date: new Date().toISOString().slice(0, 10) })).ok, { timeout: 10_000 }).toBe(true);
      // A burst of edits, and SIGKILL at a random moment inside it.
      const killAt = Date.now() + 300 + Math.floor(Math.random() * 600);
      let n = 0;
      while (Date.now() < killAt) {
        const notes = `round ${round} edit ${n++}`;
        const result = await desk.call('appointment.change', { change: { kind: 'work.notes', appointmentId, notes } });
        if (result.ok) acknowledged.push(notes);
      }
      void desk.call('appointment.change', { change: { kind: 'work.notes', appointmentId, notes: 'in flight when killed' } });
      await desk.process.stop('SIGKILL');

      const db = new Database(join(scene.appDir, APP_DATABASE_FILE), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(new AuditLog(db).verify()).toMatchObject({ intact: true });
        const stored = new Set(
          (db.prepare('SELECT change FROM outbox').all() as Array<{ change: string }>).map((r) => (JSON.parse(r.change) as { notes: string }).notes),
        );
        expect(acknowledged.filter((a) => !stored.has(a))).toEqual([]);
      } finally {
        db.close();
      }
    }
    expect(acknowledged.length).toBeGreaterThan(ROUNDS); // the test is not vacuous

    // A last start delivers everything that was queued, each exactly once.
    const desk = await scene.startDesk();
    const queued = (() => {
      const db = new Database(join(scene.appDir, APP_DATABASE_FILE), { readonly: true });
      // Work changes only: the audit entries travel in the same queue to their own endpoint.
      const n = (db.prepare("SELECT count(*) AS n FROM outbox WHERE json_extract(change, '$.kind') != 'audit.entry'").get() as { n: number }).n;
      db.close();
      return n;
    })();
    await expect.poll(() => (hub.store.db.prepare('SELECT count(*) AS n FROM applied_changes').get() as { n: number }).n, { timeout: 20_000 }).toBe(queued);
    const notesAtHub = hub.store.getWork([appointmentId])[0]?.notes;
    expect(notesAtHub === 'in flight when killed' || notesAtHub === acknowledged.at(-1)).toBe(true);
    // The audit trail survived every kill, and its copy at the hub continues it.
    await expect
      .poll(() => (hub.store.db.prepare('SELECT count(*) AS n FROM audit_entries').get() as { n: number }).n, { timeout: 20_000 })
      .toBeGreaterThan(ROUNDS);
    await desk.process.stop();
  }, 90_000);
});
