import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HUB_MIGRATIONS } from '../../hub/src/store/migrations';
import { type HubDatabase, openHubDatabase } from '../../hub/src/store/open-database';
import { currentVersion, migrate } from '../../src-shared/sqlite/migrations';
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

describe('hub database migrations', () => {
  it('001 creates KEPs, workstations and appointments with foreign keys enforced', () => {
    expect(migrate(db, HUB_MIGRATIONS, 1)).toEqual([1]);
    expect(currentVersion(db)).toBe(1);
    db.prepare("INSERT INTO keps VALUES ('kep-a', 'ΚΕΠ Α')").run();
    const ws = db.prepare("INSERT INTO workstations VALUES (?, ?, 'desk', ?, '2026-11-29T00:00:00.000Z', NULL)");
    ws.run('w1', 'kep-a', 'hash-1');
    expect(() => ws.run('w2', 'kep-missing', 'hash-2')).toThrow(/FOREIGN KEY/);
    expect(() => ws.run('w3', 'kep-a', 'hash-1')).toThrow(/UNIQUE/);
  });
});
