import { randomBytes } from 'node:crypto';
import type { HubStore } from '../store/hub-store';

/**
 * The hub's signing keys, made on first use and kept in its database, so every hub process
 * sharing the store signs and verifies with the same key.
 */
const cache = new WeakMap<HubStore, Map<string, Buffer>>();

export function hubSecret(store: HubStore, name: 'access-token' | 'join-link' | 'citizen-sign-in'): Buffer {
  // Checked on every token verification: read the database once per process and name.
  const known = cache.get(store)?.get(name);
  if (known) return known;
  const secret = Buffer.from(store.secrets.getOrAdd(name, randomBytes(32).toString('base64'), new Date().toISOString()), 'base64');
  if (!cache.has(store)) cache.set(store, new Map());
  cache.get(store)?.set(name, secret);
  return secret;
}
