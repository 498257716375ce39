import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { addUser } from '../../hub/src/auth/users';
import { type RunningHub, startHub } from '../../hub/src/server';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { APP_DATABASE_FILE } from '../../src-main/db/app-database';
import type { Day, OutboxStatus } from '../../src-shared/contract/ipc';
import { athensToUtc, formatAthensDate } from '../../src-shared/domain/athens-time';
import type { Result } from '../../src-shared/errors';
import type { WorkChange } from '../../src-shared/protocol/changes';
import { postChange, signInActor } from '../support/actor';
import { bookAppointment, bookToday } from '../support/booking';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!.id;
const PASSWORD = 'a long enough password';
// A no-show is recorded 10 minutes after its slot starts and undone the same Athens day: from
// 00:00 to 00:10 no booking of today can have one. The hub and the desks run in this process,
// so its clock (Date only; timers stay real) is set to today's midday in Athens and runs on.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: athensToUtc(formatAthensDate(new Date()), '12:00'), shouldAdvanceTime: true, advanceTimeDelta: 1 });
});
afterAll(() => vi.useRealTimers());

let hubDir: ReturnType<typeof makeTempDir>;
let hub: RunningHub;
let token: string;
let workstationId: string;
const dirs: Array<ReturnType<typeof makeTempDir>> = [];
const apps: KepApp[] = [];

