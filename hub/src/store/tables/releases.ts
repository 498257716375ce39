import type { UpdatePlatform } from '../../../../src-shared/protocol/updates';
import type { StatementCache } from '../statement-cache';

export interface Release {
  id: string;
  channel: string;
  version: string;
  platform: UpdatePlatform;
  fileName: string;
  size: number;
  /** base64 */
  sha512: string;
  publishedAt: string;
  publishedBy: string;
}

const COLUMNS = `id, channel, version, platform, file_name AS fileName, size, sha512, published_at AS publishedAt, published_by AS publishedBy`;

/** Owns `releases`: the files IT published, one row per file. */
export class ReleasesTable {
  constructor(private readonly sql: StatementCache) {}

  insert(release: Release): void {
    this.sql
      .prepare(
        `INSERT INTO releases (id, channel, version, platform, file_name, size, sha512, published_at, published_by)
         VALUES (@id, @channel, @version, @platform, @fileName, @size, @sha512, @publishedAt, @publishedBy)`,
      )
      .run(release);
  }

  get(id: string): Release | null {
    return this.sql.prepare<[string], Release>(`SELECT ${COLUMNS} FROM releases WHERE id = ?`).get(id) ?? null;
  }

  /** The files of one version for one platform, in the order they were published (the first is the main one). */
  files(channel: string, platform: UpdatePlatform, version: string): Release[] {
    return this.sql
      .prepare<[string, string, string], Release>(
        `SELECT ${COLUMNS} FROM releases WHERE channel = ? AND platform = ? AND version = ? ORDER BY published_at, rowid`,
      )
      .all(channel, platform, version);
  }

  exists(channel: string, platform: UpdatePlatform, version: string, fileName: string): boolean {
    return (
      this.sql
        .prepare<[string, string, string, string], { one: number }>(
          'SELECT 1 AS one FROM releases WHERE channel = ? AND platform = ? AND version = ? AND file_name = ?',
        )
        .get(channel, platform, version, fileName) !== undefined
    );
  }

  /** Every release, or a channel's, oldest first. */
  list(channel: string | null): Release[] {
    return channel === null
      ? this.sql.prepare<[], Release>(`SELECT ${COLUMNS} FROM releases ORDER BY channel, published_at, rowid`).all()
      : this.sql.prepare<[string], Release>(`SELECT ${COLUMNS} FROM releases WHERE channel = ? ORDER BY published_at, rowid`).all(channel);
  }
}
