import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueJoinToken, verifyJoinToken } from '../../hub/src/auth/join-links';
import { addUser } from '../../hub/src/auth/users';
import { type RunningHub, startHub } from '../../hub/src/server';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { unauditedChanges } from '../../src-main/audit/audit-coverage';
import { APP_DATABASE_FILE } from '../../src-main/db/app-database';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import type { Day, OutboxStatus } from '../../src-shared/contract/ipc';
import { formatAthensDate } from '../../src-shared/domain/athens-time';
import type { Result } from '../../src-shared/errors';
import type { WorkChange } from '../../src-shared/protocol/changes';
import { postChange, signInActor } from '../support/actor';
import { bookAppointment, bookToday } from '../support/booking';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!.id;
const PASSWORD = 'a long enough password';
let hubDir: ReturnType<typeof makeTempDir>;
let hub: RunningHub;
let token: string;
const dirs: Array<ReturnType<typeof makeTempDir>> = [];
const apps: KepApp[] = [];
let staffIds: Record<string, string>;

beforeEach(async () => {
  hubDir = makeTempDir('kep-hub-');
  hub = await startHub({ dataDir: hubDir.path, port: 0 });
  hub.store.upsertKep({ id: KEP, name: 'ΚΕΠ Δήμου Αθηναίων – Κέντρο' });
  token = hub.store.addWorkstation(KEP, 'desk').token;
  staffIds = {};
  for (const [username, role] of [
    ['maria', 'employee'],
    ['nikos', 'supervisor'],
    ['tech', 'it-admin'],
  ] as const) {
    staffIds[username] = (await addUser(hub.store, { kepId: KEP, username, displayName: username, role, password: PASSWORD })).id;
  }
});
afterEach(async () => {
  for (const app of apps.splice(0)) app.close();
  await hub.close();
  for (const d of dirs.splice(0)) d.remove();
  hubDir.remove();
});

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function desk(username: string, url = hub.url): Promise<KepApp> {
  const dir = makeTempDir();
  dirs.push(dir);
  const app = createApp({ dataDir: dir.path, config: loadMachineConfig(dir.path, {}, { hubUrl: url, workstationToken: token }), version: 'test' });
  apps.push(app);
  app.start();
  value(await app.invoke('session.signIn', { username, password: PASSWORD }));
  await expect.poll(async () => value<{ kep: unknown }>(await app.invoke('app.info', undefined)).kep).not.toBeNull();
  return app;
}

const today = (): string => formatAthensDate(new Date());
const dayOf = async (app: KepApp): Promise<Day> => value<Day>(await app.invoke('day.get', { date: today() }));
const change = (app: KepApp, c: WorkChange): Promise<Result<unknown>> => app.invoke('appointment.change', { change: c });
const applied = (): number => (hub.store.db.prepare('SELECT count(*) AS n FROM applied_changes').get() as { n: number }).n;

