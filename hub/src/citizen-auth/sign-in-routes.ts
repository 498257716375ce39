import type { IncomingMessage, ServerResponse } from 'node:http';
import * as oidc from 'openid-client';
import { createLogger } from '../../../src-shared/log';
import { citizenIdentitySchema } from '../../../src-shared/protocol/booking';
import type { CitizenSignInConfig } from '../config';
import { COMMON_HEADERS } from '../http/responses';
import { linkBase } from '../http/public-url';
import type { HubStore } from '../store/hub-store';
import { CITIZEN_SESSION_MINUTES, citizenCookie, endCitizenSession, startCitizenSession } from './citizen-session';
import { createOidcClient, type OidcClient, ProviderUnavailable } from './oidc-client';
import { openSignInState, sealSignInState, signInCookie } from './sign-in-state';
import { sendSignInProblem } from './sign-in-pages';

const log = createLogger('citizen-sign-in');

export const SIGN_IN_PATH = '/book/sign-in';
export const CALLBACK_PATH = '/book/callback';
export const SIGN_OUT_PATH = '/book/sign-out';

export interface SignInRouteOptions {
  store: HubStore;
  /** Absent: online booking is not set up on this hub. */
  signIn?: CitizenSignInConfig | undefined;
  publicUrl?: string | undefined;
  listenHost: string;
}

/**
 * Where the citizen goes after signing in: a path of the booking page, never another site (an
 * open redirect would lend the hub's name to any link).
 */
export function safeReturnPath(value: string | null): string {
  if (value && value.length <= 500 && /^\/book(?:[/?#][^\\\s]*)?$/.test(value) && !value.includes('//') && !value.includes('..')) return value;
  return '/book';
}

function redirect(res: ServerResponse, location: string, cookies: readonly string[]): void {
  res.writeHead(303, { ...COMMON_HEADERS, location, 'set-cookie': [...cookies], 'content-length': 0 });
  res.end();
}

/** Whether the provider (not the citizen or an attacker) is what went wrong: the hub answers 502. */
function providerFault(error: unknown): boolean {
  if (error instanceof ProviderUnavailable || error instanceof TypeError) return true;
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) return true;
  return error instanceof oidc.ResponseBodyError && error.status >= 500;
}

/**
 * GET /book/sign-in, GET /book/callback, POST /book/sign-out (PROTOCOL.md §12.1): the OpenID
 * Connect authorization code flow with PKCE, state and nonce. Every check of the provider's
 * answer (state, nonce, PKCE, the ID token's signature, issuer, audience, expiry) is the
 * library's; the hub checks only what it reads from the claims.
 */
export function createSignInRoutes(options: SignInRouteOptions): (req: IncomingMessage, res: ServerResponse, url: URL) => boolean {
  const { store } = options;
  const client: OidcClient | null = options.signIn ? createOidcClient(options.signIn) : null;
  const secure = options.publicUrl?.startsWith('https:') ?? false;

  const signIn = async (req: IncomingMessage, res: ServerResponse, url: URL, client: OidcClient): Promise<void> => {
    const base = linkBase(options.publicUrl, options.listenHost, req.headers.host);
    if (!base.ok) return sendSignInProblem(res, 400, 'bad_request');
    const configuration = await client.configuration();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const redirectUri = `${base.base.replace(/\/$/, '')}${CALLBACK_PATH}`;
    const authorization = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: client.settings.scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const sealed = sealSignInState(store, { state, nonce, codeVerifier, redirectUri, returnTo: safeReturnPath(url.searchParams.get('return')) });
    redirect(res, authorization.href, [signInCookie(sealed, secure)]);
  };

  const callback = async (req: IncomingMessage, res: ServerResponse, url: URL, client: OidcClient): Promise<void> => {
    // One use only: whatever happens next, the sign-in in progress is over.
    const cleared = signInCookie(null, secure);
    const pending = openSignInState(store, req);
    if (!pending) {
      log.info('sign-in callback without a valid sign-in in progress');
      return sendSignInProblem(res, 400, 'failed', [cleared]);
    }
    const configuration = await client.configuration();
    const tokens = await oidc.authorizationCodeGrant(configuration, new URL(`${pending.redirectUri}${url.search}`), {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('the provider sent no ID token');
    const names = client.settings.claims;
    let claims: Record<string, unknown> = idClaims;
    // A provider may serve the person's details at userinfo only.
    if ([names.afm, names.firstName, names.lastName].some((name) => claims[name] === undefined)) {
      claims = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)), ...idClaims };
    }
    const identity = citizenIdentitySchema.safeParse({ afm: claims[names.afm], firstName: claims[names.firstName], lastName: claims[names.lastName] });
    if (!identity.success) {
      log.warn('sign-in refused: the provider’s claims are not a valid identity', { issues: identity.error.issues.map((i) => i.path.join('.')) });
      return sendSignInProblem(res, 400, 'invalid_identity', [cleared]);
    }
    const session = startCitizenSession(store, identity.data);
    log.info('citizen signed in');
    redirect(res, pending.returnTo, [cleared, citizenCookie(session.token, secure, CITIZEN_SESSION_MINUTES * 60)]);
  };

  return (req, res, url) => {
    const path = url.pathname;
    if (path !== SIGN_IN_PATH && path !== CALLBACK_PATH && path !== SIGN_OUT_PATH) return false;
    if (req.method !== (path === SIGN_OUT_PATH ? 'POST' : 'GET')) {
      sendSignInProblem(res, 405, 'bad_request');
      return true;
    }
    if (path === SIGN_OUT_PATH) {
      endCitizenSession(store, req);
      redirect(res, '/book', [citizenCookie(null, secure, 0)]);
      return true;
    }
    if (!client) {
      sendSignInProblem(res, 503, 'not_configured');
      return true;
    }
    const step = path === SIGN_IN_PATH ? signIn(req, res, url, client) : callback(req, res, url, client);
    step.catch((error: unknown) => {
      const down = providerFault(error);
      log.warn('sign-in failed', { step: path, providerDown: down, error: String(error) });
      if (res.headersSent) return void res.destroy();
      sendSignInProblem(res, down ? 502 : 400, down ? 'provider_down' : 'failed', path === CALLBACK_PATH ? [signInCookie(null, secure)] : []);
    });
    return true;
  };
}
