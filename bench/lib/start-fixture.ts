import { randomUUID } from 'node:crypto';
import { AUDIT_HEAD_KEY, type AuditEntry, canonical, entryHash, GENESIS_HASH } from '../../src-main/audit/audit-log';
import { createApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { openAppDatabase } from '../../src-main/db/app-database';
import type { IsoDate } from '../../src-shared/domain/athens-time';
import type { Result } from '../../src-shared/errors';
import { BENCH_PASSWORD, type SyncBenchKep } from './sync-fixture';

const unwrap = <T>(result: Result<unknown>, what: string): T => {
  if (!result.ok) throw new Error(`${what} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
};

/**
 * A desk as it is the morning after a working day: enrolled (the credential comes from the
 * environment), an employee's session stored, today's day synced into the cache. Built by the
 * app itself, in this process, against the hub; the real clock, so the shell's "today" is the same.
 */
export async function prepareDesk(dataDir: string, hubUrl: string, kep: SyncBenchKep, date: IsoDate): Promise<void> {
  const config = loadMachineConfig(dataDir, {}, { hubUrl, workstationToken: kep.workstationToken });
  const app = createApp({ dataDir, config, version: 'bench' });
  try {
    unwrap(await app.invoke('session.signIn', { username: kep.username, password: BENCH_PASSWORD }), 'session.signIn');
    const status = unwrap<{ state: string }>(await app.invoke('sync.now', undefined), 'sync.now');
    if (status.state !== 'idle') throw new Error(`sync.now ended in state ${status.state}`);
    const day = unwrap<{ appointments: unknown[] }>(await app.invoke('day.get', { date }), 'day.get');
    if (day.appointments.length !== kep.count) throw new Error(`the desk cached ${day.appointments.length} appointments, not ${kep.count}`);
  } finally {
    app.close();
  }
}

const KINDS = ['work.notes', 'work.prepare', 'call.open', 'call.end', 'verification.tick', 'case.status', 'document.add', 'dispatch.created'];

/**
 * Appends `count` chained entries straight into the desk's audit log (as AuditLog.append would,
 * hashes and head included, but in one transaction): a year of work in seconds. Returns the
 * newest entry's number.
 */
export function appendAuditEntries(dataDir: string, count: number, actorId: string, appointmentIds: readonly string[]): number {
  const db = openAppDatabase(dataDir);
  try {
    return db.transaction((): number => {
      const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get();
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const insert = db.prepare(
        'INSERT INTO audit_log (seq, at, actor_id, workstation_id, kind, appointment_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const at = new Date().toISOString();
      for (let i = 0; i < count; i += 1) {
        seq += 1;
        const partial: Omit<AuditEntry, 'hash'> = {
          seq,
          at,
          actorId,
          workstationId: 'bench-desk',
          kind: KINDS[seq % KINDS.length] as string,
          appointmentId: appointmentIds[seq % appointmentIds.length] ?? null,
          details: { idempotencyKey: randomUUID(), notes: `bench entry ${seq}` },
          prevHash,
        };
        const hash = entryHash(partial);
        insert.run(seq, at, actorId, partial.workstationId, partial.kind, partial.appointmentId, canonical(partial.details), prevHash, hash);
        prevHash = hash;
      }
      db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
        AUDIT_HEAD_KEY,
        `${seq}:${prevHash}`,
      );
      return seq;
    })();
  } finally {
    db.close();
  }
}

/** The ids and the signed-in person's id of the cached day, for entries that name them. */
export function cachedDay(dataDir: string): { actorId: string; appointmentIds: string[] } {
  const db = openAppDatabase(dataDir);
  try {
    const appointmentIds = db
      .prepare<[], { id: string }>('SELECT id FROM appointments')
      .all()
      .map((r) => r.id);
    const actorId =
      db.prepare<[], { actor_id: string | null }>('SELECT actor_id FROM audit_log WHERE actor_id IS NOT NULL LIMIT 1').get()?.actor_id ?? 'bench-user';
    return { actorId, appointmentIds };
  } finally {
    db.close();
  }
}
