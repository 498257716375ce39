import { randomBytes } from 'node:crypto';
import type { HubDatabase } from '../store/open-database';

/**
 * The hub's signing keys, made on first use and kept in its database, so every hub process
 * sharing the store signs and verifies with the same key.
 */
const cache = new WeakMap<HubDatabase, Map<string, Buffer>>();

export function hubSecret(db: HubDatabase, name: 'access-token' | 'join-link'): Buffer {
  // Checked on every token verification: read the database once per process and name.
  const known = cache.get(db)?.get(name);
  if (known) return known;
  db.prepare('INSERT INTO secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING').run(
    name,
    randomBytes(32).toString('base64'),
    new Date().toISOString(),
  );
  const row = db.prepare<[string], { value: string }>('SELECT value FROM secrets WHERE name = ?').get(name);
  const secret = Buffer.from(row?.value ?? '', 'base64');
  if (!cache.has(db)) cache.set(db, new Map());
  cache.get(db)?.set(name, secret);
  return secret;
}
