import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where a release's file lives in the hub's data folder. */
export function releaseFilePath(dataDir: string, releaseId: string, fileName: string): string {
  return join(dataDir, 'releases', releaseId, fileName);
}

/**
 * Copies `source` into the data folder under a new release id, hashing the bytes as they are
 * written: the sha512 the feed announces is of the very bytes the hub keeps, never one given
 * with the upload. The file appears under its name only once it is whole.
 */
export async function storeReleaseFile(dataDir: string, source: string, fileName: string): Promise<{ releaseId: string; size: number; sha512: string }> {
  const releaseId = randomUUID();
  const dir = join(dataDir, 'releases', releaseId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const partial = join(dir, `.${fileName}.part`);
  const hash = createHash('sha512');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(source), measure, createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, releaseFilePath(dataDir, releaseId, fileName));
  } catch (error) {
    await removeReleaseFile(dataDir, releaseId);
    throw error;
  }
  return { releaseId, size, sha512: hash.digest('base64') };
}

export async function removeReleaseFile(dataDir: string, releaseId: string): Promise<void> {
  await rm(join(dataDir, 'releases', releaseId), { recursive: true, force: true });
}
