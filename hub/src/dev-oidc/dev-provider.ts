import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { createLogger } from '../../../src-shared/log';
import { readBody } from '../http/read-json';
import { isLoopbackHost } from '../http/public-url';
import { citizenClaims, DEMO_CITIZENS, type DemoCitizen } from './demo-citizens';
import { LOGIN_PAGE_HEADERS, loginPage, providerErrorPage } from './login-page';

const log = createLogger('dev-oidc');

export interface DevOidcClient {
  clientId: string;
  clientSecret: string;
  redirectUris: readonly string[];
}

export interface DevOidcOptions {
  host?: string;
  port?: number;
  clients: readonly DevOidcClient[];
  /** The accounts that can sign in; the demo citizens unless told. */
  citizens?: readonly DemoCitizen[];
}

export interface DevOidcProvider {
  issuer: string;
  close(): Promise<void>;
}

const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|abort))?$/;

/**
 * A real OpenID provider (oidc-provider) on loopback, standing in for gov.gr in the demo and the
 * tests: authorization code with PKCE, its own RSA signing key made at start, and its own sign-in
 * page. It refuses any other host, so it can never be mistaken for a production provider.
 */
export async function startDevOidcProvider(options: DevOidcOptions): Promise<DevOidcProvider> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`The test OpenID provider listens on loopback only, not on ${host}.`);
  const citizens = options.citizens ?? DEMO_CITIZENS;
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      client_name: 'ΚΕΠ myKEPlive',
      redirect_uris: [...c.redirectUris],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    // Seconds; short, as a test provider's sessions need not outlive a demo.
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    claims: { openid: ['sub'], profile: ['given_name', 'family_name', 'afm'] },
    // The hub reads the claims from the ID token (a provider that serves them only at userinfo works too).
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, sub: string) => {
      const citizen = citizens.find((c) => c.username === sub);
      return citizen ? { accountId: sub, claims: () => citizenClaims(citizen) } : undefined;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    renderError: (ctx: { type: string; body: string }, out: { error?: string }) => {
      ctx.type = 'html';
      ctx.body = providerErrorPage(out.error ?? 'server_error');
    },
  });
  provider.on('server_error', (_ctx, error) => log.error('provider error', { error: String(error) }));
  const oidc = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = INTERACTION.exec(req.url ?? '');
    if (!match) return oidc(req, res);
    interact(provider, citizens, req, res, match[2] ?? null).catch((error: unknown) => {
      log.warn('sign-in interaction failed', { error: String(error) });
      if (res.headersSent) return res.destroy();
      res.writeHead(400, LOGIN_PAGE_HEADERS).end(providerErrorPage('invalid_request'));
    });
  });
  log.warn('TEST OpenID provider started: for the demo and tests only, never for real citizens', { issuer });

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The sign-in page and its answers; consent is granted at once (the hub is the only client). */
async function interact(provider: Provider, citizens: readonly DemoCitizen[], req: IncomingMessage, res: ServerResponse, step: string | null): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (step === 'abort' && req.method === 'POST') {
    return provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The citizen cancelled the sign-in.' },
      { mergeWithLastSubmission: false },
    );
  }
  if (step === 'login' && req.method === 'POST') {
    const form = new URLSearchParams((await readBody(req, 8 * 1024)).toString('utf8'));
    const username = form.get('username') ?? '';
    const citizen = citizens.find((c) => c.username === username && c.password === (form.get('password') ?? ''));
    if (!citizen) {
      res.writeHead(401, LOGIN_PAGE_HEADERS).end(loginPage({ uid: details.uid, clientName: 'ΚΕΠ myKEPlive', error: true, username }));
      return;
    }
    return provider.interactionFinished(req, res, { login: { accountId: citizen.username } }, { mergeWithLastSubmission: false });
  }
  if (step !== null || req.method !== 'GET') {
    res.writeHead(405, LOGIN_PAGE_HEADERS).end(providerErrorPage('method_not_allowed'));
    return;
  }
  if (details.prompt.name === 'login') {
    res.writeHead(200, LOGIN_PAGE_HEADERS).end(loginPage({ uid: details.uid, clientName: 'ΚΕΠ myKEPlive', error: false }));
    return;
  }
  if (details.prompt.name === 'consent') {
    const accountId = details.session?.accountId;
    if (!accountId) throw new Error('consent without a signed-in account');
    const grant =
      (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId: details.params.client_id });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }
  throw new Error(`unexpected prompt ${details.prompt.name}`);
}
