import type { IncomingMessage } from 'node:http';
import { hubSecret } from '../auth/secrets';
import { signToken, type TokenClaims, verifyToken } from '../auth/signed-token';
import type { HubStore } from '../store/hub-store';

/** Holds one sign-in in progress between the redirect to the provider and the way back. */
export const SIGN_IN_COOKIE = 'kep_sign_in';
/** Long enough to type a password at the provider; a sign-in left longer starts again. */
export const SIGN_IN_MINUTES = 10;

/** What the callback must check the provider's answer against, and where the citizen goes after. */
export interface SignInState {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  returnTo: string;
}

interface SignInClaims extends TokenClaims, SignInState {
  typ: 'citizen-sign-in';
}

/**
 * Signed with a key in the hub's database, so any hub process sharing it can finish a sign-in
 * another began; HttpOnly, so the page's scripts never see the PKCE verifier.
 */
export function sealSignInState(store: HubStore, state: SignInState, now = Date.now()): string {
  const claims: SignInClaims = { typ: 'citizen-sign-in', exp: Math.floor(now / 1000) + SIGN_IN_MINUTES * 60, ...state };
  return signToken(claims, hubSecret(store, 'citizen-sign-in'));
}

/** The sign-in this request's cookie holds, if it is genuine and not expired. */
export function openSignInState(store: HubStore, req: IncomingMessage, now = Date.now()): SignInState | null {
  const sealed = cookieValue(req, SIGN_IN_COOKIE);
  if (!sealed) return null;
  const result = verifyToken<SignInClaims>(sealed, hubSecret(store, 'citizen-sign-in'), 'citizen-sign-in', now);
  if (!result.ok) return null;
  const { state, nonce, codeVerifier, redirectUri, returnTo } = result.claims;
  return { state, nonce, codeVerifier, redirectUri, returnTo };
}

export function signInCookie(sealed: string | null, secure: boolean): string {
  return [
    `${SIGN_IN_COOKIE}=${sealed ?? ''}`,
    'Path=/book',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${sealed ? SIGN_IN_MINUTES * 60 : 0}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || null;
  }
  return null;
}
