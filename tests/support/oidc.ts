import { randomBytes } from 'node:crypto';
import type { CitizenSignInConfig } from '../../hub/src/config';
import type { DemoCitizen } from '../../hub/src/dev-oidc/demo-citizens';
import { startDevOidcProvider } from '../../hub/src/dev-oidc/dev-provider';

export interface TestOidc {
  issuer: string;
  /** The hub's `citizenSignIn` for this provider. */
  citizenSignIn: CitizenSignInConfig;
  stop(): Promise<void>;
}

/**
 * The local OpenID provider with one client for a hub whose callback is `redirectUri`. The hub's
 * port is chosen first (freePort), so the provider can be told the redirect URI before the hub
 * starts with the provider's issuer.
 */
export async function startTestOidc(redirectUri: string, citizens?: readonly DemoCitizen[]): Promise<TestOidc> {
  const clientId = `kep-hub-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const provider = await startDevOidcProvider({ clients: [{ clientId, clientSecret, redirectUris: [redirectUri] }], ...(citizens ? { citizens } : {}) });
  return {
    issuer: provider.issuer,
    citizenSignIn: {
      issuer: provider.issuer,
      clientId,
      clientSecret,
      scope: 'openid profile',
      claims: { afm: 'afm', firstName: 'given_name', lastName: 'family_name' },
    },
    stop: () => provider.close(),
  };
}

/** Cookies by origin, as a browser keeps them (paths and expiry are not needed for these walks). */
export class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  header(url: string): string {
    return [...(this.byOrigin.get(new URL(url).origin) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  take(url: string, response: Response): void {
    const origin = new URL(url).origin;
    const cookies = this.byOrigin.get(origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0\b/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.byOrigin.set(origin, cookies);
  }

  get(url: string, name: string): string | undefined {
    return this.byOrigin.get(new URL(url).origin)?.get(name);
  }

  set(url: string, name: string, value: string): void {
    const origin = new URL(url).origin;
    this.byOrigin.set(origin, (this.byOrigin.get(origin) ?? new Map<string, string>()).set(name, value));
  }
}

/** One request as a browser would send it, keeping cookies, not following redirects. */
export async function browse(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const cookie = jar.header(url);
  const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
  jar.take(url, response);
  return response;
}

/**
 * Follows redirects from `url` as a browser would, stopping at the hub's answer to the callback
 * (its redirect to the booking page is the end of a sign-in); returns the last response and its URL.
 */
export async function follow(jar: CookieJar, url: string, init: RequestInit = {}): Promise<{ response: Response; url: string }> {
  let response = await browse(jar, url, init);
  let at = url;
  for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 20; hops++) {
    if (new URL(at).pathname === '/book/callback') break;
    at = new URL(response.headers.get('location') ?? '', at).href;
    response = await browse(jar, at);
  }
  return { response, url: at };
}

export interface SignInWalk {
  jar: CookieJar;
  /** The last response: the hub's redirect to the booking page, or a page that said no. */
  response: Response;
  /** Where that response came from. */
  url: string;
  /** The hub's `kep_citizen` session token, when the sign-in gave one. */
  session: string | undefined;
}

/**
 * Signs in at the hub as a browser would: /book/sign-in → the provider's login page → the form
 * posted with the username and password → consent (granted by the provider) → /book/callback.
 */
export async function walkSignIn(hubUrl: string, username: string, password: string, returnPath = '/book', jar = new CookieJar()): Promise<SignInWalk> {
  const login = await follow(jar, `${hubUrl}/book/sign-in?return=${encodeURIComponent(returnPath)}`);
  if (login.response.status !== 200 || new URL(login.url).origin === new URL(hubUrl).origin) {
    return { jar, response: login.response, url: login.url, session: jar.get(hubUrl, 'kep_citizen') };
  }
  const action = /action="([^"]+\/login)"/.exec(await login.response.text())?.[1];
  if (!action) throw new Error(`no login form at ${login.url}`);
  const submitted = await follow(jar, new URL(action.replace(/&amp;/g, '&'), login.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  return { jar, response: submitted.response, url: submitted.url, session: jar.get(hubUrl, 'kep_citizen') };
}

/** The hub's session cookie value for a demo citizen signed in through the real provider. */
export async function signInAsCitizen(hubUrl: string, username: string, password: string): Promise<string> {
  const walk = await walkSignIn(hubUrl, username, password);
  if (!walk.session) throw new Error(`signing in as ${username} gave no session (HTTP ${walk.response.status} at ${walk.url})`);
  return walk.session;
}
