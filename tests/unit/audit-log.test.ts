import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unauditedChanges } from '../../src-main/audit/audit-coverage';
import { AuditLog, type AuditEntry, canonical, entryHash } from '../../src-main/audit/audit-log';
import { openAppDatabase } from '../../src-main/db/app-database';
import type { SqliteDatabase } from '../../src-main/db/open-database';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
let log: AuditLog;

beforeEach(() => {
  dir = makeTempDir();
  db = openAppDatabase(dir.path);
  log = new AuditLog(db, () => new Date('2026-11-30T07:00:00.000Z'));
  for (const kind of ['session.signIn', 'call.open', 'call.end', 'session.signOut']) {
    log.append({
      kind,
      actorId: 'u-maria',
      workstationId: 'ws-1',
      appointmentId: kind.startsWith('call') ? '6f1c1c9e-2d6a-4c8e-9a51-0c1b4a6b7d2e' : null,
      details: { note: 'Καλημέρα', n: 1 },
    });
  }
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
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('audit trail', () => {
  it('chains every entry to the one before, and says the chain is intact', () => {
    const entries = log.after(0);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(entries[0]!.prevHash).toBe('0'.repeat(64));
    expect(entries[2]!.prevHash).toBe(entries[1]!.hash);
    expect(log.verify()).toEqual({ intact: true, entries: 4 });
    expect(check()).toMatchObject({ status: 0, out: expect.stringContaining('intact: 4 entries') });
  });

  it('hashes the canonical text of what an entry says and the hash before it, nothing else', () => {
    const entries: Omit<AuditEntry, 'hash'>[] = [
      {
        seq: 1,
        at: '2026-11-30T07:00:00.000Z',
        actorId: null,
        workstationId: null,
        kind: 'session.signIn',
        appointmentId: null,
        details: {},
        prevHash: '0'.repeat(64),
      },
      {
        seq: 12,
        at: '2026-11-30T07:00:00.000Z',
        actorId: 'u-maria',
        workstationId: 'ws-1',
        kind: 'case.status',
        appointmentId: '6f1c1c9e-2d6a-4c8e-9a51-0c1b4a6b7d2e',
        details: { z: [3, { b: 'Καλημέρα "x"', a: null }], a: 1.5, gone: undefined, nested: { y: true, x: 'é\n' } },
        prevHash: 'ab'.repeat(32),
      },
    ];
    for (const entry of entries) {
      const { seq, at, actorId, workstationId, kind, appointmentId, details, prevHash } = entry;
      const text = canonical({ seq, at, actorId, workstationId, kind, appointmentId, details, prevHash });
      expect(entryHash({ ...entry, ...{ extra: 'not hashed' } })).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });

  it('cannot be updated or deleted by the application', () => {
    expect(() => db.prepare("UPDATE audit_log SET kind = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 4').run()).toThrow(/append-only/);
  });

  it('names the first entry whose contents were edited in the file', () => {
    tamper(`UPDATE audit_log SET actor_id = 'u-someone-else' WHERE seq = 2`);
    expect(log.verify()).toMatchObject({ intact: false, firstBroken: 2, reason: 'its contents do not match its hash' });
    const { status, out } = check();
    expect(status).toBe(1);
    expect(out).toContain('broken at entry 2');
  });

  it('notices an entry removed from the middle, or from the end', () => {
    tamper('DELETE FROM audit_log WHERE seq = 3');
    expect(log.verify()).toMatchObject({ intact: false, firstBroken: 4, reason: 'entry 3 is missing' });
    tamper('DELETE FROM audit_log WHERE seq >= 3');
    expect(log.verify()).toMatchObject({ intact: false, firstBroken: 3, reason: 'entries 3 to 4 are missing' });
    expect(check().status).toBe(1);
  });

  it('notices a rehashed forgery that does not carry on from the real chain', () => {
    // An edited entry given a new hash of its own no longer links to the entry after it.
    tamper(`UPDATE audit_log SET actor_id = 'u-someone-else', hash = '${'f'.repeat(64)}' WHERE seq = 2`);
    expect(log.verify()).toMatchObject({ intact: false, firstBroken: 2 });
  });

  it('exits 2 when there is nothing to check', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src-main/audit/check-cli.ts', '--data-dir=/nonexistent/kep'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no workstation database');
  });

  it('names a change that was queued without its audit entry', () => {
    // check() reopens the database: statements are prepared on the connection of the moment.
    const outbox = {
      run: (key: string, actor: string, change: string, madeAt: string) =>
        db
          .prepare('INSERT INTO outbox (idempotency_key, actor_id, kind, change, made_at) VALUES (?, ?, ?, ?, ?)')
          .run(key, actor, (JSON.parse(change) as { kind: string }).kind, change, madeAt),
    };
    const notes = { kind: 'work.notes', appointmentId: '6f1c1c9e-2d6a-4c8e-9a51-0c1b4a6b7d2e', notes: 'x' };
    outbox.run('k-audited', 'u-maria', JSON.stringify(notes), '2026-11-30T07:00:00.000Z');
    log.append({ kind: 'work.notes', actorId: 'u-maria', workstationId: 'ws-1', appointmentId: notes.appointmentId, details: { idempotencyKey: 'k-audited' } });
    expect(check()).toMatchObject({ status: 0, out: expect.stringContaining('every change still held here has its entry') });
    outbox.run('k-silent', 'u-maria', JSON.stringify(notes), '2026-11-30T07:00:00.000Z');
    // Audit entries travel in the outbox too; they are not changes that need an entry of their own.
    outbox.run('k-entry', '', JSON.stringify({ kind: 'audit.entry', entry: {} }), '2026-11-30T07:00:00.000Z');
    expect(unauditedChanges(db)).toEqual([{ id: 'k-silent', kind: 'work.notes', madeAt: '2026-11-30T07:00:00.000Z' }]);
    expect(new AuditLog(db).verify()).toMatchObject({ intact: true }); // the chain alone cannot tell
    const { status, out } = check();
    expect(status).toBe(1);
    expect(out).toContain('work.notes k-silent');
  });
});
