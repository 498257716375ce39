import Database from 'better-sqlite3';
import { createLogger } from '../../src-shared/log';

const log = createLogger('db');

export type SqliteDatabase = Database.Database;

export interface OpenOptions {
  /** Path of a better-sqlite3 binary built for the running runtime (Electron needs its own ABI). */
  nativeBinding?: string;
  readonly?: boolean;
}

/**
 * Opens a SQLite file with the settings every database of ours uses: WAL so readers never wait
 * for the writer, foreign keys on, a busy timeout instead of immediate SQLITE_BUSY, and full
 * fsync on commit because an acknowledged edit at the counter must survive a power cut.
 */
export function openDatabase(file: string, options: OpenOptions = {}): SqliteDatabase {
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  log.debug('opened', { file, readonly: options.readonly ?? false });
  return db;
}
