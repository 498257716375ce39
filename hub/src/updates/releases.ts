import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { UpdatePlatform } from '../../../src-shared/protocol/updates';
import type { HubStore } from '../store/hub-store';
import type { Release } from '../store/tables/releases';
import type { ReleaseStage } from '../store/tables/release-stages';
import { removeReleaseFile, storeReleaseFile } from './release-files';
import { compareVersions } from '../../../src-shared/protocol/version-order';

/**
 * What IT does with releases (the hub CLI's release-* commands, PROTOCOL.md §10). Names, versions
 * and channels arrive checked against the protocol's schemas; what is checked here is what only
 * the store can say. Nothing is written unless the whole step succeeds.
 */

/** The installer each platform's updater picks from a feed (NSIS .exe; AppImage or deb on Linux). */
const EXTENSIONS: Record<UpdatePlatform, readonly string[]> = { win: ['.exe'], linux: ['.AppImage', '.deb'] };

/**
 * The name a file is served under: its own, with anything but letters, digits, dot, dash and
 * underscore made a dash (as electron-builder names update files), so the feed's relative URL
 * needs no escaping.
 */
export function servedFileName(file: string): string {
  return basename(file).replace(/[^A-Za-z0-9._-]/g, '-');
}

export interface PublishRequest {
  file: string;
  version: string;
  platform: UpdatePlatform;
  channel: string;
  /** Where the stage of this version goes; without it a new version waits at 0 % and a known one keeps its stage. */
  percent?: number;
  publishedBy: string;
}

export async function publishRelease(store: HubStore, request: PublishRequest): Promise<Release & { percent: number }> {
  const fileName = servedFileName(request.file);
  if (!/^[A-Za-z0-9]/.test(fileName)) throw new AppError('invalid_input', `The file name "${fileName}" must start with a letter or digit.`);
  if (!EXTENSIONS[request.platform].some((extension) => fileName.endsWith(extension))) {
    throw new AppError('invalid_input', `A ${request.platform} release is a ${EXTENSIONS[request.platform].join(' or ')} file, not "${fileName}".`);
  }
  const found = await stat(request.file).catch(() => null);
  if (!found?.isFile() || found.size === 0) throw new AppError('not_found', `${request.file} is not a file with something in it.`);
  if (store.releases.exists(request.channel, request.platform, request.version, fileName)) {
    throw new AppError(
      'conflict',
      `${fileName} ${request.version} (${request.platform}) is already published on ${request.channel}; publish a new version instead.`,
    );
  }
  const stored = await storeReleaseFile(store.dataDir, request.file, fileName);
  const release: Release = {
    id: stored.releaseId,
    channel: request.channel,
    version: request.version,
    platform: request.platform,
    fileName,
    size: stored.size,
    sha512: stored.sha512,
    publishedAt: new Date().toISOString(),
    publishedBy: request.publishedBy,
  };
  try {
    store.transaction(() => {
      store.releases.insert(release);
      store.releaseStages.ensure(release.channel, release.version, release.publishedAt);
      if (request.percent !== undefined) setStage(store, release.channel, release.version, request.percent);
    }, 'immediate');
  } catch (error) {
    await removeReleaseFile(store.dataDir, release.id);
    throw error;
  }
  return { ...release, percent: store.releaseStages.get(release.channel, release.version)?.percent ?? 0 };
}

/** Raises or lowers a version's stage; a channel that was rolled back follows its stages again. */
export function stageRelease(store: HubStore, channel: string, version: string, percent: number): ReleaseStage {
  return store.transaction(() => {
    knownStage(store, channel, version);
    setStage(store, channel, version, percent);
    return store.releaseStages.get(channel, version) as ReleaseStage;
  }, 'immediate');
}

/** Stops offering a version (0 %): desks that have it keep it, no other desk is offered it. */
export function haltRelease(store: HubStore, channel: string, version: string): ReleaseStage {
  return store.transaction(() => {
    knownStage(store, channel, version);
    store.releaseStages.set(channel, version, 0, true, new Date().toISOString());
    return store.releaseStages.get(channel, version) as ReleaseStage;
  }, 'immediate');
}

/**
 * Offers an older version to the whole channel, as a rollback (desks install it although it is
 * older). Every newer version is halted, so a later stage of any version cannot bring back the
 * one IT rolled back from.
 */
export function rollBack(store: HubStore, channel: string, version: string): { channel: string; version: string; halted: string[] } {
  return store.transaction(() => {
    knownStage(store, channel, version);
    const at = new Date().toISOString();
    const halted = store.releaseStages
      .ofChannel(channel)
      .filter((stage) => compareVersions(stage.version, version) > 0)
      .map((stage) => stage.version);
    for (const newer of halted) store.releaseStages.set(channel, newer, 0, true, at);
    store.releaseStages.set(channel, version, 100, false, at);
    store.channelRollbacks.set(channel, version, at);
    return { channel, version, halted };
  }, 'immediate');
}

export interface ReleaseListing extends Release {
  percent: number;
  halted: boolean;
  /** The channel is rolled back to this version. */
  rollbackTarget: boolean;
}

export function listReleases(store: HubStore, channel: string | null): ReleaseListing[] {
  return store.releases.list(channel).map((release) => {
    const stage = store.releaseStages.get(release.channel, release.version);
    return {
      ...release,
      percent: stage?.percent ?? 0,
      halted: stage?.halted ?? false,
      rollbackTarget: store.channelRollbacks.get(release.channel)?.version === release.version,
    };
  });
}

export function setKepChannel(store: HubStore, kepId: string, channel: string): void {
  if (!store.keps.setChannel(kepId, channel)) throw new AppError('not_found', `There is no KEP with id "${kepId}".`);
}

function knownStage(store: HubStore, channel: string, version: string): void {
  if (!store.releaseStages.get(channel, version)) throw new AppError('not_found', `Version ${version} was never published on channel ${channel}.`);
}

function setStage(store: HubStore, channel: string, version: string, percent: number): void {
  store.releaseStages.set(channel, version, percent, false, new Date().toISOString());
  store.channelRollbacks.clear(channel);
}
