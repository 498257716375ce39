import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../src-main/db/app-database';
import { APP_MIGRATIONS } from '../../src-main/db/migrations';
import { openDatabase, type SqliteDatabase } from '../../src-main/db/open-database';
import { currentVersion, migrate, MigrationError } from '../../src-shared/sqlite/migrations';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;

beforeEach(() => {
  dir = makeTempDir();
  db = openDatabase(`${dir.path}/test.sqlite`);
});
afterEach(() => {
  db.close();
  dir.remove();
});

/** An appointment row as versions 1 and 2 stored it (before status_reason). */
function insertKeepMe(d: SqliteDatabase): void {
  d.prepare(
    `INSERT INTO appointments VALUES ('keep-me', 'kep-a', '2026-11-30T07:00:00.000Z', '2026-11-30T07:20:00.000Z',
    2, 'C2-GEMI-CERT', 'subject', 'Μαρία', 'Παππά', '123456783', NULL, NULL, NULL, 0, 'inbox', 'booked',
    '2026-11-29T00:00:00.000Z', '2026-11-29T00:00:00.000Z')`,
  ).run();
}

const tables = (d: SqliteDatabase): string[] =>
  d
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => r.name);

describe('app database migrations', () => {
  it('brings a new database to the latest version with WAL, foreign keys and STRICT tables', () => {
    db.close();
    db = openAppDatabase(dir.path);
    expect(currentVersion(db)).toBe(APP_MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // sqlite_sequence is SQLite's own bookkeeping for AUTOINCREMENT.
    const sql = db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name != 'sqlite_sequence'").all();
    for (const { sql: create } of sql) expect(create).toMatch(/STRICT$/);
  });

  it('001 creates the appointments cache, which refuses rows outside its rules', () => {
    migrate(db, APP_MIGRATIONS, 1);
    expect(tables(db)).toEqual(['appointments']);
    const insert = db.prepare(`INSERT INTO appointments VALUES (?, 'kep-a', '2026-11-30T07:00:00.000Z', '2026-11-30T07:20:00.000Z',
      ?, 'C1-E9', 's', 'Α', 'Β', '123456783', NULL, NULL, NULL, 0, 'email', 'booked', '2026-11-29T00:00:00.000Z', '2026-11-29T00:00:00.000Z')`);
    insert.run('a1', 1);
    expect(() => insert.run('a2', 5)).toThrow(/CHECK/);
    expect(() => insert.run('a3', '1')).not.toThrow(); // STRICT coerces a numeric text into INTEGER
    expect(() => insert.run('a4', 'one')).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('002 adds settings and sync state and keeps the appointments of version 1', () => {
    migrate(db, APP_MIGRATIONS, 1);
    insertKeepMe(db);
    expect(migrate(db, APP_MIGRATIONS, 2)).toEqual([2]);
    expect(tables(db)).toEqual(['appointments', 'settings', 'sync_state', 'synced_days']);
    expect(db.prepare('SELECT id, citizen_first_name FROM appointments').all()).toEqual([{ id: 'keep-me', citizen_first_name: 'Μαρία' }]);
  });

  it('003 adds local work, the outbox and staff, and keeps the appointments of version 2', () => {
    migrate(db, APP_MIGRATIONS, 2);
    insertKeepMe(db);
    expect(migrate(db, APP_MIGRATIONS, 3)).toEqual([3]);
    expect(db.prepare('SELECT id, status_reason FROM appointments').all()).toEqual([{ id: 'keep-me', status_reason: null }]);
    const insert = db.prepare("INSERT INTO outbox (idempotency_key, actor_id, change, made_at) VALUES (?, 'u', '{}', 'now')");
    insert.run('k1');
    expect(() => insert.run('k1')).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT state, attempts FROM outbox').get()).toEqual({ state: 'pending', attempts: 0 });
    expect(() => db.prepare("UPDATE outbox SET state = 'lost'").run()).toThrow(/CHECK/);
  });

  it('004 adds anonymous daily figures, one row per day, KEP, category and status', () => {
    migrate(db, APP_MIGRATIONS, 3);
    expect(migrate(db, APP_MIGRATIONS, 4)).toEqual([4]);
    const insert = db.prepare("INSERT INTO daily_figures VALUES ('2026-11-30', 'kep-a', 1, 'completed', 3)");
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it('005 adds the call outcome to work, and call chats and files that outlive a re-synced appointment row', () => {
    migrate(db, APP_MIGRATIONS, 4);
    expect(migrate(db, APP_MIGRATIONS, 5)).toEqual([5]);
    expect(() => db.prepare("INSERT INTO appointment_work (appointment_id, notes, call_outcome, updated_at) VALUES ('a', '', 'great', 'now')").run()).toThrow(
      /CHECK|FOREIGN/,
    );
    // Files are not tied to the cached appointment row: a sync that drops the row keeps them.
    db.prepare("INSERT INTO call_files VALUES ('f1', 'not-cached', 'citizen', 'id.jpg', 'image/jpeg', 3, 'h', x'FFD8FF', 'now')").run();
    expect(() => db.prepare("INSERT INTO call_messages VALUES ('m1', 'a', 'p', 'robot', 't', 'now')").run()).toThrow(/CHECK/);
  });

  it('006 adds the audit log, which refuses updates and deletions', () => {
    migrate(db, APP_MIGRATIONS, 5);
    expect(migrate(db, APP_MIGRATIONS, 6)).toEqual([6]);
    db.prepare("INSERT INTO audit_log VALUES (1, 'now', 'u', 'w', 'session.signIn', NULL, '{}', 'p', 'h')").run();
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit_log SET kind = 'x'").run()).toThrow(/append-only/);
  });

  it('007 adds identity-check ticks and outcomes (a failure needs its reason) and case records', () => {
    migrate(db, APP_MIGRATIONS, 6);
    expect(migrate(db, APP_MIGRATIONS, 7)).toEqual([7]);
    db.prepare("INSERT INTO id_check_ticks VALUES ('a', 'face_visible', 'now', 'u', 42)").run();
    expect(() => db.prepare("INSERT INTO id_check_ticks VALUES ('a', 'face_visible', 'later', 'u', 50)").run()).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare("INSERT INTO id_check_outcomes VALUES ('a', 'failed', NULL, 'now', 'u')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO case_records (appointment_id, updated_at, updated_by) VALUES ('a', 'now', 'u')").run();
  });

  it('009 adds case documents and dispatches, which keep their documents on record', () => {
    migrate(db, APP_MIGRATIONS, 8);
    expect(migrate(db, APP_MIGRATIONS, 9)).toEqual([9]);
    // Not tied to the cached appointment row: a re-sync that drops the booking keeps what is owed.
    db.prepare("INSERT INTO case_documents VALUES ('doc1', 'not-cached', 'a.pdf', 5, 'h', x'255044462d', 'now', 'u')").run();
    const dispatch = db.prepare(
      "INSERT INTO dispatches (id, appointment_id, channel, state, recipient, created_at, created_by, updated_at) VALUES (?, 'not-cached', ?, ?, '', 'now', 'u', 'now')",
    );
    dispatch.run('d1', 'email', 'queued');
    expect(() => dispatch.run('d2', 'fax', 'queued')).toThrow(/CHECK/);
    expect(() => dispatch.run('d3', 'post', 'lost')).toThrow(/CHECK/);
    db.prepare("INSERT INTO dispatch_documents VALUES ('d1', 0, 'doc1')").run();
    expect(() => db.prepare("INSERT INTO dispatch_documents VALUES ('d1', 1, 'no-such-doc')").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("DELETE FROM case_documents WHERE id = 'doc1'").run()).toThrow(/FOREIGN KEY/);
  });

  it('010 keeps since when a waiting case waits (from its last update) and lets a failed dispatch be dismissed', () => {
    migrate(db, APP_MIGRATIONS, 9);
    db.prepare(
      "INSERT INTO case_records (appointment_id, updated_at, updated_by, status) VALUES ('waits', '2026-11-20T09:00:00.000Z', 'u', 'awaiting_document'), ('done', 'x', 'u', 'completed')",
    ).run();
    expect(migrate(db, APP_MIGRATIONS, 10)).toEqual([10]);
    expect(db.prepare('SELECT appointment_id AS id, awaiting_since AS since FROM case_records ORDER BY appointment_id').all()).toEqual([
      { id: 'done', since: null },
      { id: 'waits', since: '2026-11-20T09:00:00.000Z' },
    ]);
    db.prepare(
      "INSERT INTO dispatches (id, appointment_id, channel, state, recipient, created_at, created_by, updated_at, dismissed_at) VALUES ('d', 'a', 'email', 'failed', '', 'now', 'u', 'now', 'later')",
    ).run();
  });

  it('011 gives outbox entries their author’s signature; entries queued before have none', () => {
    migrate(db, APP_MIGRATIONS, 10);
    db.prepare("INSERT INTO outbox (idempotency_key, actor_id, change, made_at) VALUES ('old', 'u', '{}', 'now')").run();
    expect(migrate(db, APP_MIGRATIONS, 11)).toEqual([11]);
    expect(db.prepare('SELECT idempotency_key AS k, state, actor_key_id AS keyId, signature FROM outbox').all()).toEqual([
      { k: 'old', state: 'pending', keyId: null, signature: null },
    ]);
    db.prepare("INSERT INTO outbox (idempotency_key, actor_id, change, made_at, actor_key_id, signature) VALUES ('new', 'u', '{}', 'now', 'k', 's')").run();
    expect(() => db.prepare("UPDATE outbox SET signature = x'00' WHERE idempotency_key = 'new'").run()).toThrow(/cannot store BLOB/);
  });

  it('012 keeps the hub’s cause of a failure: outcome_unknown for dispatches of version 11 the hub failed as cut short', () => {
    migrate(db, APP_MIGRATIONS, 11);
    const cutShort =
      'The hub stopped while handing this e-mail to the mail server; it may or may not have been sent. Check with the citizen before sending it again.';
    const dispatch = db.prepare(
      "INSERT INTO dispatches (id, appointment_id, channel, state, reason, recipient, created_at, created_by, updated_at) VALUES (?, 'a', 'email', ?, ?, '', 'now', 'u', 'now')",
    );
    dispatch.run('cut-short', 'failed', cutShort);
    dispatch.run('refused', 'failed', 'The mail server refused the address eleni@example.com (550 Mailbox unavailable).');
    dispatch.run('queued', 'queued', null);
    expect(migrate(db, APP_MIGRATIONS, 12)).toEqual([12]);
    expect(db.prepare('SELECT id, failure FROM dispatches ORDER BY id').all()).toEqual([
      { id: 'cut-short', failure: 'outcome_unknown' },
      { id: 'queued', failure: null },
      { id: 'refused', failure: null },
    ]);
  });

  it('013 gives outbox entries their kind, lane, appointment and dispatch as columns, filled for entries of version 12', () => {
    migrate(db, APP_MIGRATIONS, 12);
    const entry = db.prepare("INSERT INTO outbox (idempotency_key, actor_id, change, made_at, state) VALUES (?, 'u', ?, 'now', ?)");
    entry.run('work', JSON.stringify({ kind: 'work.notes', appointmentId: 'a1', notes: 'n' }), 'pending');
    entry.run('send', JSON.stringify({ kind: 'dispatch.send', dispatchId: 'd1', appointmentId: 'a2' }), 'pending');
    entry.run('retry', JSON.stringify({ kind: 'dispatch.retry', dispatchId: 'd2', appointmentId: 'a2' }), 'delivered');
    entry.run('audit', JSON.stringify({ kind: 'audit.entry', entry: { seq: 1, appointmentId: 'a3' } }), 'pending');
    expect(migrate(db, APP_MIGRATIONS, 13)).toEqual([13]);
    expect(
      db.prepare('SELECT idempotency_key AS k, kind, lane, appointment_id AS appointmentId, dispatch_id AS dispatchId FROM outbox ORDER BY seq').all(),
    ).toEqual([
      { k: 'work', kind: 'work.notes', lane: 'ordered', appointmentId: 'a1', dispatchId: null },
      { k: 'send', kind: 'dispatch.send', lane: 'bulk', appointmentId: 'a2', dispatchId: 'd1' },
      { k: 'retry', kind: 'dispatch.retry', lane: 'bulk', appointmentId: 'a2', dispatchId: 'd2' },
      { k: 'audit', kind: 'audit.entry', lane: 'ordered', appointmentId: null, dispatchId: null },
    ]);
    expect(() => db.prepare("UPDATE outbox SET lane = 'fast'").run()).toThrow(/CHECK/);
  });

  it('014 names the identity check verification and keeps when the hub acknowledged a pass; passes of version 13 count as told', () => {
    migrate(db, APP_MIGRATIONS, 13);
    db.prepare("INSERT INTO id_check_ticks VALUES ('passed', 'face_visible', '2026-11-20T08:59:00.000Z', 'u', 42)").run();
    db.prepare(
      "INSERT INTO id_check_outcomes VALUES ('passed', 'passed', NULL, '2026-11-20T09:00:00.000Z', 'u'), ('failed', 'failed', 'technical', '2026-11-20T09:00:00.000Z', 'u')",
    ).run();
    expect(migrate(db, APP_MIGRATIONS, 14)).toEqual([14]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'id_check%'").all()).toEqual([]);
    expect(db.prepare('SELECT appointment_id AS id, item FROM verification_ticks').all()).toEqual([{ id: 'passed', item: 'face_visible' }]);
    expect(db.prepare('SELECT appointment_id AS id, hub_told_at AS told FROM verification_outcomes ORDER BY appointment_id').all()).toEqual([
      { id: 'failed', told: null },
      { id: 'passed', told: '2026-11-20T09:00:00.000Z' },
    ]);
    // The constraints come along with the rename.
    expect(() =>
      db.prepare("INSERT INTO verification_outcomes (appointment_id, outcome, reason, decided_at, actor_id) VALUES ('x', 'failed', NULL, 'now', 'u')").run(),
    ).toThrow(/CHECK/);
  });

  it('015 tells a letter whose record the hub refused by its failure, not by a prefix of its reason', () => {
    migrate(db, APP_MIGRATIONS, 14);
    const dispatch = db.prepare(
      "INSERT INTO dispatches (id, appointment_id, channel, state, reason, recipient, created_at, created_by, updated_at) VALUES (?, 'a', ?, ?, ?, '', 'now', 'u', 'now')",
    );
    dispatch.run('refused', 'post', 'sent', 'The hub did not take the record of this letter: There is no such appointment at this KEP.');
    dispatch.run('posted', 'post', 'sent', null);
    dispatch.run('mail', 'email', 'failed', 'The mail server refused the address.');
    expect(migrate(db, APP_MIGRATIONS, 15)).toEqual([15]);
    expect(db.prepare('SELECT id, state, reason, failure FROM dispatches ORDER BY id').all()).toEqual([
      { id: 'mail', state: 'failed', reason: 'The mail server refused the address.', failure: null },
      { id: 'posted', state: 'sent', reason: null, failure: null },
      { id: 'refused', state: 'sent', reason: 'There is no such appointment at this KEP.', failure: 'record_refused' },
    ]);
  });

  it('016 adds the statistics cache, empty, and leaves the appointments of version 15 alone', () => {
    migrate(db, APP_MIGRATIONS, 15);
    db.prepare(
      `INSERT INTO appointments VALUES ('keep-me', 'kep-a', '2026-11-30T07:00:00.000Z', '2026-11-30T07:20:00.000Z', 2, 'C2', 's', 'Μαρία', 'Παππά',
      '123456783', NULL, NULL, NULL, 0, 'inbox', 'booked', '2026-11-29T00:00:00.000Z', '2026-11-29T00:00:00.000Z', NULL)`,
    ).run();
    expect(migrate(db, APP_MIGRATIONS, 16)).toEqual([16]);
    expect(tables(db)).toContain('stats_cache');
    expect(db.prepare('SELECT count(*) AS n FROM stats_cache').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT id FROM appointments').all()).toEqual([{ id: 'keep-me' }]);
  });

  it('019 writes the appointments’ rules without IN lists, keeping every row, rule and index', () => {
    migrate(db, APP_MIGRATIONS, 18);
    const row = [
      'keep-me',
      'kep-a',
      '2026-11-30T07:00:00.000Z',
      '2026-11-30T07:20:00.000Z',
      2,
      'C2',
      's',
      'Μαρία',
      'Παππά',
      '123456783',
      'maria@example.gr',
      '2100000000',
      'Οδός 1',
      1,
      'post',
      'cancelled',
      '2026-11-29T00:00:00.000Z',
      '2026-11-29T00:00:00.000Z',
      'ακύρωσε',
      'desk',
      'Γ. Υπάλληλος',
    ];
    const insert = (values: unknown[]): unknown => db.prepare(`INSERT INTO appointments VALUES (${values.map(() => '?').join(', ')})`).run(values);
    insert(row);
    const before = db.prepare('SELECT * FROM appointments').all();
    expect(migrate(db, APP_MIGRATIONS, 19)).toEqual([19]);
    expect(db.prepare('SELECT * FROM appointments').all()).toEqual(before);
    const { sql } = db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_schema WHERE name = 'appointments'").get() as { sql: string };
    // SQLite builds a lookup table for an IN list at every run of a statement: a day of 2,000
    // inserted row by row built 6,000 of them (2 ms of the sync's write).
    expect(sql).not.toMatch(/\bIN\s*\(/i);
    expect(sql).toMatch(/STRICT$/);
    const index = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'appointments_by_kep_start'").get();
    expect(index).toEqual({ sql: 'CREATE INDEX appointments_by_kep_start ON appointments (kep_id, starts_at)' });
    const broken = (column: number, value: unknown): unknown[] => row.map((v, i) => (i === 0 ? `x${column}` : i === column ? value : v));
    expect(() => insert(broken(4, 5))).toThrow(/CHECK/);
    expect(() => insert(broken(13, 2))).toThrow(/CHECK/);
    expect(() => insert(broken(14, 'fax'))).toThrow(/CHECK/);
    expect(() => insert(broken(19, 'phone'))).toThrow(/CHECK/);
    expect(() => insert(broken(2, null))).toThrow(/NOT NULL/);
    expect(() => insert(broken(4, 'two'))).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() => insert(row)).toThrow(/UNIQUE/);
    insert(broken(19, null));
    expect(db.prepare('SELECT count(*) AS n FROM appointments').get()).toEqual({ n: 2 });
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    migrate(db, APP_MIGRATIONS);
    db.pragma(`user_version = ${APP_MIGRATIONS.length + 1}`);
    expect(() => migrate(db, APP_MIGRATIONS)).toThrow(MigrationError);
    expect(() => migrate(db, APP_MIGRATIONS)).toThrow(/newer than this program knows/);
    expect(currentVersion(db)).toBe(APP_MIGRATIONS.length + 1);
    const appDb = openAppDatabase(dir.path);
    appDb.pragma('user_version = 99');
    appDb.close();
    expect(() => openAppDatabase(dir.path)).toThrow(/schema version 99/);
  });

  it('rolls a failing migration back whole, leaving the previous version', () => {
    const broken = [
      ...APP_MIGRATIONS,
      {
        version: APP_MIGRATIONS.length + 1,
        name: 'broken',
        up: (d: SqliteDatabase) => void d.exec('CREATE TABLE half (x INTEGER) STRICT; SELECT nope FROM nowhere;'),
      },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(currentVersion(db)).toBe(APP_MIGRATIONS.length);
    expect(tables(db)).not.toContain('half');
  });

  it('refuses a list out of order', () => {
    const shuffled = [APP_MIGRATIONS[1], APP_MIGRATIONS[0]] as typeof APP_MIGRATIONS;
    expect(() => migrate(db, shuffled)).toThrow(/expected 1/);
  });

  it('is idempotent across restarts', () => {
    db.close();
    openAppDatabase(dir.path).close();
    db = openAppDatabase(dir.path);
    expect(currentVersion(db)).toBe(APP_MIGRATIONS.length);
    const check = new Database(`${dir.path}/kep-live-desk.sqlite`, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });
});
