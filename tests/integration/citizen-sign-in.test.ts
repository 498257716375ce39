import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../hub/src/store/hub-store';
import { sealSignInState } from '../../hub/src/citizen-auth/sign-in-state';
import { DEMO_CITIZENS } from '../../hub/src/dev-oidc/demo-citizens';
import { type RunningHub, startHub } from '../../hub/src/server';
import { browse, CookieJar, follow, startTestOidc, type TestOidc, walkSignIn } from '../support/oidc';
import { freePort } from '../support/redis';
import { makeTempDir } from '../support/temp-dir';

const maria = DEMO_CITIZENS[0]!;
/** A provider user whose AFM fails the check digit: the hub must refuse them. */
const BAD_AFM_USER = { username: 'badafm', password: 'bad-afm-2026', afm: '123456789', givenName: 'Λάθος', familyName: 'Αφμ' };

interface Setup {
  hub: RunningHub;
  oidc: TestOidc;
  stop(): Promise<void>;
}

async function startHubWithProvider(): Promise<Setup> {
  const dir = makeTempDir('kep-sign-in-');
  const port = await freePort();
  const oidc = await startTestOidc(`http://127.0.0.1:${port}/book/callback`, [...DEMO_CITIZENS, BAD_AFM_USER]);
  const hub = await startHub({ dataDir: dir.path, port, config: { citizenSignIn: oidc.citizenSignIn } });
  return {
    hub,
    oidc,
    async stop() {
      await hub.close();
      await oidc.stop();
      dir.remove();
    },
  };
}

const sessionCount = (hub: RunningHub): number => (hub.store.db.prepare('SELECT COUNT(*) AS n FROM citizen_sessions').get() as { n: number }).n;

