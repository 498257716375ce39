import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../hub/src/auth/users';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { openAppDatabase } from '../../src-main/db/app-database';
import { CatalogueCache } from '../../src-main/booking/catalogue-cache';
import type { CachedCatalogue, DeskBooked, Day } from '../../src-shared/contract/ipc';
import { formatAthensDate } from '../../src-shared/domain/athens-time';
import { serviceName } from '../../src-shared/domain/services';
import type { DeskBookingRequest, SlotsResponse } from '../../src-shared/protocol/booking';
import type { Result } from '../../src-shared/errors';
import { startTestHub, type TestHub } from '../support/hub';
import { makeTempDir } from '../support/temp-dir';

/**
 * The desk books for a citizen who phones, against a real hub: the catalogue fetched and kept,
 * free times and the booking asked live with the employee's own session, the booking arriving
 * in the day through the change feed with who made it, refusals by reason, IT refused, and a
 * hub that is gone answered with booking.offline while the catalogue still names services.
 */
const KEP = DEMO_KEPS[0]!.id;
const PASSWORD = 'a long enough password';

let t: TestHub;
let hubRunning = true;
let dir: ReturnType<typeof makeTempDir>;
let app: KepApp;

beforeAll(async () => {
  t = await startTestHub([]);
  for (const [username, displayName, role] of [
    ['nikos', 'Νίκος Παπαδόπουλος', 'employee'],
    ['chief', 'Ελένη Σταύρου', 'supervisor'],
    ['tech', 'Τεχνικός', 'it-admin'],
  ] as const)
    await addUser(t.hub.store, { kepId: KEP, username, displayName, role, password: PASSWORD });
  dir = makeTempDir('kep-desk-booking-');
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
async function value<T>(result: Promise<Result<unknown>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.reason ?? ''}: ${r.error.message}`);
  return r.value as T;
}
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

let slots: SlotsResponse;
const booking = (startsAt: string, overrides: Partial<DeskBookingRequest> = {}): DeskBookingRequest => ({
  citizen: { firstName: 'Γιώργος', lastName: 'Αντωνίου', afm: '123456783' },
  email: 'giorgos@example.com',
  phone: '210 1234567',
  category: 1,
  serviceCode: 'C1-E9',
  description: 'Χρειάζεται το Ε9 για δήλωση.',
  interpreterNeeded: false,
  startsAt,
  deliveryMethod: 'email',
  postalAddress: null,
  ...overrides,
});

describe('booking by phone at the desk', () => {
  it('fetches the hub’s catalogue at the first sync and keeps it', async () => {
    await signIn('nikos');
    expect(await app.invoke('sync.now', undefined)).toMatchObject({ ok: true, value: { state: 'idle' } });
    const cached = await until(
      () => value<CachedCatalogue>(app.invoke('catalogue.get', undefined)),
      (c) => c.catalogue !== null,
    );
    expect(cached.catalogue?.services.find((s) => s.code === 'C1-E9')?.name.el).toBe(
      t.hub.store.catalogue.get().services.find((s) => s.code === 'C1-E9')?.name.el,
    );
    expect(cached.fetchedAt).not.toBeNull();
  });

  it('refuses IT at the desk, which still reads the catalogue', async () => {
    await signOut();
    await signIn('tech');
    expect((await app.invoke('catalogue.get', undefined)).ok).toBe(true);
    expect(await app.invoke('booking.slots', { category: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await app.invoke('booking.create', booking(new Date(Date.now() + 86_400_000).toISOString()))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await signOut();
  });

  it('refuses a wrong AFM in main, before the hub is asked', async () => {
    await signIn('nikos');
    const wrong = booking(new Date(Date.now() + 86_400_000).toISOString(), { citizen: { firstName: 'Α', lastName: 'Β', afm: '123456789' } });
    expect(await app.invoke('booking.create', wrong)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('books a free time with the employee’s session; the day gets it through the feed, with who booked', async () => {
    slots = await value<SlotsResponse>(app.invoke('booking.slots', { category: 1, days: 14 }));
    expect(slots.kepId).toBe(KEP);
    const slot = slots.days.flatMap((d) => d.slots)[0]!;
    const booked = await value<DeskBooked>(app.invoke('booking.create', booking(slot.startsAt)));
    expect(booked).toMatchObject({ startsAt: slot.startsAt, confirmation: 'no_mail_server' });

    const atHub = t.hub.store.getAppointment(booked.appointmentId);
    expect(atHub).toMatchObject({ kepId: KEP, serviceCode: 'C1-E9', status: 'booked', bookedBy: { via: 'desk', employeeName: 'Νίκος Παπαδόπουλος' } });
    expect(atHub?.citizen).toMatchObject({ afm: '123456783', email: 'giorgos@example.com' });

    const date = formatAthensDate(new Date(slot.startsAt));
    const day = await until(
      () => value<Day>(app.invoke('day.get', { date })),
      (d) => d.appointments.some((a) => a.id === booked.appointmentId),
    );
    expect(day.appointments.find((a) => a.id === booked.appointmentId)?.bookedBy).toEqual({ via: 'desk', employeeName: 'Νίκος Παπαδόπουλος' });
  });

  it('says a time is taken once the KEP’s desks are full, by its reason', async () => {
    const slot = slots.days.flatMap((d) => d.slots)[0]!;
    // Two desks: the second booking of the same time fits, the third does not.
    await value(app.invoke('booking.create', booking(slot.startsAt, { citizen: { firstName: 'Άννα', lastName: 'Κ', afm: '123456783' } })));
    expect(await app.invoke('booking.create', booking(slot.startsAt))).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'booking.slot_taken' },
    });
    const again = await value<SlotsResponse>(app.invoke('booking.slots', { category: 1, days: 14 }));
    expect(again.days.flatMap((d) => d.slots).some((s) => s.startsAt === slot.startsAt)).toBe(false);
  });

  it('shows a supervisor who booked, from the cached day', async () => {
    await signOut();
    await signIn('chief');
    const date = formatAthensDate(new Date(slots.days.flatMap((d) => d.slots)[0]!.startsAt));
    const day = await value<Day>(app.invoke('day.get', { date }));
    expect(day.appointments.map((a) => a.bookedBy)).toContainEqual({ via: 'desk', employeeName: 'Νίκος Παπαδόπουλος' });
  });

  it('answers booking.offline once the hub is gone, never queues, and still names services', async () => {
    await t.stop();
    hubRunning = false;
    const later = slots.days.flatMap((d) => d.slots)[3]!;
    expect(await app.invoke('booking.create', booking(later.startsAt))).toMatchObject({
      ok: false,
      error: { code: 'hub_unreachable', reason: 'booking.offline' },
    });
    expect(await app.invoke('booking.slots', { category: 1 })).toMatchObject({ ok: false, error: { reason: 'booking.offline' } });
    expect((await value<{ pending: number }>(app.invoke('outbox.status', undefined))).pending).toBe(0);
    const cached = await value<CachedCatalogue>(app.invoke('catalogue.get', undefined));
    expect(serviceName(cached.catalogue, 'C1-E9', 'el')).not.toBe('C1-E9');
    expect(serviceName(cached.catalogue, 'C9-UNKNOWN', 'el')).toBe('C9-UNKNOWN');
  });

  it('keeps the catalogue across a restart of the desk', async () => {
    app.close();
    const db = openAppDatabase(dir.path);
    try {
      expect(new CatalogueCache(db).serviceName('C1-E9')).not.toBe('C1-E9');
    } finally {
      db.close();
    }
    app = createApp({
      dataDir: dir.path,
      config: loadMachineConfig(dir.path, {}, { hubUrl: t.hub.url, workstationToken: t.tokens[KEP] as string }),
      version: 'test',
    });
  });
});