describe('live sync', () => {
  it('shows a booking made at the hub within two seconds', async () => {
    const app = await desk('maria');
    await expect.poll(async () => value<{ realtime: string }>(await app.invoke('session.get', undefined)).realtime).toBe('connected');
    const booked = bookToday(hub.store, KEP, 30);
    const started = Date.now();
    await expect.poll(async () => (await dayOf(app)).appointments.map((a) => a.id), { timeout: 2000, interval: 50 }).toContain(booked.id);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("carries one desk's cancellation and assignment to the other desks", async () => {
    const apt = bookToday(hub.store, KEP, 30);
    const employee = await desk('maria');
    const supervisor = await desk('nikos');
    await expect.poll(async () => value<{ realtime: string }>(await employee.invoke('session.get', undefined)).realtime).toBe('connected');
    value(await change(supervisor, { kind: 'work.assign', appointmentId: apt.id, userId: staffIds.maria as string }));
    await expect.poll(async () => (await dayOf(employee)).work.find((w) => w.appointmentId === apt.id)?.assignedTo, { timeout: 3000 }).toBe(staffIds.maria);
    value(await change(supervisor, { kind: 'booking.cancel', appointmentId: apt.id, reason: 'Ο πολίτης ζήτησε ακύρωση' }));
    await expect.poll(async () => (await dayOf(employee)).appointments.find((a) => a.id === apt.id)?.status, { timeout: 3000 }).toBe('cancelled');
    expect((await dayOf(employee)).appointments.find((a) => a.id === apt.id)?.statusReason).toBe('Ο πολίτης ζήτησε ακύρωση');
  });
});

describe('the outbox', () => {
  it('keeps edits made while the hub is away and delivers each exactly once when it returns', async () => {
    const apt = bookToday(hub.store, KEP, 30);
    const app = await desk('maria');
    const port = Number(new URL(hub.url).port);
    await hub.close();

    for (const notes of ['Φέρνει ταυτότητα', 'Φέρνει ταυτότητα και ΑΦΜ', 'Φέρνει ταυτότητα, ΑΦΜ και εξουσιοδότηση']) {
      value(await change(app, { kind: 'work.notes', appointmentId: apt.id, notes }));
    }
    value(await change(app, { kind: 'work.prepare', appointmentId: apt.id, prepared: true }));
    // Local first: the edits show at once, and wait in the outbox.
    expect((await dayOf(app)).work.find((w) => w.appointmentId === apt.id)?.notes).toBe('Φέρνει ταυτότητα, ΑΦΜ και εξουσιοδότηση');
    await expect.poll(async () => value<OutboxStatus>(await app.invoke('outbox.status', undefined)).pending).toBe(4);

    hub = await startHub({ dataDir: hubDir.path, port });
    await expect.poll(async () => value<OutboxStatus>(await app.invoke('outbox.status', undefined)).pending, { timeout: 15_000 }).toBe(0);
    expect(applied()).toBe(4);
    const [work] = hub.store.getWork([apt.id]);
    expect(work?.notes).toBe('Φέρνει ταυτότητα, ΑΦΜ και εξουσιοδότηση');
    expect(work?.preparedAt).not.toBeNull();

    // A delivery repeated (a lost answer, a crash after sending) is recognised, not applied again.
    const keys = hub.store.db.prepare('SELECT idempotency_key FROM applied_changes').all() as Array<{ idempotency_key: string }>;
    const maria = await signInActor(hub.url, token, 'maria', PASSWORD);
    const replay = maria.change({ kind: 'work.notes', appointmentId: apt.id, notes: 'replayed' }, { idempotencyKey: keys[0]?.idempotency_key });
    expect((await postChange(hub.url, token, replay)).body).toEqual({ applied: true, duplicate: true, reason: null });
    expect(applied()).toBe(4);
    expect(hub.store.getWork([apt.id])[0]?.notes).toBe('Φέρνει ταυτότητα, ΑΦΜ και εξουσιοδότηση');
  }, 30_000);

  it('never queues a change whose audit entry cannot be written', async () => {
    const apt = bookToday(hub.store, KEP, 30);
    const app = await desk('maria');
    await expect.poll(async () => (await dayOf(app)).appointments.map((a) => a.id)).toContain(apt.id);
    const file = join(dirs.at(-1)!.path, APP_DATABASE_FILE);
    const outside = new Database(file);
    const queued = (): number =>
      (outside.prepare("SELECT count(*) AS n FROM outbox WHERE json_extract(change, '$.kind') = 'work.notes'").get() as { n: number }).n;
    // The trail cannot take an entry (a full disk, a damaged file): the change must not go either.
    outside.exec("CREATE TRIGGER audit_refused BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    expect(await change(app, { kind: 'work.notes', appointmentId: apt.id, notes: 'without a trace' })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(queued()).toBe(0);
    expect((await dayOf(app)).work.find((w) => w.appointmentId === apt.id)?.notes ?? '').toBe('');
    outside.exec('DROP TRIGGER audit_refused');
    value(await change(app, { kind: 'work.notes', appointmentId: apt.id, notes: 'with its entry' }));
    expect(queued()).toBe(1);
    expect(unauditedChanges(outside)).toEqual([]);
    outside.close();
    await expect.poll(() => hub.store.getWork([apt.id])[0]?.notes, { timeout: 5000 }).toBe('with its entry');
  });

  it('lets only supervisors assign, cancel and reschedule', async () => {
    const apt = bookToday(hub.store, KEP, 30);
    const app = await desk('maria');
    expect(await change(app, { kind: 'work.assign', appointmentId: apt.id, userId: staffIds.maria as string })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await change(app, { kind: 'booking.cancel', appointmentId: apt.id, reason: 'test reason' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await change(app, { kind: 'work.notes', appointmentId: '00000000-0000-4000-8000-000000000000', notes: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('moves a rescheduled appointment, and its citizen link with it', async () => {
    const apt = bookToday(hub.store, KEP, 5);
    const link = issueJoinToken(hub.store, apt.id, 'citizen').token;
    expect(verifyJoinToken(hub.store, link)).toMatchObject({ ok: true }); // the slot is near: the link works now
    const supervisor = await desk('nikos');
    const startsAt = new Date(new Date(apt.startsAt).getTime() + 3 * 3600_000).toISOString();
    const endsAt = new Date(new Date(apt.endsAt).getTime() + 3 * 3600_000).toISOString();
    value(await change(supervisor, { kind: 'booking.reschedule', appointmentId: apt.id, startsAt, endsAt, reason: 'Ζήτησε απογευματινή ώρα' }));
    await expect.poll(() => hub.store.getAppointment(apt.id)?.startsAt, { timeout: 5000 }).toBe(startsAt);
    expect(verifyJoinToken(hub.store, link)).toEqual({ ok: false, reason: 'not_yet_valid' }); // the old slot no longer opens it
    expect(verifyJoinToken(hub.store, link, new Date(startsAt).getTime() - 60_000)).toMatchObject({ ok: true });
  });

  it('refuses impossible slots and changes dated in the future, and stays up', async () => {
    const apt = bookAppointment(hub.store, KEP, 5);
    const nikos = await signInActor(hub.url, token, 'nikos', PASSWORD);
    const post = async (change: WorkChange, madeAt = new Date().toISOString()): Promise<unknown> =>
      (await postChange(hub.url, token, nikos.change(change, { madeAt }))).body;
    // Half a second earlier, written with more digits: still before the start.
    const bad: WorkChange = {
      kind: 'booking.reschedule',
      appointmentId: apt.id,
      startsAt: '2026-12-01T10:00:00.500Z',
      endsAt: '2026-12-01T10:00:00Z',
      reason: 'δοκιμή',
    };
    expect(await post(bad)).toEqual({ applied: false, duplicate: false, reason: 'The new slot must end after it starts.' });
    const future = new Date(Date.now() + 3 * 3600_000).toISOString();
    expect(await post({ kind: 'work.noShow', appointmentId: apt.id }, future)).toMatchObject({ applied: false, reason: expect.stringMatching(/future/) });
    expect((await fetch(`${hub.url}/api/v1/changes?since=abc`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(400);
    expect((await fetch(`${hub.url}/health`)).status).toBe(200);
  });

  it('reports a change the hub refuses, and takes the hub’s state back', async () => {
    const apt = bookToday(hub.store, KEP, 30); // starts later today: too early for a no-show
    const app = await desk('maria');
    value(await change(app, { kind: 'work.noShow', appointmentId: apt.id }));
    await expect
      .poll(async () => value<OutboxStatus>(await app.invoke('outbox.status', undefined)).refused[0]?.reason, { timeout: 5000 })
      .toMatch(/10 minutes after the slot starts/);
    await expect.poll(async () => (await dayOf(app)).appointments.find((a) => a.id === apt.id)?.status, { timeout: 5000 }).toBe('booked');

    // IT keeps the desk running: it sees that a change was refused, never what it said.
    value(await app.invoke('session.signOut', undefined));
    value(await app.invoke('session.signIn', { username: 'tech', password: PASSWORD }));
    expect(value<OutboxStatus>(await app.invoke('outbox.status', undefined))).toMatchObject({ refused: [], refusedCount: 1 });
  });
});