describe('citizen sign-in through OpenID Connect', () => {
  let t: Setup;
  beforeAll(async () => {
    t = await startHubWithProvider();
  });
  afterAll(() => t.stop());

  it('signs a citizen in with the claims the provider vouched for, and sends them back to the booking page', async () => {
    const walk = await walkSignIn(t.hub.url, maria.username, maria.password, '/book?kep=kep-1');
    expect(walk.response.status).toBe(303);
    expect(walk.response.headers.get('location')).toBe('/book?kep=kep-1');
    const cookie = walk.response.headers.getSetCookie().find((c) => c.startsWith('kep_citizen='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(walk.session).toBeDefined();
    expect(t.hub.store.citizenSessions.find(hashToken(walk.session!), Date.now())).toEqual({
      afm: maria.afm,
      firstName: maria.givenName,
      lastName: maria.familyName,
    });
    // The sign-in in progress is over once it has been used.
    expect(walk.jar.get(t.hub.url, 'kep_sign_in')).toBeUndefined();
  });

  it('shows the login page again with an error for a wrong password, and gives no session', async () => {
    const before = sessionCount(t.hub);
    const walk = await walkSignIn(t.hub.url, maria.username, 'not-her-password');
    expect(walk.response.status).toBe(401);
    expect(await walk.response.text()).toContain('Wrong username or password');
    expect(walk.session).toBeUndefined();
    expect(sessionCount(t.hub)).toBe(before);
  });

  it('refuses an identity whose AFM fails the check digit, with the page saying why', async () => {
    const before = sessionCount(t.hub);
    const walk = await walkSignIn(t.hub.url, BAD_AFM_USER.username, BAD_AFM_USER.password);
    expect(walk.response.status).toBe(400);
    expect(await walk.response.text()).toContain('tax number (AFM) is not valid');
    expect(walk.session).toBeUndefined();
    expect(sessionCount(t.hub)).toBe(before);
  });

  it('never redirects to another site after sign-in', async () => {
    for (const evil of ['https://evil.example/book', '//evil.example/book', '/\\evil.example', '/bookings/../x', '/other']) {
      const start = await fetch(`${t.hub.url}/book/sign-in?return=${encodeURIComponent(evil)}`, { redirect: 'manual' });
      expect(start.status).toBe(303);
      expect(new URL(start.headers.get('location')!).origin).toBe(t.oidc.issuer);
    }
    const walk = await walkSignIn(t.hub.url, maria.username, maria.password, 'https://evil.example');
    expect(walk.response.headers.get('location')).toBe('/book');
  });

  it('asks the provider for a code with PKCE (S256), state and nonce', async () => {
    const start = await fetch(`${t.hub.url}/book/sign-in`, { redirect: 'manual' });
    const location = new URL(start.headers.get('location')!);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();
    expect(location.searchParams.get('redirect_uri')).toBe(`${t.hub.url}/book/callback`);
    const cookie = start.headers.getSetCookie().find((c) => c.startsWith('kep_sign_in='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Max-Age=600/);
  });

  /** Walks to the provider's redirect back to the hub, without letting the hub see it. */
  async function codeForMaria(): Promise<{ jar: CookieJar; callback: URL }> {
    const jar = new CookieJar();
    const login = await follow(jar, `${t.hub.url}/book/sign-in`);
    const action = /action="([^"]+\/login)"/.exec(await login.response.text())![1]!;
    let response = await browse(jar, new URL(action, login.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: maria.username, password: maria.password }).toString(),
    });
    let at = new URL(action, login.url).href;
    for (;;) {
      at = new URL(response.headers.get('location')!, at).href;
      if (at.startsWith(`${t.hub.url}/book/callback`)) return { jar, callback: new URL(at) };
      response = await browse(jar, at);
    }
  }

  it('refuses forged or replayed callbacks and gives no session', async () => {
    const before = sessionCount(t.hub);
    const refused = async (jar: CookieJar, url: string): Promise<void> => {
      const response = await browse(jar, url);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('Sign in again');
      expect(jar.get(t.hub.url, 'kep_citizen')).toBeUndefined();
    };

    // A code the provider never issued.
    const random = await codeForMaria();
    random.callback.searchParams.set('code', randomBytes(32).toString('base64url'));
    await refused(random.jar, random.callback.href);

    // The right code with another state.
    const wrongState = await codeForMaria();
    wrongState.callback.searchParams.set('state', 'forged');
    await refused(wrongState.jar, wrongState.callback.href);

    // The right code without the browser's sign-in cookie (another browser, or an attacker's link).
    const noCookie = await codeForMaria();
    await refused(new CookieJar(), noCookie.callback.href);

    // A code used once, replayed with the same sign-in cookie.
    const replay = await codeForMaria();
    const sealed = replay.jar.get(t.hub.url, 'kep_sign_in')!;
    const first = await browse(replay.jar, replay.callback.href);
    expect(first.status).toBe(303);
    const again = new CookieJar();
    again.set(t.hub.url, 'kep_sign_in', sealed);
    await refused(again, replay.callback.href);

    // Only the one genuine sign-in above made a session.
    expect(sessionCount(t.hub)).toBe(before + 1);
  });

  it('refuses a sign-in whose cookie has expired (more than 10 minutes)', async () => {
    const { jar, callback } = await codeForMaria();
    const genuine = jar.get(t.hub.url, 'kep_sign_in')!;
    const claims = JSON.parse(Buffer.from(genuine.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, string>;
    const stale = sealSignInState(
      t.hub.store,
      { state: claims.state!, nonce: claims.nonce!, codeVerifier: claims.codeVerifier!, redirectUri: claims.redirectUri!, returnTo: '/book' },
      Date.now() - 11 * 60_000,
    );
    jar.set(t.hub.url, 'kep_sign_in', stale);
    const response = await browse(jar, callback.href);
    expect(response.status).toBe(400);
    expect(jar.get(t.hub.url, 'kep_citizen')).toBeUndefined();
  });

  it('shows the refusal when the citizen cancels at the provider', async () => {
    const jar = new CookieJar();
    const login = await follow(jar, `${t.hub.url}/book/sign-in`);
    const abort = /action="([^"]+\/abort)"/.exec(await login.response.text())![1]!;
    const back = await follow(jar, new URL(abort, login.url).href, { method: 'POST' });
    expect(back.url).toContain('/book/callback');
    expect(back.response.status).toBe(400);
    expect(jar.get(t.hub.url, 'kep_citizen')).toBeUndefined();
  });

  it('signs out: the session ends and the cookie is cleared', async () => {
    const walk = await walkSignIn(t.hub.url, maria.username, maria.password);
    const token = walk.session!;
    const out = await browse(walk.jar, `${t.hub.url}/book/sign-out`, { method: 'POST' });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/book');
    expect(out.headers.getSetCookie().find((c) => c.startsWith('kep_citizen='))).toMatch(/Max-Age=0/);
    expect(walk.jar.get(t.hub.url, 'kep_citizen')).toBeUndefined();
    expect(t.hub.store.citizenSessions.find(hashToken(token), Date.now())).toBeNull();
    expect((await fetch(`${t.hub.url}/book/sign-out`)).status).toBe(405);
  });
});

describe('citizen sign-in when the provider is down or not configured', () => {
  it('answers 502 with a friendly page when the provider does not answer', async () => {
    const t = await startHubWithProvider();
    try {
      await t.oidc.stop();
      const response = await fetch(`${t.hub.url}/book/sign-in`, { redirect: 'manual' });
      expect(response.status).toBe(502);
      expect(await response.text()).toContain('not answering right now');
    } finally {
      await t.stop();
    }
  });

  it('answers 503 saying online booking is not set up, without citizenSignIn', async () => {
    const dir = makeTempDir('kep-sign-in-');
    const hub = await startHub({ dataDir: dir.path, port: 0 });
    try {
      const response = await fetch(`${hub.url}/book/sign-in`, { redirect: 'manual' });
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('Online booking is not set up here');
    } finally {
      await hub.close();
      dir.remove();
    }
  });

  it('refuses to start with a plain-http provider beyond this machine', async () => {
    const dir = makeTempDir('kep-sign-in-');
    const citizenSignIn = {
      issuer: 'http://id.example.gr',
      clientId: 'x',
      clientSecret: 'y',
      scope: 'openid',
      claims: { afm: 'afm', firstName: 'a', lastName: 'b' },
    };
    await expect(startHub({ dataDir: dir.path, port: 0, config: { citizenSignIn } })).rejects.toThrow(/https/);
    dir.remove();
  });
});
