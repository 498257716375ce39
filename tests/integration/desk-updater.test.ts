import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AppImageUpdater } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, UpdateStatus } from '../../src-shared/contract/ipc';
import { athensToUtc } from '../../src-shared/domain/athens-time';
import type { UpdatePolicy } from '../../src-shared/protocol/updates';
import { HubApiClient } from '../../src-main/hub/hub-api-client';
import { createApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { NOT_SELF_UPDATING, UpdateService } from '../../src-main/update/update-service';
import { NodeHttpExecutor } from '../../src-main/update/node-http-executor';
import { makeTempDir } from '../support/temp-dir';

/**
 * The desk's updater for real in Node (STACK.md): electron-updater's AppImageUpdater with a small
 * app adapter, against a loopback server standing in for the hub's feed. Only the hub's side is
 * played here; the hub's own feed has its tests.
 */

const TOKEN = 'workstation-token-for-updates';
const RUNNING = '1.4.0';
/** An artifact that "installs" harmlessly when the updater runs it after replacing the old file. */
const artifactFor = (version: string): Buffer => Buffer.from(`#!/bin/sh\n# KEP Live Desk ${version}\n${'#'.repeat(64 * 1024)}\nexit 0\n`);
const sha512 = (bytes: Buffer): string => createHash('sha512').update(bytes).digest('base64');

interface Release {
  version: string;
  /** What the server sends as the artifact (a tampered one differs from what the feed's sha512 says). */
  served: Buffer;
  sha512: string;
}

interface Scene {
  server: Server;
  hubUrl: string;
  release: Release | null;
  policy: UpdatePolicy;
  requests: Array<{ path: string; authorized: boolean }>;
}

/** The hub's feed: policy, `latest-linux.yml` and the artifact, each refused without the workstation credential. */
async function startFeed(): Promise<Scene> {
  const scene = {
    release: null,
    policy: { channel: 'stable', offered: null, rollback: false, installWindow: null, checkEveryMinutes: 60 },
    requests: [],
  } as unknown as Scene;
  scene.server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const authorized = req.headers.authorization === `Bearer ${TOKEN}`;
    scene.requests.push({ path, authorized });
    if (!authorized) return void res.writeHead(401).end();
    const release = scene.release;
    if (path === '/api/v1/updates/policy') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(scene.policy));
    if (path === '/api/v1/updates/latest-linux.yml' && release) {
      const name = `KEP-Live-Desk-${release.version}.AppImage`;
      const size = release.served.length;
      const yml = `version: ${release.version}\nfiles:\n  - url: files/r1/${name}\n    sha512: ${release.sha512}\n    size: ${size}\npath: files/r1/${name}\nsha512: ${release.sha512}\nreleaseDate: '2026-12-01T08:00:00.000Z'\n`;
      return void res.writeHead(200, { 'content-type': 'text/yaml' }).end(yml);
    }
    if (release && path === `/api/v1/updates/files/r1/KEP-Live-Desk-${release.version}.AppImage`) {
      // In four parts over about two seconds, so the download reports progress on the way.
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': release.served.length });
      const part = Math.ceil(release.served.length / 4);
      let sent = 0;
      const next = (): void => {
        res.write(release.served.subarray(sent, sent + part));
        sent += part;
        if (sent >= release.served.length) res.end();
        else setTimeout(next, 700);
      };
      return next();
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => scene.server.listen(0, '127.0.0.1', resolve));
  scene.hubUrl = `http://127.0.0.1:${(scene.server.address() as AddressInfo).port}`;
  return scene;
}

function publish(scene: Scene, version: string, { tampered = false, rollback = false } = {}): void {
  const artifact = artifactFor(version);
  const served = tampered ? Buffer.concat([artifact.subarray(0, -8), Buffer.from('rm -rf\n\n')]) : artifact;
  scene.release = { version, served, sha512: sha512(artifact) };
  scene.policy = { ...scene.policy, offered: version, rollback };
}

interface Desk {
  service: UpdateService;
  updater: AppImageUpdater;
  statuses: UpdateStatus[];
  installs: Array<[boolean | undefined, boolean | undefined]>;
  /** Quits the app as Electron would, running the updater's quit handlers. */
  quit(): void;
  inCall: boolean;
  /** The running "AppImage" the updater replaces on install. */
  appImage: string;
}

let dir: ReturnType<typeof makeTempDir>;
let scene: Scene;
const savedAppImage = process.env.APPIMAGE;

beforeEach(async () => {
  dir = makeTempDir('kep-updater-');
  scene = await startFeed();
});

afterEach(async () => {
  if (savedAppImage === undefined) delete process.env.APPIMAGE;
  else process.env.APPIMAGE = savedAppImage;
  await new Promise((resolve) => scene.server.close(resolve));
  dir.remove();
});

