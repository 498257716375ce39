import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AppImageUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { type ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { releaseFilePath } from '../../hub/src/updates/release-files';
import { stagingBucket } from '../../hub/src/updates/staging';
import { haltRelease, publishRelease, rollBack, setKepChannel, stageRelease } from '../../hub/src/updates/releases';
import { HubApiClient } from '../../src-main/hub/hub-api-client';
import { API_PREFIX } from '../../src-shared/protocol/constants';
import type { UpdatePlatform } from '../../src-shared/protocol/updates';
import { startTestHub, type TestHub } from '../support/hub';
import { NodeHttpExecutor } from '../../src-main/update/node-http-executor';
import { makeTempDir } from '../support/temp-dir';

/** The YAML parser electron-updater itself reads the feed with (it has no types of its own here). */
const { load: parseYaml } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface Feed {
  version: string;
  files: { url: string; sha512: string; size: number }[];
  path: string;
  sha512: string;
  releaseDate: string;
}

const KEP_A = DEMO_KEPS[0]!.id;
const KEP_B = DEMO_KEPS[1]!.id;
let t: TestHub;
let dir: ReturnType<typeof makeTempDir>;

beforeEach(async () => {
  t = await startTestHub([]);
  dir = makeTempDir('kep-updates-');
});
afterEach(async () => {
  await t.stop();
  dir.remove();
});

/** An installer of `version`: random bytes, so each version's sha512 is its own. */
function installer(version: string, platform: UpdatePlatform = 'linux'): { file: string; bytes: Buffer } {
  const bytes = randomBytes(64 * 1024 + 17);
  const file = join(dir.path, platform === 'win' ? `KEP Live Desk Setup ${version}.exe` : `kep-live-desk-${version}.AppImage`);
  writeFileSync(file, bytes);
  return { file, bytes };
}

async function publish(version: string, percent: number, channel = 'stable', platform: UpdatePlatform = 'linux') {
  const { file, bytes } = installer(version, platform);
  const release = await publishRelease(t.hub.store, { file, version, platform, channel, percent, publishedBy: 'test' });
  return { release, bytes };
}

/**
 * A desk's real updater (STACK.md): electron-updater's AppImageUpdater with an app adapter
 * instead of Electron, pointed at the hub's feed with the workstation's credential, as the desk
 * will: no differential download, downgrades only when the hub's policy says rollback.
 */
async function deskUpdater(version: string, token: string) {
  const root = join(dir.path, `desk-${randomBytes(4).toString('hex')}`);
  mkdirSync(root, { recursive: true });
  const feedUrl = `${t.hub.url}${API_PREFIX}/updates`;
  writeFileSync(join(root, 'app-update.yml'), `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: kep-live-desk-updater\n`);
  const app: AppAdapter = {
    version,
    name: 'kep-live-desk',
    isPackaged: false,
    appUpdateConfigPath: join(root, 'app-update.yml'),
    userDataPath: join(root, 'user-data'),
    baseCachePath: join(root, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new AppImageUpdater(undefined, app);
  // With an app adapter the updater has no HTTP client of its own; Electron's would be used in the app.
  (updater as unknown as { httpExecutor: ElectronHttpExecutor }).httpExecutor = new NodeHttpExecutor();
  updater.logger = null;
  updater.forceDevUpdateConfig = true;
  updater.autoDownload = false;
  updater.disableDifferentialDownload = true;
  updater.requestHeaders = { authorization: `Bearer ${token}` };
  updater.setFeedURL({ provider: 'generic', url: feedUrl });
  const policy = await new HubApiClient({ baseUrl: t.hub.url, token }).updatePolicy('linux');
  updater.allowDowngrade = policy.rollback;
  return { updater, policy, root };
}

/** Downloads with the AppImage updater, which wants to know the AppImage it would replace. */
async function download(updater: AppImageUpdater, root: string): Promise<string[]> {
  const before = process.env.APPIMAGE;
  process.env.APPIMAGE = join(root, 'kep-live-desk.AppImage');
  try {
    return await updater.downloadUpdate();
  } finally {
    if (before === undefined) delete process.env.APPIMAGE;
    else process.env.APPIMAGE = before;
  }
}

async function feedOf(token: string, file = 'latest-linux.yml'): Promise<{ status: number; feed: Feed | null; text: string }> {
  const response = await fetch(`${t.hub.url}${API_PREFIX}/updates/${file}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  return { status: response.status, feed: response.ok ? (parseYaml(text) as Feed) : null, text };
}

describe('the update feed, read by electron-updater', () => {
  it('offers a newer version, which the updater downloads and checks against the hub’s own sha512', async () => {
    const { release, bytes } = await publish('1.1.0', 100);
    const sha512 = createHash('sha512').update(bytes).digest('base64');
    expect(release.sha512).toBe(sha512);

    const { feed, text } = await feedOf(t.tokens[KEP_A]!);
    expect(feed).toEqual({
      version: '1.1.0',
      files: [{ url: `files/${release.id}/kep-live-desk-1.1.0.AppImage`, sha512, size: bytes.length }],
      path: `files/${release.id}/kep-live-desk-1.1.0.AppImage`,
      sha512,
      releaseDate: release.publishedAt,
    });
    expect(text).not.toMatch(/stagingPercentage/);

    const { updater, policy, root } = await deskUpdater('1.0.0', t.tokens[KEP_A]!);
    expect(policy).toEqual({ channel: 'stable', offered: '1.1.0', rollback: false, installWindow: null, checkEveryMinutes: 240 });
    const check = await updater.checkForUpdates();
    expect(check?.isUpdateAvailable).toBe(true);
    expect(check?.updateInfo.version).toBe('1.1.0');
    const [file] = await download(updater, root);
    expect(readFileSync(file!)).toEqual(bytes);
  });

  it('refuses an artifact changed or cut short in the hub’s data folder after publishing', async () => {
    const { release, bytes } = await publish('1.1.0', 100);
    const stored = releaseFilePath(t.hub.store.dataDir, release.id, release.fileName);
    const tampered = Buffer.from(bytes);
    tampered[1000] = (tampered[1000] ?? 0) ^ 0xff;
    writeFileSync(stored, tampered);

    const first = await deskUpdater('1.0.0', t.tokens[KEP_A]!);
    expect((await first.updater.checkForUpdates())?.isUpdateAvailable).toBe(true);
    await expect(download(first.updater, first.root)).rejects.toMatchObject({ code: 'ERR_CHECKSUM_MISMATCH' });

    truncateSync(stored, 1000);
    const second = await deskUpdater('1.0.0', t.tokens[KEP_A]!);
    await second.updater.checkForUpdates();
    await expect(download(second.updater, second.root)).rejects.toThrow(/sha512 checksum mismatch|size mismatch|ERR_CHECKSUM_MISMATCH/);
  });

  it('stages per workstation: 30 % of 1,000 desks get the new version, and the same desks stay in at 60 %', async () => {
    await publish('1.1.0', 100);
    await publish('1.2.0', 30);
    const desks = Array.from({ length: 1000 }, (_, i) => t.hub.store.addWorkstation(KEP_A, `desk ${i}`));
    const tokens = desks.map((desk) => desk.token);
    const bucketedBelow = (percent: number): Set<string> =>
      new Set(desks.filter((desk) => stagingBucket(desk.workstation.id, '1.2.0') < percent).map((desk) => desk.token));
    const offered = async (): Promise<Set<string>> => {
      const inside = new Set<string>();
      for (let i = 0; i < tokens.length; i += 25) {
        const feeds = await Promise.all(tokens.slice(i, i + 25).map((token) => feedOf(token)));
        feeds.forEach(({ feed }, j) => {
          expect(['1.1.0', '1.2.0']).toContain(feed?.version);
          if (feed?.version === '1.2.0') inside.add(tokens[i + j]!);
        });
      }
      return inside;
    };
    // The desks offered are exactly those whose bucket is below the stage. Workstation ids are
    // random, so the count is binomial (σ ≈ 14.5 at 30 %, 15.5 at 60 %): ±5σ bounds the buckets'
    // spread without failing a correct hub more than once in millions of runs.
    const atThirty = await offered();
    expect(atThirty).toEqual(bucketedBelow(30));
    expect(atThirty.size).toBeGreaterThanOrEqual(228);
    expect(atThirty.size).toBeLessThanOrEqual(372);

    stageRelease(t.hub.store, 'stable', '1.2.0', 60);
    const atSixty = await offered();
    expect(atSixty).toEqual(bucketedBelow(60));
    expect(atSixty.size).toBeGreaterThanOrEqual(523);
    expect(atSixty.size).toBeLessThanOrEqual(677);
    for (const token of atThirty) expect(atSixty.has(token)).toBe(true);
  });

  it('offers nothing new once a version is halted', async () => {
    await publish('1.1.0', 100);
    await publish('1.2.0', 100);
    haltRelease(t.hub.store, 'stable', '1.2.0');

    const onNewest = await deskUpdater('1.1.0', t.tokens[KEP_A]!);
    expect(onNewest.policy).toMatchObject({ offered: '1.1.0', rollback: false });
    expect((await onNewest.updater.checkForUpdates())?.isUpdateAvailable).toBe(false);
    const behind = await deskUpdater('1.0.0', t.tokens[KEP_A]!);
    expect((await behind.updater.checkForUpdates())?.updateInfo.version).toBe('1.1.0');
  });

  it('offers an older version only when IT published it as a rollback, until a stage moves the channel on', async () => {
    const { bytes } = await publish('1.0.0', 100);
    await publish('1.1.0', 100);
    haltRelease(t.hub.store, 'stable', '1.1.0');
    const halted = await deskUpdater('1.1.0', t.tokens[KEP_A]!);
    expect(halted.policy).toMatchObject({ offered: '1.0.0', rollback: false });
    expect((await halted.updater.checkForUpdates())?.isUpdateAvailable).toBe(false);

    expect(rollBack(t.hub.store, 'stable', '1.0.0')).toEqual({ channel: 'stable', version: '1.0.0', halted: ['1.1.0'] });
    const rolledBack = await deskUpdater('1.1.0', t.tokens[KEP_A]!);
    expect(rolledBack.policy).toMatchObject({ offered: '1.0.0', rollback: true });
    const check = await rolledBack.updater.checkForUpdates();
    expect(check?.isUpdateAvailable).toBe(true);
    expect(check?.updateInfo.version).toBe('1.0.0');
    const [file] = await download(rolledBack.updater, rolledBack.root);
    expect(readFileSync(file!)).toEqual(bytes);

    stageRelease(t.hub.store, 'stable', '1.1.0', 100);
    expect((await deskUpdater('1.0.0', t.tokens[KEP_A]!)).policy).toMatchObject({ offered: '1.1.0', rollback: false });
  });

  it('answers 404 while nothing is offered, which the updater reports as a missing channel file', async () => {
    await publish('1.1.0', 0);
    const { updater, policy } = await deskUpdater('1.0.0', t.tokens[KEP_A]!);
    expect(policy.offered).toBeNull();
    expect((await feedOf(t.tokens[KEP_A]!)).status).toBe(404);
    await expect(updater.checkForUpdates()).rejects.toMatchObject({ code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' });
  });
});

describe('the update feed, per KEP and platform', () => {
  it('serves each workstation its own KEP’s channel only, files included', async () => {
    setKepChannel(t.hub.store, KEP_B, 'pilot');
    const { release } = await publish('2.0.0', 100, 'pilot');
    const url = `${t.hub.url}${API_PREFIX}/updates/files/${release.id}/${release.fileName}`;

    expect((await feedOf(t.tokens[KEP_B]!)).feed?.version).toBe('2.0.0');
    expect((await feedOf(t.tokens[KEP_A]!)).status).toBe(404);
    const own = await fetch(url, { headers: { authorization: `Bearer ${t.tokens[KEP_B]}` } });
    expect(own.status).toBe(200);
    expect(own.headers.get('content-length')).toBe(String(release.size));
    expect((await own.arrayBuffer()).byteLength).toBe(release.size);
    const other = await fetch(url, { headers: { authorization: `Bearer ${t.tokens[KEP_A]}` } });
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(`${url}x`, { headers: { authorization: `Bearer ${t.tokens[KEP_B]}` } })).status).toBe(404);
  });

  it('writes latest.yml for Windows from the Windows files, under a name that needs no escaping', async () => {
    const { release } = await publish('1.3.0', 100, 'stable', 'win');
    expect(release.fileName).toBe('KEP-Live-Desk-Setup-1.3.0.exe');
    expect((await feedOf(t.tokens[KEP_A]!, 'latest.yml')).feed).toMatchObject({ version: '1.3.0', path: `files/${release.id}/KEP-Live-Desk-Setup-1.3.0.exe` });
    expect((await feedOf(t.tokens[KEP_A]!, 'latest-linux.yml')).status).toBe(404);
    await expect(new HubApiClient({ baseUrl: t.hub.url, token: t.tokens[KEP_A]! }).updatePolicy('win')).resolves.toMatchObject({ offered: '1.3.0' });
  });
});
