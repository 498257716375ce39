import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppointmentStore } from '../../src-main/appointments/appointment-store';
import { CatalogueCache } from '../../src-main/booking/catalogue-cache';
import { CatalogueSync } from '../../src-main/booking/catalogue-sync';
import { openAppDatabase } from '../../src-main/db/app-database';
import { APP_MIGRATIONS } from '../../src-main/db/migrations';
import { openDatabase, type SqliteDatabase } from '../../src-main/db/open-database';
import { HubApiClient } from '../../src-main/hub/hub-api-client';
import { EventBus } from '../../src-main/ipc/event-bus';
import { serviceName } from '../../src-shared/domain/services';
import type { Catalogue } from '../../src-shared/protocol/booking';
import { migrate } from '../../src-shared/sqlite/migrations';
import { makeAppointment } from '../support/booking';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;

beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => {
  db.close();
  dir.remove();
});

const name = (el: string, en: string) => ({ el, en });
function catalogue(services: Array<[string, string, boolean]>): Catalogue {
  return {
    agency: name('ΚΕΠ', 'KEP'),
    categories: [{ code: 1, name: name('Πληροφόρηση', 'Information'), interpreterOffered: false }],
    services: services.map(([code, el, active]) => ({ code, category: 1, name: name(el, `${el} (en)`), documents: [], active })),
  };
}

describe('the catalogue cache', () => {
  it('stores the hub’s catalogue, replaces it whole, and serves it after a restart', () => {
    db = openAppDatabase(dir.path);
    const cache = new CatalogueCache(db);
    expect(cache.get()).toBeNull();
    cache.put(catalogue([['C1-E9', 'Έντυπο Ε9', true]]), '2026-12-01T08:00:00.000Z');
    cache.put(
      catalogue([
        ['C1-OLD', 'Παλιά υπηρεσία', false],
        ['C1-NEW', 'Νέα υπηρεσία', true],
      ]),
      '2026-12-02T08:00:00.000Z',
    );
    db.close();
    db = openAppDatabase(dir.path);
    const again = new CatalogueCache(db).get();
    expect(again?.fetchedAt).toBe('2026-12-02T08:00:00.000Z');
    expect(again?.catalogue.services.map((s) => s.code)).toEqual(['C1-OLD', 'C1-NEW']);
    expect(db.prepare('SELECT count(*) AS n FROM catalogue_cache').get()).toEqual({ n: 1 });
  });

  it('names services from the catalogue, withdrawn ones too, and falls back to the code', () => {
    db = openAppDatabase(dir.path);
    const cache = new CatalogueCache(db);
    expect(cache.serviceName('C1-E9')).toBe('C1-E9');
    cache.put(
      catalogue([
        ['C1-OLD', 'Παλιά υπηρεσία', false],
        ['C1-E9', 'Έντυπο Ε9', true],
      ]),
      '2026-12-02T08:00:00.000Z',
    );
    expect(cache.serviceName('C1-E9')).toBe('Έντυπο Ε9');
    expect(cache.serviceName('C1-OLD', 'en')).toBe('Παλιά υπηρεσία (en)');
    expect(cache.serviceName('C9-NOWHERE')).toBe('C9-NOWHERE');
    expect(serviceName(null, 'C1-E9', 'el')).toBe('C1-E9');
  });

  it('keeps the last good copy when the hub cannot be reached, and ignores a copy that no longer reads', async () => {
    db = openAppDatabase(dir.path);
    const cache = new CatalogueCache(db);
    cache.put(catalogue([['C1-E9', 'Έντυπο Ε9', true]]), '2026-12-01T08:00:00.000Z');
    const events = new EventBus();
    const told: string[] = [];
    events.subscribe((event) => told.push(event));
    // Port 9 on loopback: nothing listens, so the fetch fails as an unreachable hub does.
    const client = new HubApiClient({ baseUrl: 'http://127.0.0.1:9', token: 'x', timeoutMs: 2000 });
    const sync = new CatalogueSync({ client: () => client, cache, events, now: () => new Date('2026-12-01T10:00:00.000Z') });
    await sync.refreshIfStale();
    expect(cache.get()?.fetchedAt).toBe('2026-12-01T08:00:00.000Z');
    expect(cache.serviceName('C1-E9')).toBe('Έντυπο Ε9');
    expect(told).toEqual([]);
    db.prepare('UPDATE catalogue_cache SET catalogue = \'{"services":[]}\'').run();
    expect(cache.get()).toBeNull();
    expect(cache.serviceName('C1-E9')).toBe('C1-E9');
  });
});

describe('app migration 017', () => {
  it('adds the catalogue cache and who booked, and keeps every appointment of version 16', () => {
    db = openDatabase(`${dir.path}/test.sqlite`);
    migrate(db, APP_MIGRATIONS, 16);
    const insert = db.prepare(
      `INSERT INTO appointments VALUES (?, 'kep-a', '2026-11-30T07:00:00.000Z', '2026-11-30T07:20:00.000Z', 2, 'C2-GEMI-CERT', 's', 'Μαρία', 'Παππά',
      '123456783', NULL, NULL, NULL, 0, 'inbox', 'booked', '2026-11-29T00:00:00.000Z', '2026-11-29T00:00:00.000Z', NULL)`,
    );
    for (const id of ['a1', 'a2', 'a3']) insert.run(id);
    expect(migrate(db, APP_MIGRATIONS, 17)).toEqual([17]);
    expect(db.prepare('SELECT id, service_code, booked_via, booked_by_name FROM appointments ORDER BY id').all()).toEqual(
      ['a1', 'a2', 'a3'].map((id) => ({ id, service_code: 'C2-GEMI-CERT', booked_via: null, booked_by_name: null })),
    );
    expect(db.prepare('SELECT count(*) AS n FROM catalogue_cache').get()).toEqual({ n: 0 });
    expect(() => db.prepare("UPDATE appointments SET booked_via = 'fax'").run()).toThrow(/CHECK/);
  });

  it('lets the cache keep who booked, as the sync writes it and the day reads it', () => {
    db = openAppDatabase(dir.path);
    const store = new AppointmentStore(db);
    const start = new Date('2026-12-03T08:00:00.000Z');
    const byPhone = makeAppointment('kep-a', start, { bookedBy: { via: 'desk', employeeName: 'Νίκος Παπαδόπουλος' } });
    const online = makeAppointment('kep-a', new Date(start.getTime() + 20 * 60_000), { bookedBy: { via: 'online', employeeName: null } });
    const imported = makeAppointment('kep-a', new Date(start.getTime() + 40 * 60_000));
    store.replaceDay('kep-a', '2026-12-03', [byPhone, online, imported], '2026-12-03T07:00:00.000Z');
    expect(store.listDay('kep-a', '2026-12-03').map((a) => a.bookedBy)).toEqual([
      { via: 'desk', employeeName: 'Νίκος Παπαδόπουλος' },
      { via: 'online', employeeName: null },
      null,
    ]);
    expect(store.get(byPhone.id, 'kep-a')?.bookedBy).toEqual({ via: 'desk', employeeName: 'Νίκος Παπαδόπουλος' });
  });
});
