import type { SqliteDatabase } from '../db/open-database';

/** A small string map in one of the key/value tables (settings, sync_state). */
export class KeyValueStore {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: SqliteDatabase, table: 'settings' | 'sync_state') {
    this.getStmt = db.prepare<[string], { value: string }>(`SELECT value FROM ${table} WHERE key = ?`);
    this.setStmt = db.prepare<[string, string]>(`INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  }

  get(key: string): string | null {
    return this.getStmt.get(key)?.value ?? null;
  }

  set(key: string, value: string): void {
    this.setStmt.run(key, value);
  }
}
