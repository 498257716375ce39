import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnrolmentCode } from '../../hub/src/auth/enrolment';
import { addUser } from '../../hub/src/auth/users';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import type { AppInfo, SessionInfo } from '../../src-shared/contract/ipc';
import type { Result } from '../../src-shared/errors';
import { startTestHub, type TestHub } from '../support/hub';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!.id;
const PASSWORD = 'a long enough password';
let hub: TestHub;
let dataDir: ReturnType<typeof makeTempDir>;
const apps: KepApp[] = [];

beforeEach(async () => {
  hub = await startTestHub([]);
  await addUser(hub.hub.store, { kepId: KEP, username: 'maria', displayName: 'Μαρία Παπαδοπούλου', role: 'employee', password: PASSWORD });
  await addUser(hub.hub.store, { kepId: KEP, username: 'it-desk', displayName: 'Υποστήριξη', role: 'it-admin', password: PASSWORD });
  dataDir = makeTempDir();
});
afterEach(async () => {
  for (const app of apps.splice(0)) app.close();
  await hub.stop();
  dataDir.remove();
});

function openApp(): KepApp {
  const app = createApp({ dataDir: dataDir.path, config: loadMachineConfig(dataDir.path, {}), version: 'test' });
  apps.push(app);
  app.start();
  return app;
}

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function enrol(app: KepApp): Promise<AppInfo> {
  const { code } = createEnrolmentCode(hub.hub.store, KEP);
  return value<AppInfo>(await app.invoke('workstation.enrol', { hubUrl: hub.hub.url, code, label: 'Γκισέ 1' }));
}

describe('enrolment and sign-in at a workstation', () => {
  it('enrols with a one-time code and keeps the credential in a file only its owner can read', async () => {
    const app = openApp();
    expect(value<AppInfo>(await app.invoke('app.info', undefined)).enrolled).toBe(false);
    const info = await enrol(app);
    expect(info).toMatchObject({ enrolled: true, hubUrl: hub.hub.url, credentialProtection: 'file' });
    const file = join(dataDir.path, 'workstation-credential.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The sync picks the KEP up from the hub with the new credential.
    await expect.poll(async () => value<AppInfo>(await app.invoke('app.info', undefined)).kep?.id).toBe(KEP);
  });

  it('explains a wrong or used code', async () => {
    const app = openApp();
    const { code } = createEnrolmentCode(hub.hub.store, KEP);
    await app.invoke('workstation.enrol', { hubUrl: hub.hub.url, code, label: 'Γκισέ 1' });
    const other = makeTempDir();
    const second = createApp({ dataDir: other.path, config: loadMachineConfig(other.path, {}), version: 'test' });
    try {
      expect(await second.invoke('workstation.enrol', { hubUrl: hub.hub.url, code, label: 'Γκισέ 2' })).toEqual({
        ok: false,
        error: { code: 'unauthorized', message: 'This enrolment code has already been used.' },
      });
      expect(await second.invoke('workstation.enrol', { hubUrl: 'not a url', code, label: 'x' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    } finally {
      second.close();
      other.remove();
    }
  });

  it('signs an employee in and out, with the live hub connection following the session', async () => {
    const app = openApp();
    await enrol(app);
    expect(await app.invoke('day.get', { date: '2026-11-30' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await app.invoke('session.signIn', { username: 'maria', password: 'wrong password' })).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'Wrong username or password.' },
    });
    const session = value<SessionInfo>(await app.invoke('session.signIn', { username: 'maria', password: PASSWORD }));
    expect(session).toMatchObject({ user: { username: 'maria', role: 'employee' }, mode: 'online' });
    await expect.poll(async () => value<SessionInfo>(await app.invoke('session.get', undefined)).realtime).toBe('connected');
    expect((await hub.hub.io.fetchSockets()).map((s) => s.data.kind)).toContain('workstation');
    expect((await app.invoke('day.get', { date: '2026-11-30' })).ok).toBe(true);

    value(await app.invoke('session.signOut', undefined));
    expect(value(await app.invoke('session.get', undefined))).toBeNull();
    await expect.poll(async () => (await hub.hub.io.fetchSockets()).length).toBe(0);
    expect((await app.invoke('day.get', { date: '2026-11-30' })).ok).toBe(false);
  });

  it('keeps the session across a restart, and never hands a token to the renderer', async () => {
    const first = openApp();
    await enrol(first);
    value(await first.invoke('session.signIn', { username: 'maria', password: PASSWORD }));
    first.close();
    apps.splice(0);

    const app = openApp();
    await expect.poll(async () => value<SessionInfo | null>(await app.invoke('session.get', undefined))?.mode).toBe('online');
    const credential = JSON.parse(readFileSync(join(dataDir.path, 'workstation-credential.json'), 'utf8')) as { token: string };
    const session = JSON.parse(readFileSync(join(dataDir.path, 'session.json'), 'utf8')) as { refreshToken: string };
    const seenByRenderer = JSON.stringify(
      await Promise.all((['app.info', 'session.get', 'sync.status', 'settings.get'] as const).map((c) => app.invoke(c, undefined))),
    );
    expect(seenByRenderer).toContain('maria');
    expect(seenByRenderer).not.toContain(credential.token);
    expect(seenByRenderer).not.toContain(session.refreshToken);
    expect(
      readdirSync(dataDir.path)
        .filter((f) => f.endsWith('.json'))
        .every((f) => (statSync(join(dataDir.path, f)).mode & 0o077) === 0),
    ).toBe(true);
  });

  it('lets only IT enrol an enrolled workstation again, and keeps IT away from citizens’ data', async () => {
    const app = openApp();
    await enrol(app);
    value(await app.invoke('session.signIn', { username: 'maria', password: PASSWORD }));
    const { code } = createEnrolmentCode(hub.hub.store, KEP);
    expect(await app.invoke('workstation.enrol', { hubUrl: hub.hub.url, code, label: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    value(await app.invoke('session.signOut', undefined));
    value(await app.invoke('session.signIn', { username: 'it-desk', password: PASSWORD }));
    expect(await app.invoke('day.get', { date: '2026-11-30' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(value<AppInfo>(await app.invoke('workstation.enrol', { hubUrl: hub.hub.url, code, label: 'Γκισέ 1 (νέο)' })).enrolled).toBe(true);
    // Enrolling again ends the session that did it.
    expect(value(await app.invoke('session.get', undefined))).toBeNull();
  });
});
