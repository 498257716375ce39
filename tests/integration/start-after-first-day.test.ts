import { afterEach, describe, expect, it } from 'vitest';
import { addUser } from '../../hub/src/auth/users';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { AuditLog } from '../../src-main/audit/audit-log';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { openAppDatabase } from '../../src-main/db/app-database';
import type { AppInfo } from '../../src-shared/contract/ipc';
import { startTestHub } from '../support/hub';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!.id;
const closing: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

/** A desk's data directory whose trail has `entries` entries, none verified at a start yet. */
function deskWithTrail(entries: number): string {
  const dir = makeTempDir();
  closing.push(() => dir.remove());
  const db = openAppDatabase(dir.path);
  const log = new AuditLog(db);
  for (let i = 0; i < entries; i += 1) log.append({ kind: 'work.notes', actorId: 'u-maria', workstationId: 'ws-1', appointmentId: null, details: { n: i } });
  db.close();
  return dir.path;
}

/** The head the last start verified, read through a connection of its own. */
function checkpointSeq(dataDir: string): number | null {
  const db = openAppDatabase(dataDir);
  try {
    return db.prepare<[], { seq: number }>('SELECT seq FROM audit_checkpoint').get()?.seq ?? null;
  } finally {
    db.close();
  }
}

function open(dataDir: string, config = loadMachineConfig(dataDir, {}), version = 'test'): KepApp {
  const app = createApp({ dataDir, config, version });
  closing.push(() => app.close());
  return app;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the start’s own work waits for the first day', () => {
  it('checks the trail once the first day is served, not before', async () => {
    const dataDir = deskWithTrail(5);
    const app = open(dataDir);
    app.start({ afterFirstDay: 60_000 });
    await nextTurn();
    expect(checkpointSeq(dataDir)).toBeNull();
    // Answered (no one is signed in here), which is what the start waits for.
    await app.invoke('day.get', { date: '2026-12-01' });
    await nextTurn();
    await nextTurn();
    expect(checkpointSeq(dataDir)).toBe(5);
  });

  it('checks the trail sooner when app.info asks, and once', async () => {
    const dataDir = deskWithTrail(3);
    const app = open(dataDir);
    app.start({ afterFirstDay: 60_000 });
    const info = (await app.invoke('app.info', undefined)) as { ok: true; value: AppInfo };
    expect(info.value.auditTrail).toMatchObject({ intact: true, entries: 3, unaudited: 0 });
    expect(checkpointSeq(dataDir)).toBe(3);
    const again = (await app.invoke('app.info', undefined)) as { ok: true; value: AppInfo };
    expect(again.value.auditTrail).toEqual(info.value.auditTrail);
  });

  it('shows IT a desk whose start is still waiting for its first day: fleet.get sends its report first', async () => {
    const t = await startTestHub([]);
    closing.push(() => t.stop());
    const password = 'a long enough password';
    await addUser(t.hub.store, { kepId: KEP, username: 'tech', displayName: 'Τεχνικός', role: 'it-admin', password });
    const dataDir = deskWithTrail(0);
    const app = open(dataDir, loadMachineConfig(dataDir, {}, { hubUrl: t.hub.url, workstationToken: t.tokens[KEP] as string }), '1.4.0');
    app.start({ afterFirstDay: 60_000 });
    expect((await app.invoke('session.signIn', { username: 'tech', password })).ok).toBe(true);
    const fleet = (await app.invoke('fleet.get', undefined)) as { ok: true; value: { desks: Array<{ report: { version: string } | null }> } };
    expect(fleet.ok).toBe(true);
    expect(fleet.value.desks.map((d) => d.report?.version ?? null)).toEqual(['1.4.0']);
  });
});