beforeEach(async () => {
  hubDir = makeTempDir('kep-hub-');
  hub = await startHub({ dataDir: hubDir.path, port: 0 });
  hub.store.upsertKep({ id: KEP, name: 'ΚΕΠ Δήμου Αθηναίων – Κέντρο' });
  const added = hub.store.addWorkstation(KEP, 'desk');
  token = added.token;
  workstationId = added.workstation.id;
  for (const [username, role] of [
    ['maria', 'employee'],
    ['petros', 'employee'],
    ['nikos', 'supervisor'],
  ] as const) {
    await addUser(hub.store, { kepId: KEP, username, displayName: username, role, password: PASSWORD });
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

async function desk(username: string): Promise<{ app: KepApp; dir: string }> {
  const dir = makeTempDir();
  dirs.push(dir);
  const app = createApp({ dataDir: dir.path, config: loadMachineConfig(dir.path, {}, { hubUrl: hub.url, workstationToken: token }), version: 'test' });
  apps.push(app);
  app.start();
  value(await app.invoke('session.signIn', { username, password: PASSWORD }));
  await expect.poll(async () => value<{ kep: unknown }>(await app.invoke('app.info', undefined)).kep).not.toBeNull();
  return { app, dir: dir.path };
}

const change = (app: KepApp, c: WorkChange): Promise<Result<unknown>> => app.invoke('appointment.change', { change: c });
const statusOf = async (app: KepApp, id: string): Promise<string | undefined> =>
  value<Day>(await app.invoke('day.get', { date: formatAthensDate(new Date()) })).appointments.find((a) => a.id === id)?.status;
const pending = async (app: KepApp): Promise<number> => value<OutboxStatus>(await app.invoke('outbox.status', undefined)).pending;

describe('undoing a no-show', () => {
  it('puts the booking back at the desk and the hub, with its audit entry written with the change', async () => {
    const apt = bookToday(hub.store, KEP, -15);
    const { app, dir } = await desk('maria');
    value(await change(app, { kind: 'work.noShow', appointmentId: apt.id }));
    await expect.poll(() => hub.store.getAppointment(apt.id)?.status, { timeout: 5000 }).toBe('no_show');

    const { idempotencyKey } = value<{ idempotencyKey: string }>(await change(app, { kind: 'work.noShowUndo', appointmentId: apt.id }));
    // Local first: the desk shows it booked at once.
    expect(await statusOf(app, apt.id)).toBe('booked');
    await expect.poll(() => pending(app), { timeout: 5000 }).toBe(0);
    expect(hub.store.getAppointment(apt.id)?.status).toBe('booked');
    expect(hub.store.getWork([apt.id])[0]?.noShowAt).toBeNull();

    const db = new Database(join(dir, APP_DATABASE_FILE), { readonly: true });
    const entry = db.prepare("SELECT actor_id, details FROM audit_log WHERE kind = 'work.noShowUndo'").get() as { actor_id: string; details: string };
    db.close();
    expect(JSON.parse(entry.details)).toMatchObject({ idempotencyKey });
    await expect
      .poll(() => (hub.store.db.prepare("SELECT count(*) AS n FROM audit_entries WHERE kind = 'work.noShowUndo'").get() as { n: number }).n, {
        timeout: 5000,
      })
      .toBe(1);
  });

  it('lets a supervisor undo a no-show an employee recorded, and refuses another employee', async () => {
    const apt = bookToday(hub.store, KEP, -15);
    const { app: maria } = await desk('maria');
    value(await change(maria, { kind: 'work.noShow', appointmentId: apt.id }));
    await expect.poll(() => hub.store.getAppointment(apt.id)?.status, { timeout: 5000 }).toBe('no_show');

    const petros = await signInActor(hub.url, token, 'petros', PASSWORD);
    expect((await postChange(hub.url, token, petros.change({ kind: 'work.noShowUndo', appointmentId: apt.id }))).body).toEqual({
      applied: false,
      duplicate: false,
      reason: 'Only the person who recorded the no-show or a supervisor may undo it.',
    });
    expect(hub.store.getAppointment(apt.id)?.status).toBe('no_show');

    const nikos = await signInActor(hub.url, token, 'nikos', PASSWORD);
    expect((await postChange(hub.url, token, nikos.change({ kind: 'work.noShowUndo', appointmentId: apt.id }))).body).toMatchObject({ applied: true });
    expect(hub.store.getAppointment(apt.id)?.status).toBe('booked');
  });

  it('refuses another employee at the desk that recorded it', async () => {
    const apt = bookToday(hub.store, KEP, -15);
    const { app } = await desk('maria');
    value(await change(app, { kind: 'work.noShow', appointmentId: apt.id }));
    value(await app.invoke('session.signOut', undefined));
    value(await app.invoke('session.signIn', { username: 'petros', password: PASSWORD }));
    expect(await change(app, { kind: 'work.noShowUndo', appointmentId: apt.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'no_show.undo_not_yours' },
    });
    expect(await statusOf(app, apt.id)).toBe('no_show');
  });

  it('refuses the undo after the day the no-show was recorded, and one with nothing to undo', async () => {
    const apt = bookAppointment(hub.store, KEP, -3 * 24 * 60);
    const maria = await signInActor(hub.url, token, 'maria', PASSWORD);
    // A session signs only changes dated within it: yesterday's no-show is written as the hub kept it.
    const yesterday = new Date(Date.now() - 30 * 3600_000).toISOString();
    hub.store.updateWork(apt, { noShowAt: yesterday });
    hub.store.setAppointmentStatus(apt.id, 'no_show');
    hub.store.appliedChanges.insert({
      idempotencyKey: randomUUID(),
      workstationId,
      actorId: maria.session.user.id,
      kind: 'work.noShow',
      appointmentId: apt.id,
      madeAt: yesterday,
      appliedAt: yesterday,
      applied: true,
    });
    expect((await postChange(hub.url, token, maria.change({ kind: 'work.noShowUndo', appointmentId: apt.id }))).body).toMatchObject({
      applied: false,
      reason: 'A no-show can be undone only on the day it was recorded.',
    });
    expect(hub.store.getAppointment(apt.id)?.status).toBe('no_show');

    const booked = bookAppointment(hub.store, KEP, -15);
    expect((await postChange(hub.url, token, maria.change({ kind: 'work.noShowUndo', appointmentId: booked.id }))).body).toMatchObject({
      applied: false,
      reason: 'The appointment is booked.',
    });
  });
});