/** electron-updater's AppImage updater of a desk running RUNNING, with a small app adapter in place of Electron's. */
function appImageUpdater(): { updater: AppImageUpdater; appImage: string; quit(): void } {
  const appImage = join(dir.path, 'KEP-Live-Desk.AppImage');
  writeFileSync(appImage, artifactFor(RUNNING), { mode: 0o755 });
  // The AppImage updater installs over the file its AppImage runtime names.
  process.env.APPIMAGE = appImage;
  const configPath = join(dir.path, 'app-update.yml');
  writeFileSync(configPath, `provider: generic\nurl: ${scene.hubUrl}/api/v1/updates/\nupdaterCacheDirName: kep-live-desk-updater\n`);
  const quitHandlers: Array<(exitCode: number) => void> = [];
  const updater = new AppImageUpdater(null, {
    version: RUNNING,
    name: 'kep-live-desk',
    isPackaged: false,
    appUpdateConfigPath: configPath,
    userDataPath: join(dir.path, 'user-data'),
    baseCachePath: join(dir.path, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: (handler: (exitCode: number) => void) => quitHandlers.push(handler),
  });
  updater.forceDevUpdateConfig = true;
  updater.logger = null;
  // Outside Electron the updater has no HTTP client of its own.
  Object.assign(updater, { httpExecutor: new NodeHttpExecutor() });
  return { updater, appImage, quit: () => quitHandlers.forEach((handler) => handler(0)) };
}

/** A desk whose clock starts at an Athens wall-clock time and runs on. */
function deskAt(athensTime: string, { interceptInstall = true } = {}): Desk {
  const { updater, appImage, quit } = appImageUpdater();
  const desk = { updater, statuses: [], installs: [], inCall: false, appImage, quit } as unknown as Desk;
  if (interceptInstall) updater.quitAndInstall = (silent, forceRunAfter) => void desk.installs.push([silent, forceRunAfter]);
  const startedAt = Date.now();
  const wallClock = athensToUtc('2026-12-03', athensTime).getTime();
  desk.service = new UpdateService({
    updater,
    policy: () => new HubApiClient({ baseUrl: scene.hubUrl, token: TOKEN }).updatePolicy('linux'),
    feed: () => ({ hubUrl: scene.hubUrl, token: TOKEN }),
    inCall: () => desk.inCall,
    now: () => new Date(wallClock + Date.now() - startedAt),
    events: {
      emit: (event: EventName, payload: unknown) => {
        if (event === 'update.changed') desk.statuses.push(payload as UpdateStatus);
      },
    },
  });
  return desk;
}

const feedRequests = (): Array<{ path: string; authorized: boolean }> => scene.requests.filter((r) => r.path !== '/api/v1/updates/policy');

describe('the desk updater against the hub feed', () => {
  it('downloads a newer release with progress, verifies it and is ready to install on quit', async () => {
    publish(scene, '1.5.0');
    const desk = deskAt('10:00');
    await desk.service.check();
    desk.service.stop();

    expect(desk.service.state()).toMatchObject({ state: 'ready', version: '1.5.0', percent: 100, message: null });
    expect(desk.service.state().checkedAt).not.toBeNull();
    expect(desk.statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['checking', 'downloading', 'ready']));
    // Progress on the way, in whole percents, never two announcements of the same percent.
    const percents = desk.statuses.filter((s) => s.state === 'downloading').map((s) => s.percent);
    expect(percents.some((p) => p !== null && p > 0 && p < 100)).toBe(true);
    expect(percents.every((p) => Number.isInteger(p))).toBe(true);
    expect(new Set(percents).size).toBe(percents.length);
    // Every request carried the workstation credential; the artifact was fetched.
    expect(scene.requests.every((r) => r.authorized)).toBe(true);
    expect(feedRequests().map((r) => r.path)).toContain('/api/v1/updates/files/r1/KEP-Live-Desk-1.5.0.AppImage');
    // No window: nothing installs until the employee quits.
    expect(desk.installs).toEqual([]);
    expect(desk.service.status().installWindow).toBeNull();
  });

  it('refuses a tampered artifact: error, not ready', async () => {
    publish(scene, '1.5.0', { tampered: true });
    const desk = deskAt('10:00');
    await desk.service.check();
    desk.service.stop();

    const state = desk.service.state();
    expect(state.state).toBe('error');
    expect(state.message).toMatch(/sha512/i);
    expect(desk.statuses.some((s) => s.state === 'ready')).toBe(false);
  });

  it('does not offer an older release unless the hub rolled back to it', async () => {
    publish(scene, '1.3.0');
    const desk = deskAt('10:00');
    await desk.service.check();
    expect(desk.service.state()).toMatchObject({ state: 'idle', version: null });
    expect(feedRequests().map((r) => r.path)).toEqual(['/api/v1/updates/latest-linux.yml']);

    publish(scene, '1.3.0', { rollback: true });
    await desk.service.check();
    desk.service.stop();
    expect(desk.service.state()).toMatchObject({ state: 'ready', version: '1.3.0' });
  });

  it('checks nothing when the hub offers no release', async () => {
    const desk = deskAt('10:00');
    await desk.service.check();
    desk.service.stop();
    expect(desk.service.state()).toMatchObject({ state: 'idle', version: null, message: null });
    expect(desk.service.state().checkedAt).not.toBeNull();
    expect(feedRequests()).toEqual([]);
  });

  it('defers an install moment that comes during a call until the call ends', async () => {
    publish(scene, '1.5.0');
    scene.policy = { ...scene.policy, installWindow: { from: '22:00', to: '06:00' } };
    const desk = deskAt('23:30');
    desk.inCall = true;
    await desk.service.check();

    // Ready inside the window, but a call is open.
    expect(desk.service.status()).toMatchObject({ state: 'ready', version: '1.5.0', installWindow: { from: '22:00', to: '06:00' } });
    expect(desk.installs).toEqual([]);

    desk.inCall = false;
    desk.service.callClosed();
    desk.service.stop();
    expect(desk.installs).toEqual([[true, true]]);
    expect(desk.service.state().state).toBe('installing');
  });

  it('waits outside the install window', async () => {
    publish(scene, '1.5.0');
    scene.policy = { ...scene.policy, installWindow: { from: '22:00', to: '06:00' } };
    const desk = deskAt('14:00');
    await desk.service.check();
    desk.service.callClosed();
    desk.service.stop();
    expect(desk.service.state().state).toBe('ready');
    expect(desk.installs).toEqual([]);
  });

  it('installs the downloaded release when the employee quits', async () => {
    publish(scene, '1.5.0');
    const desk = deskAt('10:00', { interceptInstall: false });
    await desk.service.check();
    desk.service.stop();
    expect(desk.service.state().state).toBe('ready');

    desk.quit();
    expect(readFileSync(desk.appImage)).toEqual(artifactFor('1.5.0'));
  });

  it('keeps a downloaded release ready while the hub still offers it', async () => {
    publish(scene, '1.5.0');
    const desk = deskAt('10:00', { interceptInstall: false });
    await desk.service.check();
    await desk.service.check();
    desk.service.stop();
    expect(desk.service.state()).toMatchObject({ state: 'ready', version: '1.5.0' });

    desk.quit();
    expect(readFileSync(desk.appImage)).toEqual(artifactFor('1.5.0'));
  });

  it('does not install a downloaded release the hub stopped offering', async () => {
    publish(scene, '1.5.0');
    const desk = deskAt('10:00', { interceptInstall: false });
    await desk.service.check();
    expect(desk.service.state().state).toBe('ready');

    // IT halts the release.
    scene.policy = { ...scene.policy, offered: null };
    await desk.service.check();
    desk.service.stop();
    expect(desk.service.state()).toMatchObject({ state: 'idle', version: null });

    desk.quit();
    expect(readFileSync(desk.appImage)).toEqual(artifactFor(RUNNING));
  });

  it('reports a feed that refuses the credential as an error for IT, without throwing', async () => {
    publish(scene, '1.5.0');
    const desk = deskAt('10:00');
    // A credential the hub does not know.
    const service = new UpdateService({
      updater: desk.updater,
      policy: () => new HubApiClient({ baseUrl: scene.hubUrl, token: 'revoked' }).updatePolicy('linux'),
      feed: () => ({ hubUrl: scene.hubUrl, token: 'revoked' }),
      inCall: () => false,
      now: () => new Date(),
      events: { emit: () => undefined },
    });
    await service.check();
    service.stop();
    desk.service.stop();
    expect(service.state()).toMatchObject({ state: 'error', message: expect.stringMatching(/401/) });
  });
});

