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

describe('hub migration 003', () => {
  it('adds replaced_at to refresh tokens and keeps the tokens of version 2', () => {
    const dir = makeTempDir();
    const db = openHubDatabase(`${dir.path}/hub.sqlite`);
    try {
      migrate(db, HUB_MIGRATIONS, 2);
      db.prepare("INSERT INTO keps VALUES ('kep-a', 'ΚΕΠ Α')").run();
      db.prepare("INSERT INTO workstations VALUES ('w1', 'kep-a', 'desk', 'h', '2026-11-29T00:00:00.000Z', NULL)").run();
      db.prepare(
        "INSERT INTO users (id, kep_id, username, display_name, role, password_hash, created_at) VALUES ('u1', 'kep-a', 'maria', 'Μαρία', 'employee', 'x', '2026-11-29T00:00:00.000Z')",
      ).run();
      db.prepare("INSERT INTO refresh_tokens (token_hash, user_id, workstation_id, issued_at, expires_at) VALUES ('t1', 'u1', 'w1', 'a', 'b')").run();
      expect(migrate(db, HUB_MIGRATIONS, 3)).toEqual([3]);
      expect(db.prepare('SELECT token_hash, replaced_at FROM refresh_tokens').all()).toEqual([{ token_hash: 't1', replaced_at: null }]);
    } finally {
      db.close();
      dir.remove();
    }
  });
});

describe('hub migration 004', () => {
  it('adds work, applied changes and the change feed, and keeps the bookings of version 3', () => {
    const dir = makeTempDir();
    const db = openHubDatabase(`${dir.path}/hub.sqlite`);
    try {
      migrate(db, HUB_MIGRATIONS, 3);
      db.prepare("INSERT INTO keps VALUES ('kep-a', 'ΚΕΠ Α')").run();
      db.prepare(
        `INSERT INTO appointments VALUES ('a1', 'kep-a', '2026-11-30T07:00:00.000Z', '2026-11-30T07:20:00.000Z', 1, 'C1-E9', 's',
        'Α', 'Β', '123456783', NULL, NULL, NULL, 0, 'email', 'booked', 'x', 'y')`,
      ).run();
      expect(migrate(db, HUB_MIGRATIONS, 4)).toEqual([4]);
      expect(db.prepare('SELECT id, status, status_reason FROM appointments').all()).toEqual([{ id: 'a1', status: 'booked', status_reason: null }]);
      db.prepare("INSERT INTO appointment_work (appointment_id, updated_at) VALUES ('a1', 'now')").run();
      expect(() => db.prepare("INSERT INTO appointment_work (appointment_id, updated_at) VALUES ('missing', 'now')").run()).toThrow(/FOREIGN KEY/);
      expect(db.prepare("INSERT INTO appointment_changes (kep_id, appointment_id, at) VALUES ('kep-a', 'a1', 'now')").run().lastInsertRowid).toBe(1);

      // 005: the call's outcome, one of the known ones, on the work rows kept from 004.
      expect(migrate(db, HUB_MIGRATIONS, 5)).toEqual([5]);
      expect(db.prepare('SELECT appointment_id, call_outcome, call_ended_at FROM appointment_work').all()).toEqual([
        { appointment_id: 'a1', call_outcome: null, call_ended_at: null },
      ]);
      expect(() => db.prepare("UPDATE appointment_work SET call_outcome = 'great'").run()).toThrow(/CHECK/);

      // 006: identity checks passed, for existing appointments only.
      expect(migrate(db, HUB_MIGRATIONS, 6)).toEqual([6]);
      db.prepare("INSERT INTO identity_checks_passed VALUES ('a1', 'now', 'w1')").run();
      expect(() => db.prepare("INSERT INTO identity_checks_passed VALUES ('missing', 'now', 'w1')").run()).toThrow(/FOREIGN KEY/);

      // 007: the hub's copy of the audit trails, append-only too.
      expect(migrate(db, HUB_MIGRATIONS, 7)).toEqual([7]);
      expect(() => db.prepare("INSERT INTO audit_entries VALUES ('no-such-desk', 1, 'a', NULL, 'k', NULL, '{}', 'p', 'h', 'r')").run()).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
      dir.remove();
    }
  });
});

