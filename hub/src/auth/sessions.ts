import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../../../src-shared/domain/roles';
import { AppError } from '../../../src-shared/errors';
import type { SessionResponse } from '../../../src-shared/protocol/hub-api';
import { hashToken, type HubStore, type Workstation } from '../store/hub-store';
import { endActorKeys, extendActorKey, registerActorKey } from './actor-keys';
import { hubSecret } from './secrets';
import { signToken, timeProblem, type TokenClaims, verifyToken } from './signed-token';
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

interface SessionKeys {
  /** The public half of the session's signing key, at sign-in (§2.2). */
  actorKey?: string | undefined;
  /** The key a refreshed session goes on with. */
  actorKeyId?: string | null;
  /** The refresh token the desk chose for itself (stored before it asked). */
  refreshToken?: string | undefined;
}

/** A short-lived access token and a rotating refresh token for a user at a workstation. */
export function issueSession(store: HubStore, user: KepUser, workstation: Workstation, keys: SessionKeys = {}): SessionResponse {
  const now = Date.now();
  const refreshToken = keys.refreshToken ?? randomBytes(32).toString('base64url');
  const refreshExpiresAt = new Date(now + REFRESH_TOKEN_HOURS * 3600_000).toISOString();
  return store.transaction((): SessionResponse => {
    let actorKeyId = keys.actorKeyId ?? null;
    if (keys.actorKey) actorKeyId = registerActorKey(store, user.id, workstation.id, keys.actorKey, refreshExpiresAt);
    else if (actorKeyId) extendActorKey(store, actorKeyId, refreshExpiresAt);
    store.refreshTokens.insert({
      tokenHash: hashToken(refreshToken),
      userId: user.id,
      workstationId: workstation.id,
      issuedAt: new Date(now).toISOString(),
      expiresAt: refreshExpiresAt,
      actorKeyId,
    });
    return { ...issueAccess(store, user, workstation), refreshToken, refreshExpiresAt, actorKeyId };
  });
}

/**
 * Rotates a refresh token. A token used twice means it was copied: every session of that user
 * ends, and the thief's copy with them. The one exception is a repeat that names the very
 * successor the first request named, while that successor is still unused: only the desk that
 * chose it knows it, so it is that desk asking again after a crash lost the answer.
 */
export function refreshSession(store: HubStore, refreshToken: string, workstation: Workstation, nextRefreshToken?: string): SessionResponse {
  // The theft's consequences are committed even though the request itself is refused.
  const outcome = store.transaction((): SessionResponse | 'stolen' => {
    const hash = hashToken(refreshToken);
    const row = store.refreshTokens.find(hash);
    const now = new Date().toISOString();
    if (!row || row.workstation_id !== workstation.id) throw new AppError('unauthorized', 'The session is not valid; sign in again.');
    if (row.replaced_at) {
      const successor = nextRefreshToken && row.replaced_by === hashToken(nextRefreshToken) ? store.refreshTokens.find(row.replaced_by) : undefined;
      if (successor && !successor.replaced_at && !successor.revoked_at && successor.expires_at > now) {
        const user = findUser(store, row.user_id);
        if (!user) throw new AppError('unauthorized', 'The account is no longer active.');
        return {
          ...issueAccess(store, user, workstation),
          refreshToken: nextRefreshToken as string,
          refreshExpiresAt: successor.expires_at,
          actorKeyId: successor.actor_key_id,
        };
      }
      store.refreshTokens.revokeAllOfUser(row.user_id, now);
      endActorKeys(store, { userId: row.user_id });
      return 'stolen';
    }
    if (row.revoked_at) throw new AppError('unauthorized', 'The session was ended; sign in again.');
    if (row.expires_at <= now) throw new AppError('expired', 'The session has expired; sign in again.');
    const user = findUser(store, row.user_id);
    if (!user) throw new AppError('unauthorized', 'The account is no longer active.');
    if (nextRefreshToken && store.refreshTokens.find(hashToken(nextRefreshToken))) throw new AppError('invalid_input', 'nextRefreshToken must be new.');
    const session = issueSession(store, user, workstation, { actorKeyId: row.actor_key_id, refreshToken: nextRefreshToken });
    store.refreshTokens.markReplaced(hash, hashToken(session.refreshToken), now);
    return session;
  });
  if (outcome === 'stolen') throw new AppError('unauthorized', 'The session was ended; sign in again.');
  return outcome;
}

/** A new access token for a session whose refresh token stays as it is. */
function issueAccess(store: HubStore, user: KepUser, workstation: Workstation): Pick<SessionResponse, 'user' | 'accessToken' | 'accessExpiresAt'> {
  const accessExp = Math.floor(Date.now() / 1000) + ACCESS_TOKEN_MINUTES * 60;
  const claims: AccessClaims = { typ: 'access', exp: accessExp, jti: randomUUID(), sub: user.id, kep: user.kepId, ws: workstation.id, role: user.role };
  return {
    user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
    accessToken: signToken(claims, hubSecret(store, 'access-token')),
    accessExpiresAt: new Date(accessExp * 1000).toISOString(),
  };
}

/** Ends a session: its refresh token and its signing key (what it signed before still counts). */
export function endSession(store: HubStore, refreshToken: string, workstation: Workstation): void {
  const row = store.refreshTokens.find(hashToken(refreshToken));
  if (!row || row.workstation_id !== workstation.id || row.revoked_at) return;
  store.refreshTokens.revoke(hashToken(refreshToken), new Date().toISOString());
  if (row.actor_key_id) endActorKeys(store, { keyId: row.actor_key_id });
}

/** The claims of a valid access token issued for this workstation, or null. */
export function verifyAccessToken(store: HubStore, token: string, workstation: Workstation): AccessClaims | null {
  const result = verifyToken<AccessClaims>(token, hubSecret(store, 'access-token'), 'access');
  return result.ok && accessClaimsHold(result.claims, workstation) ? result.claims : null;
}

/**
 * Whether the claims of an access token verified before (a connected socket's, §5.1a) still hold
 * now: unexpired, and for this workstation and its KEP. The signature cannot have changed.
 */
export function accessClaimsHold(claims: Pick<AccessClaims, 'nbf' | 'exp' | 'ws' | 'kep'>, workstation: Workstation, now = Date.now()): boolean {
  return !timeProblem(claims, now) && claims.ws === workstation.id && claims.kep === workstation.kepId;
}
