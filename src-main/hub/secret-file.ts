import { chmodSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { createLogger } from '../../src-shared/log';

const log = createLogger('secret-file');

/** How secrets are protected at rest: by the OS keychain (Electron safeStorage) or only by file permissions. */
export type SecretProtection = 'os' | 'file';

/** Encrypts with the OS (Electron's safeStorage); absent where the OS offers nothing. */
export interface OsCipher {
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

/**
 * One secret JSON value in the data folder: encrypted by the OS when a cipher is given,
 * otherwise in a file only its owner can read (0600). Written to a temporary file and
 * renamed, so a crash never leaves half a secret; validated when read back.
 */
export class SecretFile<S extends z.ZodType> {
  private readonly file: string;

  constructor(
    dataDir: string,
    name: string,
    private readonly schema: S,
    private readonly cipher: OsCipher | null,
  ) {
    this.file = join(dataDir, cipher ? `${name}.bin` : `${name}.json`);
  }

  get protection(): SecretProtection {
    return this.cipher ? 'os' : 'file';
  }

  load(): z.output<S> | null {
    if (!existsSync(this.file)) return null;
    try {
      const raw = readFileSync(this.file);
      return this.schema.parse(JSON.parse(this.cipher ? this.cipher.decrypt(raw) : raw.toString('utf8')));
    } catch (error) {
      log.error('a stored secret cannot be read and is ignored', { file: this.file, error: String(error) });
      return null;
    }
  }

  /**
   * Durable when it returns: the bytes and then the rename reach the disk before anyone acts on
   * the new value (a refresh token the hub has already rotated must not die in a page cache).
   */
  save(value: z.input<S>): void {
    const text = JSON.stringify(this.schema.parse(value));
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeFileSync(fd, this.cipher ? this.cipher.encrypt(text) : text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
    syncDirectory(dirname(this.file));
  }

  clear(): void {
    rmSync(this.file, { force: true });
  }
}

/** Makes a rename durable. Windows cannot open a folder for fsync; NTFS journals the rename itself. */
function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
