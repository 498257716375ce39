import { open } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../src-shared/errors';
import { createLogger } from '../../../src-shared/log';
import type { HubStore, Workstation } from '../store/hub-store';
import { channelOf } from '../updates/offer';
import { releaseFilePath } from '../updates/release-files';
import { attachmentDisposition } from './content-disposition';
import { COMMON_HEADERS } from './responses';

const log = createLogger('hub-update-files');

/**
 * Streams an update file of the workstation's own channel, whole (no Range: the feed carries no
 * block maps, so electron-updater never downloads differentially from it; PROTOCOL.md §10.4).
 * Content-Length is the size of the bytes on disk now: the desk checks them against the sha512
 * the hub computed when they were published, and refuses any that changed since.
 */
export async function sendUpdateFile(store: HubStore, workstation: Workstation, releaseId: string, fileName: string, res: ServerResponse): Promise<void> {
  const release = store.releases.get(releaseId);
  // Another channel's file is as absent as one that never was.
  if (!release || release.fileName !== fileName || release.channel !== channelOf(store, workstation.kepId)) {
    throw new AppError('not_found', 'There is no such update file for this workstation.');
  }
  const file = await open(releaseFilePath(store.dataDir, release.id, release.fileName), 'r').catch((error: unknown) => {
    log.error('update file missing from the data folder', { release: release.id, error: String(error) });
    throw new AppError('not_found', 'This update file is no longer on the hub; ask IT to publish it again.');
  });
  try {
    const { size } = await file.stat();
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'content-type': 'application/octet-stream',
      'content-length': size,
      'content-disposition': attachmentDisposition(release.fileName),
    });
    await pipeline(file.createReadStream({ autoClose: false }), res);
  } catch (error) {
    // A desk that went away mid-download asks again; nothing to answer here.
    if (!res.headersSent) throw error;
    res.destroy();
  } finally {
    await file.close();
  }
}
