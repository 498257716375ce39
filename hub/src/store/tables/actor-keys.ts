import type { StatementCache } from '../statement-cache';

export interface ActorKeyRow {
  user_id: string;
  workstation_id: string;
  public_key: string;
  created_at: string;
  valid_until: string;
  ended_at: string | null;
}

/** Owns `actor_keys`: the public halves of sessions' signing keys. */
export class ActorKeysTable {
  constructor(private readonly sql: StatementCache) {}

  insert(id: string, key: Pick<ActorKeyRow, 'user_id' | 'workstation_id' | 'public_key' | 'created_at' | 'valid_until'>): void {
    this.sql
      .prepare('INSERT INTO actor_keys (id, user_id, workstation_id, public_key, created_at, valid_until) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, key.user_id, key.workstation_id, key.public_key, key.created_at, key.valid_until);
  }

  get(id: string): ActorKeyRow | null {
    return this.sql.prepare<[string], ActorKeyRow>('SELECT * FROM actor_keys WHERE id = ?').get(id) ?? null;
  }

  /** Moves a live key's horizon; an ended key stays ended. */
  extend(id: string, validUntil: string): void {
    this.sql.prepare('UPDATE actor_keys SET valid_until = ? WHERE id = ? AND ended_at IS NULL').run(validUntil, id);
  }

  end(id: string, at: string): void {
    this.sql.prepare('UPDATE actor_keys SET ended_at = ? WHERE id = ? AND ended_at IS NULL').run(at, id);
  }

  endAllOfUser(userId: string, at: string): void {
    this.sql.prepare('UPDATE actor_keys SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL').run(at, userId);
  }
}