describe('the updater in the app', () => {
  it('answers idle without an updater (tests, the browser shell), before anyone signs in', async () => {
    const app = createApp({ dataDir: dir.path, config: loadMachineConfig(dir.path, {}), version: RUNNING });
    try {
      expect(await app.invoke('update.status', undefined)).toEqual({ ok: true, value: NOT_SELF_UPDATING });
    } finally {
      app.close();
    }
  });

  it('checks the hub feed with the workstation credential once started', async () => {
    publish(scene, '1.5.0');
    const { updater } = appImageUpdater();
    const config = loadMachineConfig(dir.path, {}, { hubUrl: scene.hubUrl, workstationToken: TOKEN });
    const app = createApp({ dataDir: join(dir.path, 'desk'), config, version: RUNNING, updater });
    try {
      app.start();
      await expect.poll(async () => ((await app.invoke('update.status', undefined)) as { value: UpdateStatus }).value.state, { timeout: 10_000 }).toBe('ready');
      const status = (await app.invoke('update.status', undefined)) as { value: UpdateStatus };
      expect(status.value).toMatchObject({ version: '1.5.0', installWindow: null });
      expect(scene.requests.filter((r) => r.path.startsWith('/api/v1/updates/')).every((r) => r.authorized)).toBe(true);
    } finally {
      app.close();
    }
  });
});
