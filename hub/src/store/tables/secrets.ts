import type { StatementCache } from '../statement-cache';

/** Owns `secrets`: the hub's signing keys, shared by every hub process on the store. */
export class SecretsTable {
  constructor(private readonly sql: StatementCache) {}

  /**
   * The stored value of `name`; when there is none yet, `value` is stored and returned. Another
   * process may store its own first: then that one is returned, so all agree on one key.
   */
  getOrAdd(name: string, value: string, at: string): string {
    this.sql.prepare('INSERT INTO secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING').run(name, value, at);
    return this.sql.prepare<[string], { value: string }>('SELECT value FROM secrets WHERE name = ?').get(name)?.value ?? '';
  }
}
