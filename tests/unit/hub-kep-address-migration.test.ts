import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HUB_MIGRATIONS } from '../../hub/src/store/migrations';
import { type HubDatabase, openHubDatabase } from '../../hub/src/store/open-database';
import { migrate } from '../../src-shared/sqlite/migrations';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let db: HubDatabase;

beforeEach(() => {
  dir = makeTempDir();
  db = openHubDatabase(`${dir.path}/hub.sqlite`);
});
afterEach(() => {
  db.close();
  dir.remove();
});

describe('hub migration 016', () => {
  it('gives KEPs a postal address, none for the KEPs of version 15', () => {
    migrate(db, HUB_MIGRATIONS, 15);
    db.prepare("INSERT INTO keps (id, name) VALUES ('kep-a', 'ΚΕΠ Α')").run();

    expect(migrate(db, HUB_MIGRATIONS, 16)).toEqual([16]);
    expect(db.prepare('SELECT id, name, postal_address FROM keps').all()).toEqual([{ id: 'kep-a', name: 'ΚΕΠ Α', postal_address: null }]);
    db.prepare("UPDATE keps SET postal_address = 'Σταδίου 30, 105 63 Αθήνα' WHERE id = 'kep-a'").run();
    expect(() => db.prepare("UPDATE keps SET postal_address = '' WHERE id = 'kep-a'").run()).toThrow(/CHECK/);
  });
});
