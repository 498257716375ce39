import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../src-shared/contract/ipc';
import { createApp } from '../../src-main/app/create-app';
import { AuditLog, entryHash } from '../../src-main/audit/audit-log';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { openAppDatabase } from '../../src-main/db/app-database';
import { APP_MIGRATIONS } from '../../src-main/db/migrations';
import { openDatabase, type SqliteDatabase } from '../../src-main/db/open-database';
import { migrate } from '../../src-shared/sqlite/migrations';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
let log: AuditLog;

const at = (): Date => new Date('2026-11-30T07:00:00.000Z');
function appendEntries(count: number, target: AuditLog = log): void {
  for (let i = 0; i < count; i += 1) target.append({ kind: 'work.notes', actorId: 'u-maria', workstationId: 'ws-1', appointmentId: null, details: { n: i } });
}
const checkpoint = (): { seq: number; hash: string } | undefined =>
  db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_checkpoint').get();

beforeEach(() => {
  dir = makeTempDir();
  db = openAppDatabase(dir.path);
  log = new AuditLog(db, at);
});
afterEach(() => {
  db.close();
  dir.remove();
});

/** What someone with the database file and the sqlite3 tool could do: drop the guards, then edit. */
function tamper(sql: string): void {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  db.exec(sql);
}

/** The check command, as IT runs it, on the closed database file. */
function check(): { status: number | null; out: string } {
  db.close();
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src-main/audit/check-cli.ts', `--data-dir=${dir.path}`], { encoding: 'utf8' });
  db = openAppDatabase(dir.path);
  log = new AuditLog(db, at);
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('audit trail verified at start from a checkpoint', () => {
  it('on a fresh database: nothing to walk, then the checkpoint follows the head', () => {
    expect(log.verifyAtStart()).toEqual({ intact: true, entries: 0 });
    expect(checkpoint()).toBeUndefined();
    appendEntries(4);
    expect(log.verifyAtStart()).toEqual({ intact: true, entries: 4 });
    expect(checkpoint()).toEqual({ seq: 4, hash: log.after(3)[0]!.hash });
    appendEntries(2);
    expect(log.verifyAtStart()).toEqual({ intact: true, entries: 6 });
    expect(checkpoint()?.seq).toBe(6);
    expect(log.verify()).toEqual({ intact: true, entries: 6 });
  });

  it('names an entry edited after the checkpoint, at every start, and keeps the checkpoint', () => {
    appendEntries(4);
    log.verifyAtStart();
    appendEntries(3);
    tamper(`UPDATE audit_log SET actor_id = 'u-someone-else' WHERE seq = 6`);
    const broken = { intact: false, entries: 5, firstBroken: 6, reason: 'its contents do not match its hash' };
    expect(log.verifyAtStart()).toEqual(broken);
    expect(log.verifyAtStart()).toEqual(broken);
    expect(checkpoint()?.seq).toBe(4);
    expect(log.verify()).toEqual(broken);
  });

  it('notices entries removed after the checkpoint, from the middle or the end', () => {
    appendEntries(4);
    log.verifyAtStart();
    appendEntries(3);
    tamper('DELETE FROM audit_log WHERE seq = 6');
    expect(log.verifyAtStart()).toMatchObject({ intact: false, firstBroken: 7, reason: 'entry 6 is missing' });
    tamper('DELETE FROM audit_log WHERE seq >= 6');
    expect(log.verifyAtStart()).toMatchObject({ intact: false, firstBroken: 6, reason: 'entries 6 to 7 are missing' });
  });

  it('leaves an entry edited before the checkpoint to the full check, which still finds it', () => {
    appendEntries(6);
    log.verifyAtStart();
    tamper(`UPDATE audit_log SET actor_id = 'u-someone-else' WHERE seq = 2`);
    // The start trusts what it verified before: this is the price of not re-hashing a year.
    expect(log.verifyAtStart()).toEqual({ intact: true, entries: 6 });
    expect(log.verify()).toMatchObject({ intact: false, firstBroken: 2, reason: 'its contents do not match its hash' });
    const { status, out } = check();
    expect(status).toBe(1);
    expect(out).toContain('broken at entry 2');
  });

  it('notices an edit re-hashed onwards through the checkpoint, at start and in the full check', () => {
    appendEntries(6);
    log.verifyAtStart();
    // A forger who recomputes every hash from the edited entry on, and the head, but not the checkpoint.
    tamper(`UPDATE audit_log SET actor_id = 'u-someone-else' WHERE seq = 2`);
    let prevHash = log.after(0, 1)[0]!.hash;
    for (const entry of log.after(1)) {
      const hash = entryHash({ ...entry, prevHash });
      db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prevHash, hash, entry.seq);
      prevHash = hash;
    }
    db.prepare("UPDATE sync_state SET value = ? WHERE key = 'audit.head'").run(`6:${prevHash}`);
    const broken = { intact: false, firstBroken: 6, reason: 'it no longer matches the entry verified at the last start' };
    expect(log.verifyAtStart()).toMatchObject(broken);
    expect(log.verify()).toMatchObject(broken);
    expect(check().status).toBe(1);
  });

  it('notices a checkpoint row that no longer matches its entry, or whose entry is gone', () => {
    appendEntries(4);
    log.verifyAtStart();
    db.prepare('UPDATE audit_checkpoint SET hash = ?').run('f'.repeat(64));
    const broken = { intact: false, firstBroken: 4, reason: 'it no longer matches the entry verified at the last start' };
    expect(log.verifyAtStart()).toMatchObject(broken);
    expect(log.verify()).toMatchObject(broken);
    expect(check().status).toBe(1);

    db.prepare('UPDATE audit_checkpoint SET seq = 9').run();
    expect(log.verifyAtStart()).toMatchObject({ intact: false, firstBroken: 9, reason: 'the entry verified at the last start is missing' });
    expect(log.verify()).toMatchObject({ intact: false, firstBroken: 5, reason: 'entries 5 to 9 are missing' });
  });

  it('is fooled at start by a checkpoint moved past an edited entry, but not the full check', () => {
    appendEntries(4);
    log.verifyAtStart();
    appendEntries(3);
    tamper(`UPDATE audit_log SET actor_id = 'u-someone-else' WHERE seq = 5`);
    const seven = log.after(6)[0]!;
    db.prepare('UPDATE audit_checkpoint SET seq = ?, hash = ?').run(seven.seq, seven.hash);
    expect(log.verifyAtStart()).toMatchObject({ intact: true });
    expect(log.verify()).toMatchObject({ intact: false, firstBroken: 5 });
  });

  it('walks a trail written before the checkpoint existed in full at the first start after the migration', () => {
    db.close();
    const old = openDatabase(`${dir.path}/migrating.sqlite`);
    migrate(old, APP_MIGRATIONS, 17);
    appendEntries(5, new AuditLog(old, at));
    old.exec('DROP TRIGGER audit_log_no_update');
    old.exec(`UPDATE audit_log SET kind = 'x' WHERE seq = 1`);
    migrate(old, APP_MIGRATIONS);
    expect(new AuditLog(old, at).verifyAtStart()).toMatchObject({ intact: false, firstBroken: 1 });
    expect(old.prepare('SELECT count(*) AS n FROM audit_checkpoint').get()).toEqual({ n: 0 });
    old.close();
    db = openAppDatabase(dir.path);
  });

  it('sets the checkpoint at the first start on an intact trail from before the migration', () => {
    db.close();
    const old = openDatabase(`${dir.path}/migrating.sqlite`);
    migrate(old, APP_MIGRATIONS, 17);
    appendEntries(5, new AuditLog(old, at));
    migrate(old, APP_MIGRATIONS);
    const migrated = new AuditLog(old, at);
    expect(old.prepare('SELECT count(*) AS n FROM audit_checkpoint').get()).toEqual({ n: 0 });
    expect(old.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'audit_log' AND name = 'audit_log_at'").get()).toBeDefined();
    expect(migrated.verifyAtStart()).toEqual({ intact: true, entries: 5 });
    expect(old.prepare('SELECT seq FROM audit_checkpoint').get()).toEqual({ seq: 5 });
    old.close();
    db = openAppDatabase(dir.path);
  });

  it('shows a break after the checkpoint in the app as it did before: logged at start, in app.info', async () => {
    db.close();
    const start = (): ReturnType<typeof createApp> => createApp({ dataDir: dir.path, config: loadMachineConfig(dir.path, {}), version: 'test', now: at });
    const first = start();
    first.close();
    db = openAppDatabase(dir.path);
    appendEntries(3, new AuditLog(db, at));
    db.close();
    const second = start();
    const info = (await second.invoke('app.info', undefined)) as { ok: true; value: AppInfo };
    expect(info.value.auditTrail).toMatchObject({ intact: true, entries: 3 });
    second.close();

    db = openAppDatabase(dir.path);
    appendEntries(2, new AuditLog(db, at));
    tamper(`UPDATE audit_log SET details = '{"n":9}' WHERE seq = 5`);
    db.close();
    const third = start();
    const broken = (await third.invoke('app.info', undefined)) as { ok: true; value: AppInfo };
    expect(broken.value.auditTrail).toMatchObject({ intact: false, entries: 4, firstBroken: 5 });
    third.close();
    db = openAppDatabase(dir.path);
  });
});
