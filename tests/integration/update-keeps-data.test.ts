import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addUser } from '../../hub/src/auth/users';
import { type RunningHub, startHub } from '../../hub/src/server';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { APP_DATABASE_FILE } from '../../src-main/db/app-database';
import { APP_MIGRATIONS } from '../../src-main/db/migrations';
import type { SqliteDatabase } from '../../src-main/db/open-database';
import type { AppInfo, OutboxStatus } from '../../src-shared/contract/ipc';
import { formatAthensDate } from '../../src-shared/domain/athens-time';
import type { Result } from '../../src-shared/errors';
import type { Migration } from '../../src-shared/sqlite/migrations';
import { bookToday } from '../support/booking';
import { makeTempDir } from '../support/temp-dir';

/**
 * The version a desk updates to brings its own migrations. This one stands for the hardest kind a
 * future version could bring: it rebuilds the outbox and the audit trail tables (create, copy,
 * drop, rename, with their indexes and append-only triggers) and adds a column with a value for
 * every row, while changes and entries still wait for the hub.
 */
vi.mock('../../src-main/db/migrations', async (original) => {
  const actual = await original<{ APP_MIGRATIONS: readonly Migration<SqliteDatabase>[] }>();
  return { APP_MIGRATIONS: [...actual.APP_MIGRATIONS] };
});

function rebuild(db: SqliteDatabase, table: string): void {
  const rows = db
    .prepare<[string], { type: string; sql: string | null }>('SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL')
    .all(table);
  const create = rows.find((r) => r.type === 'table')?.sql as string;
  db.exec(create.replace(new RegExp(`^CREATE TABLE "?${table}"?`), `CREATE TABLE ${table}_next`));
  db.exec(`INSERT INTO ${table}_next SELECT * FROM ${table}`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${table}_next RENAME TO ${table}`);
  for (const r of rows.filter((r) => r.type !== 'table')) db.exec(r.sql as string);
}

const NEXT_VERSION_MIGRATION: Migration<SqliteDatabase> = {
  version: APP_MIGRATIONS.length + 1,
  name: 'next-version-rebuilds-outbox-and-audit',
  up(db) {
    rebuild(db, 'outbox');
    rebuild(db, 'audit_log');
    db.exec("ALTER TABLE outbox ADD COLUMN written_by_version TEXT NOT NULL DEFAULT 'before-update'");
  },
};

const KEP = DEMO_KEPS[0]!.id;
const PASSWORD = 'a long enough password';
let hubDir: ReturnType<typeof makeTempDir>;
let deskDir: ReturnType<typeof makeTempDir>;
let hub: RunningHub;
let token: string;
const apps: KepApp[] = [];

beforeEach(async () => {
  hubDir = makeTempDir('kep-hub-');
  deskDir = makeTempDir('kep-desk-');
  hub = await startHub({ dataDir: hubDir.path, port: 0 });
  hub.store.upsertKep({ id: KEP, name: 'ΚΕΠ Δήμου Αθηναίων – Κέντρο' });
  token = hub.store.addWorkstation(KEP, 'desk').token;
  await addUser(hub.store, { kepId: KEP, username: 'maria', displayName: 'Μαρία', role: 'employee', password: PASSWORD });
});
afterEach(async () => {
  for (const app of apps.splice(0)) app.close();
  await hub.close();
  (APP_MIGRATIONS as Migration<SqliteDatabase>[]).splice(NEXT_VERSION_MIGRATION.version - 1);
  deskDir.remove();
  hubDir.remove();
});

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

function desk(version: string, url = hub.url): KepApp {
  const app = createApp({ dataDir: deskDir.path, config: loadMachineConfig(deskDir.path, {}, { hubUrl: url, workstationToken: token }), version });
  apps.push(app);
  app.start();
  return app;
}

const pending = async (app: KepApp): Promise<number> => value<OutboxStatus>(await app.invoke('outbox.status', undefined)).pending;
/** Everything waiting for the hub: changes and audit entries. */
const waitingRows = (where = "state = 'pending'"): number => deskCount(`SELECT count(*) AS n FROM outbox WHERE ${where}`);
function deskCount(sql: string): number {
  const file = new Database(join(deskDir.path, APP_DATABASE_FILE), { readonly: true });
  try {
    return (file.prepare(sql).get() as { n: number }).n;
  } finally {
    file.close();
  }
}
const hubCount = (sql: string): number => (hub.store.db.prepare(sql).get() as { n: number }).n;

describe('an update keeps what the desk has not delivered yet', () => {
  it('delivers the outbox and audit trail written before the update, after the new migrations ran on them', async () => {
    const apt = bookToday(hub.store, KEP, 30);
    const before = desk('1.0.0');
    value(await before.invoke('session.signIn', { username: 'maria', password: PASSWORD }));
    await expect
      .poll(async () =>
        value<{ appointments: { id: string }[] }>(await before.invoke('day.get', { date: formatAthensDate(new Date(apt.startsAt)) })).appointments.map(
          (a) => a.id,
        ),
      )
      .toContain(apt.id);

    // The hub goes away; the employee keeps working: changes and their audit entries wait in the outbox.
    const port = Number(new URL(hub.url).port);
    await hub.close();
    for (const notes of ['Φέρνει ταυτότητα', 'Φέρνει ταυτότητα και εξουσιοδότηση']) {
      value(await before.invoke('appointment.change', { change: { kind: 'work.notes', appointmentId: apt.id, notes } }));
    }
    value(await before.invoke('appointment.change', { change: { kind: 'work.prepare', appointmentId: apt.id, prepared: true } }));
    expect(await pending(before)).toBe(3);
    const entries = deskCount('SELECT count(*) AS n FROM audit_log');
    const waiting = waitingRows();
    // Three changes and at least their three audit entries (the sign-in's may be waiting too).
    expect(waiting).toBeGreaterThanOrEqual(6);
    // The app quits to install the update.
    before.close();
    apps.splice(0);

    // The new version starts on the old data and migrates it, with the hub still away.
    (APP_MIGRATIONS as Migration<SqliteDatabase>[]).push(NEXT_VERSION_MIGRATION);
    const after = desk('1.1.0', `http://127.0.0.1:${port}`);
    const file = new Database(join(deskDir.path, APP_DATABASE_FILE), { readonly: true });
    expect(file.pragma('user_version', { simple: true })).toBe(NEXT_VERSION_MIGRATION.version);
    file.close();
    expect(waitingRows("state = 'pending' AND written_by_version = 'before-update'")).toBe(waiting);
    const info = value<AppInfo>(await after.invoke('app.info', undefined));
    expect(info.auditTrail).toMatchObject({ intact: true, entries, unaudited: 0 });
    expect(await pending(after)).toBe(3);

    // The hub is back: everything written before the update arrives, once.
    hub = await startHub({ dataDir: hubDir.path, port });
    await expect.poll(() => waitingRows(), { timeout: 20_000 }).toBe(0);
    expect(hubCount('SELECT count(*) AS n FROM applied_changes')).toBe(3);
    expect(hub.store.getWork([apt.id])[0]?.notes).toBe('Φέρνει ταυτότητα και εξουσιοδότηση');
    expect(hubCount('SELECT count(*) AS n FROM audit_entries')).toBe(entries);
    // The append-only triggers came through the rebuild.
    const check = new Database(join(deskDir.path, APP_DATABASE_FILE));
    expect(() => check.exec('DELETE FROM audit_log')).toThrow(/append-only/);
    check.close();
  }, 60_000);
});
