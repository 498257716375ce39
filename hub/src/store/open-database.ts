import Database from 'better-sqlite3';

export type HubDatabase = Database.Database;

/** The hub's store: WAL for concurrent readers, durable commits, foreign keys enforced. */
export function openHubDatabase(file: string): HubDatabase {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}
