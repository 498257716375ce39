import type { StatementCache } from '../statement-cache';

export interface RefreshTokenRow {
  user_id: string;
  workstation_id: string;
  expires_at: string;
  revoked_at: string | null;
  replaced_at: string | null;
  /** The hash of the token that replaced it (migration 010). */
  replaced_by: string | null;
  actor_key_id: string | null;
}

export interface NewRefreshToken {
  tokenHash: string;
  userId: string;
  workstationId: string;
  issuedAt: string;
  expiresAt: string;
  actorKeyId: string | null;
}

/** Owns `refresh_tokens`, each kept by the hash of the token. */
export class RefreshTokensTable {
  constructor(private readonly sql: StatementCache) {}

  insert(token: NewRefreshToken): void {
    this.sql
      .prepare('INSERT INTO refresh_tokens (token_hash, user_id, workstation_id, issued_at, expires_at, actor_key_id) VALUES (?, ?, ?, ?, ?, ?)')
      .run(token.tokenHash, token.userId, token.workstationId, token.issuedAt, token.expiresAt, token.actorKeyId);
  }

  find(tokenHash: string): RefreshTokenRow | null {
    return (
      this.sql
        .prepare<[string], RefreshTokenRow>(
          'SELECT user_id, workstation_id, expires_at, revoked_at, replaced_at, replaced_by, actor_key_id FROM refresh_tokens WHERE token_hash = ?',
        )
        .get(tokenHash) ?? null
    );
  }

  revoke(tokenHash: string, at: string): void {
    this.sql.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE token_hash = ?').run(at, tokenHash);
  }

  /** Ends every session of a user that is not ended yet. */
  revokeAllOfUser(userId: string, at: string): void {
    this.sql.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, userId);
  }

  /** Revokes a rotated token and remembers its successor. */
  markReplaced(tokenHash: string, successorHash: string, at: string): void {
    this.sql.prepare('UPDATE refresh_tokens SET revoked_at = ?, replaced_at = ?, replaced_by = ? WHERE token_hash = ?').run(at, at, successorHash, tokenHash);
  }
}