describe('hub migration 008', () => {
  it('adds dispatches, their documents and the append-only inbox downloads, keeping the data of version 7', () => {
    migrate(db, HUB_MIGRATIONS, 7);
    db.prepare("INSERT INTO keps VALUES ('kep-a', 'ΚΕΠ Α')").run();
    db.prepare("INSERT INTO workstations VALUES ('w1', 'kep-a', 'desk', 'h', '2026-11-29T00:00:00.000Z', NULL)").run();
    db.prepare(
      `INSERT INTO appointments (id, kep_id, starts_at, ends_at, category, service_code, subject, citizen_first_name, citizen_last_name, citizen_afm,
      interpreter_needed, delivery_method, status, created_at, updated_at) VALUES ('a1', 'kep-a', 's', 'e', 1, 'C1', 's', 'Α', 'Β', '123456783', 0, 'email', 'booked', 'x', 'y')`,
    ).run();
    expect(migrate(db, HUB_MIGRATIONS, 8)).toEqual([8]);
    expect(db.prepare('SELECT id FROM appointments').all()).toEqual([{ id: 'a1' }]);

    const dispatch =
      db.prepare(`INSERT INTO dispatches (id, kep_id, appointment_id, workstation_id, actor_id, channel, state, protocol_number, made_at, created_at, updated_at)
      VALUES (?, 'kep-a', ?, 'w1', 'u1', ?, ?, '', 'm', 'c', 'u')`);
    dispatch.run('d1', 'a1', 'inbox', 'sent');
    expect(() => dispatch.run('d2', 'missing', 'inbox', 'sent')).toThrow(/FOREIGN KEY/);
    expect(() => dispatch.run('d3', 'a1', 'fax', 'sent')).toThrow(/CHECK/);
    expect(() => dispatch.run('d4', 'a1', 'inbox', 'sending')).toThrow(/CHECK/);
    db.prepare("INSERT INTO dispatch_documents VALUES ('d1', 0, 'a.pdf', 10, 'h', x'255044462d')").run();
    expect(() => db.prepare("INSERT INTO dispatch_documents VALUES ('d1', 0, 'b.pdf', 10, 'h', NULL)").run()).toThrow(/UNIQUE|PRIMARY/);
    db.prepare("INSERT INTO inbox_downloads VALUES ('d1', 0, 'now', '127.0.0.1')").run();
    expect(() => db.prepare("INSERT INTO inbox_downloads VALUES ('d1', 7, 'now', '127.0.0.1')").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE inbox_downloads SET address = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM inbox_downloads').run()).toThrow(/append-only/);
  });
});

describe('hub migration 009', () => {
  it('adds handed_over_at to dispatches, empty for the dispatches of version 8', () => {
    migrate(db, HUB_MIGRATIONS, 8);
    db.prepare("INSERT INTO keps VALUES ('kep-a', 'ΚΕΠ Α')").run();
    db.prepare("INSERT INTO workstations VALUES ('w1', 'kep-a', 'desk', 'h', '2026-11-29T00:00:00.000Z', NULL)").run();
    db.prepare(
      `INSERT INTO appointments (id, kep_id, starts_at, ends_at, category, service_code, subject, citizen_first_name, citizen_last_name, citizen_afm,
      interpreter_needed, delivery_method, status, created_at, updated_at) VALUES ('a1', 'kep-a', 's', 'e', 1, 'C1', 's', 'Α', 'Β', '123456783', 0, 'email', 'booked', 'x', 'y')`,
    ).run();
    db.prepare(
      `INSERT INTO dispatches (id, kep_id, appointment_id, workstation_id, actor_id, channel, state, recipient, attempts, next_attempt_at, claimed_until,
      protocol_number, made_at, created_at, updated_at) VALUES ('d1', 'kep-a', 'a1', 'w1', 'u1', 'email', 'queued', 'eleni@example.com', 1, 'n', 'l', '', 'm', 'c', 'u')`,
    ).run();
    db.prepare("INSERT INTO dispatch_documents VALUES ('d1', 0, 'a.pdf', 10, 'h', x'255044462d')").run();

    expect(migrate(db, HUB_MIGRATIONS, 9)).toEqual([9]);
    expect(currentVersion(db)).toBe(9);
    expect(db.prepare('SELECT id, state, attempts, claimed_until, handed_over_at FROM dispatches').all()).toEqual([
      { id: 'd1', state: 'queued', attempts: 1, claimed_until: 'l', handed_over_at: null },
    ]);
    expect(db.prepare("SELECT count(*) AS n FROM dispatch_documents WHERE dispatch_id = 'd1' AND data IS NOT NULL").get()).toEqual({ n: 1 });
    db.prepare("UPDATE dispatches SET handed_over_at = '2026-11-29T07:31:27.442Z' WHERE id = 'd1'").run();
    expect(db.prepare('SELECT handed_over_at FROM dispatches').get()).toEqual({ handed_over_at: '2026-11-29T07:31:27.442Z' });
    // The table is still STRICT: the new column takes text only.
    expect(() => db.prepare("UPDATE dispatches SET handed_over_at = x'00' WHERE id = 'd1'").run()).toThrow(/cannot store BLOB/);
  });
});

describe('hub migration 010', () => {
  it('adds session keys, and ties refresh tokens of version 9 to none', () => {
    migrate(db, HUB_MIGRATIONS, 9);
    db.prepare("INSERT INTO keps VALUES ('kep-a', 'ΚΕΠ Α')").run();
    db.prepare("INSERT INTO workstations VALUES ('w1', 'kep-a', 'desk', 'h', '2026-11-29T00:00:00.000Z', NULL)").run();
    db.prepare(
      "INSERT INTO users (id, kep_id, username, display_name, role, password_hash, created_at) VALUES ('u1', 'kep-a', 'maria', 'Μαρία', 'employee', 'x', 'now')",
    ).run();
    db.prepare("INSERT INTO refresh_tokens (token_hash, user_id, workstation_id, issued_at, expires_at) VALUES ('t1', 'u1', 'w1', 'i', 'e')").run();

    expect(migrate(db, HUB_MIGRATIONS, 10)).toEqual([10]);
    expect(db.prepare('SELECT token_hash, actor_key_id, replaced_by FROM refresh_tokens').all()).toEqual([
      { token_hash: 't1', actor_key_id: null, replaced_by: null },
    ]);
    const key = db.prepare("INSERT INTO actor_keys (id, user_id, workstation_id, public_key, created_at, valid_until) VALUES (?, ?, 'w1', 'x', 'c', 'v')");
    key.run('k1', 'u1');
    expect(() => key.run('k2', 'nobody')).toThrow(/FOREIGN KEY/);
    db.prepare("UPDATE refresh_tokens SET actor_key_id = 'k1', replaced_by = 'h2' WHERE token_hash = 't1'").run();
    expect(() => db.prepare("UPDATE refresh_tokens SET actor_key_id = 'missing'").run()).toThrow(/FOREIGN KEY/);
  });
});

describe('hub migration 011', () => {
  it('adds the cause of a failure, outcome_unknown for the mails of version 10 failed as cut short', () => {
    migrate(db, HUB_MIGRATIONS, 10);
    db.prepare("INSERT INTO keps VALUES ('kep-a', 'ΚΕΠ Α')").run();
    db.prepare("INSERT INTO workstations VALUES ('w1', 'kep-a', 'desk', 'h', '2026-11-29T00:00:00.000Z', NULL)").run();
    db.prepare(
      `INSERT INTO appointments (id, kep_id, starts_at, ends_at, category, service_code, subject, citizen_first_name, citizen_last_name, citizen_afm,
      interpreter_needed, delivery_method, status, created_at, updated_at) VALUES ('a1', 'kep-a', 's', 'e', 1, 'C1', 's', 'Α', 'Β', '123456783', 0, 'email', 'booked', 'x', 'y')`,
    ).run();
    const dispatch =
      db.prepare(`INSERT INTO dispatches (id, kep_id, appointment_id, workstation_id, actor_id, channel, state, reason, handed_over_at, protocol_number, made_at, created_at, updated_at)
      VALUES (?, 'kep-a', 'a1', 'w1', 'u1', 'email', ?, ?, ?, '', 'm', 'c', 'u')`);
    const cutShort =
      'The hub stopped while handing this e-mail to the mail server; it may or may not have been sent. Check with the citizen before sending it again.';
    dispatch.run('cut-short', 'failed', cutShort, '2026-11-29T07:31:27.442Z');
    dispatch.run(
      'refused',
      'failed',
      'The mail server refused the address eleni@example.com (550 Mailbox unavailable); check the citizen’s e-mail address.',
      '2026-11-29T07:31:27.442Z',
    );
    dispatch.run('delivered', 'delivered', null, '2026-11-29T07:31:27.442Z');

    expect(migrate(db, HUB_MIGRATIONS, 11)).toEqual([11]);
    expect(db.prepare('SELECT id, state, reason, failure FROM dispatches ORDER BY id').all()).toEqual([
      { id: 'cut-short', state: 'failed', reason: cutShort, failure: 'outcome_unknown' },
      { id: 'delivered', state: 'delivered', reason: null, failure: null },
      { id: 'refused', state: 'failed', reason: expect.stringMatching(/^The mail server refused/), failure: null },
    ]);
    db.prepare("UPDATE dispatches SET failure = 'refused' WHERE id = 'refused'").run();
    expect(() => db.prepare("UPDATE dispatches SET failure = x'00' WHERE id = 'refused'").run()).toThrow(/cannot store BLOB/);
  });
});

describe('hub migration 012', () => {
  it('names the table of passed identity checks verifications_passed, keeping its rows and key', () => {
    migrate(db, HUB_MIGRATIONS, 11);
    db.prepare("INSERT INTO keps VALUES ('kep-a', 'ΚΕΠ Α')").run();
    db.prepare(
      `INSERT INTO appointments (id, kep_id, starts_at, ends_at, category, service_code, subject, citizen_first_name, citizen_last_name, citizen_afm,
      interpreter_needed, delivery_method, status, created_at, updated_at) VALUES ('a1', 'kep-a', 's', 'e', 1, 'C1', 's', 'Α', 'Β', '123456783', 0, 'email', 'booked', 'x', 'y')`,
    ).run();
    db.prepare("INSERT INTO identity_checks_passed VALUES ('a1', '2026-11-29T07:31:27.442Z', 'w1')").run();

    expect(migrate(db, HUB_MIGRATIONS, 12)).toEqual([12]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'identity_checks_passed'").all()).toEqual([]);
    expect(db.prepare('SELECT * FROM verifications_passed').all()).toEqual([
      { appointment_id: 'a1', passed_at: '2026-11-29T07:31:27.442Z', workstation_id: 'w1' },
    ]);
    expect(() => db.prepare("INSERT INTO verifications_passed VALUES ('a1', 'later', 'w2')").run()).toThrow(/UNIQUE|PRIMARY/);
  });
});

describe('hub migration 013', () => {
  it('adds releases, their stages, rollbacks and the fleet, and puts the KEPs of version 12 on stable', () => {
    migrate(db, HUB_MIGRATIONS, 12);
    db.prepare("INSERT INTO keps VALUES ('kep-a', 'ΚΕΠ Α')").run();
    db.prepare("INSERT INTO workstations VALUES ('w1', 'kep-a', 'desk', 'h', '2026-11-29T00:00:00.000Z', NULL)").run();

    expect(migrate(db, HUB_MIGRATIONS, 13)).toEqual([13]);
    expect(db.prepare('SELECT id, name, update_channel FROM keps').all()).toEqual([{ id: 'kep-a', name: 'ΚΕΠ Α', update_channel: 'stable' }]);

    const release = db.prepare(
      "INSERT INTO releases (id, channel, version, platform, file_name, size, sha512, published_at, published_by) VALUES (?, 'pilot', '1.4.0', ?, ?, ?, 'x', 'p', 'it')",
    );
    release.run('r1', 'win', 'Setup-1.4.0.exe', 10);
    release.run('r2', 'linux', 'desk-1.4.0.AppImage', 10);
    expect(() => release.run('r3', 'mac', 'desk.dmg', 10)).toThrow(/CHECK/);
    expect(() => release.run('r4', 'win', 'Setup-1.4.0.exe', 10)).toThrow(/UNIQUE/);
    expect(() => release.run('r5', 'win', 'empty.exe', 0)).toThrow(/CHECK/);

    const stage = db.prepare("INSERT INTO release_stages (channel, version, percent, updated_at) VALUES ('pilot', ?, ?, 'now')");
    stage.run('1.4.0', 30);
    expect(() => stage.run('1.5.0', 101)).toThrow(/CHECK/);
    db.prepare("INSERT INTO channel_rollbacks VALUES ('pilot', '1.4.0', 'now')").run();
    expect(() => db.prepare("INSERT INTO channel_rollbacks VALUES ('stable', '9.9.9', 'now')").run()).toThrow(/FOREIGN KEY/);

    db.prepare("INSERT INTO fleet_reports VALUES ('w1', '{}', 'now', 12)").run();
    expect(() => db.prepare("INSERT INTO fleet_reports VALUES ('nobody', '{}', 'now', 0)").run()).toThrow(/FOREIGN KEY/);
    const adoption = db.prepare("INSERT INTO fleet_adoption VALUES ('2026-12-03', 'w1', ?)");
    adoption.run('1.4.0');
    expect(() => adoption.run('1.5.0')).toThrow(/UNIQUE|PRIMARY/);
  });
});
