import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from '../../src-shared/sqlite/migrations';
import { APP_MIGRATIONS } from './migrations';
import { openDatabase, type OpenOptions, type SqliteDatabase } from './open-database';

export const APP_DATABASE_FILE = 'kep-live-desk.sqlite';

/** Opens (creating if needed) the workstation's cache in `dataDir` and brings it to the latest schema. */
export function openAppDatabase(dataDir: string, options: OpenOptions = {}): SqliteDatabase {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(join(dataDir, APP_DATABASE_FILE), options);
  try {
    migrate(db, APP_MIGRATIONS);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
