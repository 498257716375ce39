import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE } from '../../hub/src/catalogue/default-catalogue';
import { importCatalogue, parseCatalogueFile } from '../../hub/src/catalogue/catalogue-import';
import { HubStore } from '../../hub/src/store/hub-store';
import { HUB_MIGRATIONS } from '../../hub/src/store/migrations';
import { type HubDatabase, openHubDatabase } from '../../hub/src/store/open-database';
import { SERVICES } from '../../src-shared/domain/services';
import { migrate } from '../../src-shared/sqlite/migrations';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let db: HubDatabase;

beforeEach(() => {
  dir = makeTempDir();
  db = openHubDatabase(`${dir.path}/hub.sqlite`);
});
afterEach(() => {
  if (db.open) db.close();
  dir.remove();
});

describe('hub migration 019', () => {
  it('gives a v18 hub the catalogue and its KEPs a schedule; appointments keep their codes', () => {
    migrate(db, HUB_MIGRATIONS, 18);
    db.prepare("INSERT INTO keps (id, name) VALUES ('kep-a', 'ΚΕΠ Δήμου Α')").run();
    db.prepare(
      `INSERT INTO appointments (id, kep_id, starts_at, ends_at, category, service_code, subject, citizen_first_name, citizen_last_name,
         citizen_afm, interpreter_needed, delivery_method, status, created_at, updated_at)
       VALUES ('6f1c1a0e-3c1b-4a53-9a47-3d2a1a1b2c3d', 'kep-a', '2026-11-30T07:00:00.000Z', '2026-11-30T07:20:00.000Z', 2, 'C2-GEMI-CERT', 'x',
         'Μαρία', 'Παππά', '123456783', 0, 'inbox', 'booked', '2026-11-29T00:00:00.000Z', '2026-11-29T00:00:00.000Z')`,
    ).run();

    expect(migrate(db, HUB_MIGRATIONS, 19)).toEqual([19]);
    db.close();
    const store = new HubStore(dir.path);
    try {
      expect(store.catalogue.get()).toEqual(DEFAULT_CATALOGUE);
      // Every code the desks and the seed know is in it, in its category.
      expect(store.catalogue.get().services.map((s) => [s.code, s.category])).toEqual(SERVICES.map((s) => [s.code, s.category]));
      expect(store.keps.hours('kep-a')).toEqual({
        videoService: true,
        municipality: 'ΚΕΠ Δήμου Α',
        desks: 2,
        slotMinutes: 20,
        hours: Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ opens: '08:00', closes: '15:00' }]])),
      });
      const appointment = store.getAppointment('6f1c1a0e-3c1b-4a53-9a47-3d2a1a1b2c3d');
      expect(appointment?.serviceCode).toBe('C2-GEMI-CERT');
      expect(appointment?.bookedBy).toBeNull();
    } finally {
      store.close();
    }
  });
});

describe('catalogue import', () => {
  it('withdraws the services a file leaves out, and names a bad entry', () => {
    db.close();
    const store = new HubStore(dir.path);
    try {
      const only = { ...DEFAULT_CATALOGUE, services: DEFAULT_CATALOGUE.services.slice(1) };
      expect(importCatalogue(store, only).withdrawn).toEqual(['C1-BIRTH-CERT']);
      expect(store.catalogue.service('C1-BIRTH-CERT')?.active).toBe(false);
      expect(store.catalogue.get().services).toHaveLength(DEFAULT_CATALOGUE.services.length);

      const bad = { ...DEFAULT_CATALOGUE, services: [DEFAULT_CATALOGUE.services[0], { ...DEFAULT_CATALOGUE.services[1], name: { el: '', en: 'x' } }] };
      expect(() => parseCatalogueFile('c.json', JSON.stringify(bad))).toThrow(/^c\.json: services\[1\]\.name\.el \(C1-FAMILY-STATUS\): /);
      const twice = { ...DEFAULT_CATALOGUE, services: [DEFAULT_CATALOGUE.services[0], DEFAULT_CATALOGUE.services[0]] };
      expect(() => parseCatalogueFile('c.json', JSON.stringify(twice))).toThrow('c.json: services[1] (C1-BIRTH-CERT): the code is listed twice');
    } finally {
      store.close();
    }
  });
});
