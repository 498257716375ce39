import { AuditLog } from '../../src-main/audit/audit-log';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addUser } from '../../hub/src/auth/users';
import { type RunningHub, startHub } from '../../hub/src/server';
import { APP_DATABASE_FILE } from '../../src-main/db/app-database';
import { bookAppointment } from '../support/booking';
import { startProcess, type StartedProcess } from '../support/processes';
import { makeTempDir } from '../support/temp-dir';

const KEP = 'kep-athina-kentro';
const PASSWORD = 'a long enough password';
const ROUNDS = 3;
let hubDir: ReturnType<typeof makeTempDir>;
let appDir: ReturnType<typeof makeTempDir>;
let rendererDir: ReturnType<typeof makeTempDir>;
let hub: RunningHub;
let token: string;
let appointmentId: string;

beforeAll(async () => {
  hubDir = makeTempDir('kep-hub-');
  appDir = makeTempDir('kep-crash-');
  // The bridge is all this test uses; the shell still wants a page to serve.
  rendererDir = makeTempDir('kep-renderer-');
  writeFileSync(join(rendererDir.path, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  hub = await startHub({ dataDir: hubDir.path, port: 0 });
  hub.store.upsertKep({ id: KEP, name: 'ΚΕΠ' });
  token = hub.store.addWorkstation(KEP, 'desk').token;
  await addUser(hub.store, { kepId: KEP, username: 'maria', displayName: 'Μαρία', role: 'employee', password: PASSWORD });
  appointmentId = bookAppointment(hub.store, KEP, 30).id;
});
afterAll(async () => {
  await hub.close();
  hubDir.remove();
  appDir.remove();
  rendererDir.remove();
});

/** The app's main services in their own process (the browser shell), driven over its bridge. */
async function startDesk(): Promise<{ process: StartedProcess; call(channel: string, input?: unknown): Promise<{ ok: boolean }> }> {
  const process = await startProcess('src-main/shell/cli.ts', [`--data-dir=${appDir.path}`, `--hub-url=${hub.url}`, `--renderer-dir=${rendererDir.path}`], { KEP_HUB_TOKEN: token });
  const url = String(process.ready.url);
  const cookie = ((await fetch(url, { redirect: 'manual' })).headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const origin = new URL(url).origin;
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/__kep/bridge`, { headers: { cookie, origin } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.on('error', () => undefined); // the process will be killed under it
  let id = 0;
  const waiting = new Map<number, (r: { ok: boolean }) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: { ok: boolean } };
    if (message.id && message.result) waiting.get(message.id)?.(message.result);
  });
  return {
    process,
    call: (channel, input) =>
      new Promise((resolve) => {
        id += 1;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, channel, input }));
      }),
  };
}

describe('an app killed mid-burst', () => {
  it('loses no acknowledged edit, keeps a sound database, and delivers each edit once', async () => {
    const acknowledged: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const desk = await startDesk();
      if (round === 0) expect((await desk.call('session.signIn', { username: 'maria', password: PASSWORD })).ok).toBe(true);
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

      const db = new Database(join(appDir.path, APP_DATABASE_FILE), { readonly: true });
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
    const desk = await startDesk();
    const queued = (() => {
      const db = new Database(join(appDir.path, APP_DATABASE_FILE), { readonly: true });
      // Work changes only: the audit entries travel in the same queue to their own endpoint.
      const n = (db.prepare("SELECT count(*) AS n FROM outbox WHERE json_extract(change, '$.kind') != 'audit.entry'").get() as { n: number }).n;
      db.close();
      return n;
    })();
    await expect
      .poll(() => (hub.store.db.prepare('SELECT count(*) AS n FROM applied_changes').get() as { n: number }).n, { timeout: 20_000 })
      .toBe(queued);
    const notesAtHub = hub.store.getWork([appointmentId])[0]?.notes;
    expect(notesAtHub === 'in flight when killed' || notesAtHub === acknowledged.at(-1)).toBe(true);
    // The audit trail survived every kill, and its copy at the hub continues it.
    await expect.poll(() => (hub.store.db.prepare('SELECT count(*) AS n FROM audit_entries').get() as { n: number }).n, { timeout: 20_000 }).toBeGreaterThan(ROUNDS);
    await desk.process.stop();
  }, 90_000);
});
