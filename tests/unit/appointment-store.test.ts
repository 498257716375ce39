import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDay } from '../../bench/lib/sync-fixture';
import { AppointmentStore } from '../../src-main/appointments/appointment-store';
import { openAppDatabase } from '../../src-main/db/app-database';
import type { SqliteDatabase } from '../../src-main/db/open-database';
import type { Appointment } from '../../src-shared/domain/appointment';

const KEP = 'kep-day-cache';
const DAY = '2026-11-30';
const SYNCED = '2026-11-30T05:00:00.000Z';
const NEXT_SYNC = '2026-11-30T06:00:00.000Z';

let dir: string;
let db: SqliteDatabase;
let store: AppointmentStore;
let day: Appointment[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'day-cache-'));
  db = openAppDatabase(dir);
  store = new AppointmentStore(db);
  day = makeDay(KEP, DAY, 5, '2026-11-29T10:00:00.000Z');
  store.replaceDay(KEP, DAY, day, SYNCED);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const first = (): Appointment => day[0] as Appointment;
/** The day as SQLite holds it now, bypassing the store's memory of it. */
const fresh = (): Appointment[] => new AppointmentStore(db).listDay(KEP, DAY);

describe("the store's memory of a day (day.get)", () => {
  it('serves a day read before unchanged, and a copy its caller may reorder', () => {
    const read = store.listDay(KEP, DAY);
    read.reverse();
    expect(store.listDay(KEP, DAY)).toEqual(fresh());
    expect(store.listDay(KEP, DAY)).toHaveLength(5);
  });

  it.each([
    ['a status change', () => store.setStatus(first().id, 'cancelled', 'λόγος')],
    ['a status change without reason', () => store.setStatus(first().id, 'completed')],
    ['a move', () => store.reschedule(first().id, '2026-11-30T12:00:00.000Z', '2026-11-30T12:20:00.000Z', 'μετάθεση')],
    ['a removal', () => store.remove(first().id)],
    ['changes pulled from the hub', () => store.upsertMany([{ ...first(), subject: 'άλλο θέμα' }], SYNCED)],
    ['a new sync of the day', () => store.replaceDay(KEP, DAY, day.slice(1), SYNCED)],
  ])('shows %s at the next read', (_what, write) => {
    const before = store.listDay(KEP, DAY);
    write();
    const after = store.listDay(KEP, DAY);
    expect(after).not.toEqual(before);
    expect(after).toEqual(fresh());
  });

  it('keeps nothing read inside a transaction that is then rolled back', () => {
    store.listDay(KEP, DAY);
    expect(() =>
      db.transaction(() => {
        store.setStatus(first().id, 'cancelled', 'λόγος');
        expect(store.listDay(KEP, DAY)[0]?.status).toBe('cancelled');
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(store.listDay(KEP, DAY)[0]?.status).toBe('booked');
    expect(store.listDay(KEP, DAY)).toEqual(fresh());
  });
});

const syncedAt = (): Map<string, string> =>
  new Map(
    db
      .prepare<[], { id: string; synced_at: string }>('SELECT id, synced_at FROM appointments')
      .all()
      .map((r) => [r.id, r.synced_at]),
  );
const at = (i: number): Appointment => day[i] as Appointment;

describe('a sync that brings rows the cache already holds', () => {
  it('writes none of them again when none changed', () => {
    const changesBefore = db.prepare<[], { n: number }>('SELECT total_changes() AS n').get()?.n ?? 0;
    store.replaceDay(KEP, DAY, day, NEXT_SYNC);
    const written = (db.prepare<[], { n: number }>('SELECT total_changes() AS n').get()?.n ?? 0) - changesBefore;
    // The day's synced_days row only.
    expect(written).toBe(1);
    expect([...syncedAt().values()]).toEqual(day.map(() => SYNCED));
    expect(store.listDay(KEP, DAY)).toEqual(new AppointmentStore(db).listDay(KEP, DAY));
  });

  // makeDay: row 0 has a phone and a postal address, row 1 neither.
  it.each([
    ['a text', 0, (a: Appointment): Appointment => ({ ...a, subject: `${a.subject} (διόρθωση)` })],
    ['a time', 0, (a: Appointment): Appointment => ({ ...a, endsAt: new Date(Date.parse(a.endsAt) + 10 * 60_000).toISOString() })],
    ['an empty field filled', 1, (a: Appointment): Appointment => ({ ...a, citizen: { ...a.citizen, postalAddress: 'Ερμού 1, 10563 Αθήνα' } })],
    ['a field emptied', 0, (a: Appointment): Appointment => ({ ...a, citizen: { ...a.citizen, phone: null } })],
    ['the status', 0, (a: Appointment): Appointment => ({ ...a, status: 'cancelled' })],
    ['who booked it', 0, (a: Appointment): Appointment => ({ ...a, bookedBy: { via: 'desk', employeeName: 'Μαρία Νικολάου' } })],
  ])('stores a row of which only %s changed, and only that row', (_what, index, change) => {
    const changed = change(at(index));
    expect(changed).not.toEqual(at(index));
    store.replaceDay(
      KEP,
      DAY,
      day.map((a, i) => (i === index ? changed : a)),
      NEXT_SYNC,
    );
    expect(store.get(changed.id, KEP)).toEqual(changed);
    const synced = syncedAt();
    expect(synced.get(changed.id)).toBe(NEXT_SYNC);
    const others = day.filter((_, i) => i !== index);
    expect(others.map((a) => synced.get(a.id))).toEqual(others.map(() => SYNCED));
  });

  it('puts back the hub’s status over a local one, as before', () => {
    store.setStatus(at(1).id, 'completed');
    store.replaceDay(KEP, DAY, day, NEXT_SYNC);
    expect(store.get(at(1).id, KEP)?.status).toBe(at(1).status);
  });
});
