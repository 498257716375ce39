import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../../../src-shared/domain/roles';
import { AppError } from '../../../src-shared/errors';
import type { SessionResponse } from '../../../src-shared/protocol/hub-api';
import { hashToken, type HubStore, type Workstation } from '../store/hub-store';
import { hubSecret } from './secrets';
import { signToken, type TokenClaims, verifyToken } from './signed-token';
import { findUser, type KepUser } from './users';

export const ACCESS_TOKEN_MINUTES = 15;
export const REFRESH_TOKEN_HOURS = 12;

export interface AccessClaims extends TokenClaims {
  typ: 'access';
  exp: number;
  jti: string;
  sub: string;
  kep: string;
  ws: string;
  role: Role;
}

/** A short-lived access token and a rotating refresh token for a user at a workstation. */
export function issueSession(store: HubStore, user: KepUser, workstation: Workstation): SessionResponse {
  const now = Date.now();
  const accessExp = Math.floor(now / 1000) + ACCESS_TOKEN_MINUTES * 60;
  const claims: AccessClaims = { typ: 'access', exp: accessExp, jti: randomUUID(), sub: user.id, kep: user.kepId, ws: workstation.id, role: user.role };
  const refreshToken = randomBytes(32).toString('base64url');
  const refreshExpiresAt = new Date(now + REFRESH_TOKEN_HOURS * 3600_000).toISOString();
  store.db
    .prepare('INSERT INTO refresh_tokens (token_hash, user_id, workstation_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)')
    .run(hashToken(refreshToken), user.id, workstation.id, new Date(now).toISOString(), refreshExpiresAt);
  return {
    user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
    accessToken: signToken(claims, hubSecret(store.db, 'access-token')),
    accessExpiresAt: new Date(accessExp * 1000).toISOString(),
    refreshToken,
    refreshExpiresAt,
  };
}

/**
 * Rotates a refresh token. A token used twice means it was copied: every session of that user
 * ends, and the thief's copy with them.
 */
export function refreshSession(store: HubStore, refreshToken: string, workstation: Workstation): SessionResponse {
  const row = store.db
    .prepare<[string], { user_id: string; workstation_id: string; expires_at: string; revoked_at: string | null; replaced_at: string | null }>(
      'SELECT user_id, workstation_id, expires_at, revoked_at, replaced_at FROM refresh_tokens WHERE token_hash = ?',
    )
    .get(hashToken(refreshToken));
  const now = new Date().toISOString();
  if (!row || row.workstation_id !== workstation.id) throw new AppError('unauthorized', 'The session is not valid; sign in again.');
  if (row.replaced_at) {
    store.db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(now, row.user_id);
    throw new AppError('unauthorized', 'The session was ended; sign in again.');
  }
  if (row.revoked_at) throw new AppError('unauthorized', 'The session was ended; sign in again.');
  if (row.expires_at <= now) throw new AppError('expired', 'The session has expired; sign in again.');
  const user = findUser(store, row.user_id);
  if (!user) throw new AppError('unauthorized', 'The account is no longer active.');
  store.db.prepare('UPDATE refresh_tokens SET revoked_at = ?, replaced_at = ? WHERE token_hash = ?').run(now, now, hashToken(refreshToken));
  return issueSession(store, user, workstation);
}

export function endSession(store: HubStore, refreshToken: string, workstation: Workstation): void {
  store.db
    .prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE token_hash = ? AND workstation_id = ? AND revoked_at IS NULL')
    .run(new Date().toISOString(), hashToken(refreshToken), workstation.id);
}

/** The claims of a valid access token issued for this workstation, or null. */
export function verifyAccessToken(store: HubStore, token: string, workstation: Workstation): AccessClaims | null {
  const result = verifyToken<AccessClaims>(token, hubSecret(store.db, 'access-token'), 'access');
  if (!result.ok || result.claims.ws !== workstation.id || result.claims.kep !== workstation.kepId) return null;
  return result.claims;
}
