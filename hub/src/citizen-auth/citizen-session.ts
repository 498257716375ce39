import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CitizenIdentity } from '../../../src-shared/protocol/booking';
import { hashToken, type HubStore } from '../store/hub-store';

/** The cookie that carries a signed-in citizen's session on the booking page and its API. */
export const CITIZEN_COOKIE = 'kep_citizen';

/** Long enough to choose a slot calmly; the sign-in at the provider is quick to repeat. */
export const CITIZEN_SESSION_MINUTES = 30;

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Starts a session for the identity the provider vouched for; the token goes only into the cookie. */
export function startCitizenSession(store: HubStore, identity: CitizenIdentity, now = Date.now()): { token: string; expiresAt: number } {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + CITIZEN_SESSION_MINUTES * 60_000;
  store.citizenSessions.insert(hashToken(token), identity, now, expiresAt);
  return { token, expiresAt };
}

/** The session token in a request's Cookie header, if it has the shape of one. */
export function citizenToken(req: IncomingMessage): string | null {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === CITIZEN_COOKIE && value && TOKEN_PATTERN.test(value)) return value;
  }
  return null;
}

/** Who is signed in on this request, or null (no cookie, unknown or expired session). */
export function citizenFromRequest(store: HubStore, req: IncomingMessage, now = Date.now()): CitizenIdentity | null {
  const token = citizenToken(req);
  return token ? store.citizenSessions.find(hashToken(token), now) : null;
}

export function endCitizenSession(store: HubStore, req: IncomingMessage): void {
  const token = citizenToken(req);
  if (token) store.citizenSessions.delete(hashToken(token));
}

/**
 * The Set-Cookie value: HttpOnly (no script reads it), SameSite=Lax (sent on the provider's
 * redirect back, never on another site's POST), Secure whenever the hub is reached over https.
 */
export function citizenCookie(token: string | null, secure: boolean, maxAgeSeconds: number): string {
  return [`${CITIZEN_COOKIE}=${token ?? ''}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${token ? maxAgeSeconds : 0}`, ...(secure ? ['Secure'] : [])].join(
    '; ',
  );
}
