import * as oidc from 'openid-client';
import { createLogger } from '../../../src-shared/log';
import type { CitizenSignInConfig } from '../config';
import { isLoopbackHost } from '../http/public-url';

const log = createLogger('citizen-sign-in');

/** A provider that did not answer discovery is asked again at the next sign-in, but not sooner than this. */
const RETRY_AFTER_MS = 5_000;
/** Seconds the hub waits for each answer from the provider. */
const PROVIDER_TIMEOUT_S = 10;

/** The provider could not be reached or did not describe itself: the citizen is told to try later. */
export class ProviderUnavailable extends Error {}

export interface OidcClient {
  readonly settings: CitizenSignInConfig;
  /** The provider's metadata and keys, discovered once and cached; rejects with ProviderUnavailable. */
  configuration(): Promise<oidc.Configuration>;
}

/** Why the hub must not start with this issuer: plain http anywhere but this machine. */
export function issuerProblem(issuer: string): string | null {
  const url = new URL(issuer);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname.replace(/^\[|\]$/g, '')))) return null;
  return `citizenSignIn.issuer must be https:// (http only for a provider on this machine), not ${issuer}`;
}

/**
 * The hub as an OpenID Connect client of the citizens' provider (gov.gr, or the local test
 * provider). Plain http is allowed only for a provider on loopback (the demo and the tests).
 */
export function createOidcClient(settings: CitizenSignInConfig): OidcClient {
  const issuer = new URL(settings.issuer);
  const insecure = issuer.protocol === 'http:';
  const problem = issuerProblem(settings.issuer);
  if (problem) throw new Error(problem);
  let discovered: Promise<oidc.Configuration> | null = null;
  let failedAt = 0;
  let lastFailure: ProviderUnavailable | null = null;

  const discover = async (): Promise<oidc.Configuration> => {
    try {
      const configuration = await oidc.discovery(issuer, settings.clientId, undefined, oidc.ClientSecretBasic(settings.clientSecret), {
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: PROVIDER_TIMEOUT_S,
      });
      configuration.timeout = PROVIDER_TIMEOUT_S;
      log.info('sign-in provider discovered', { issuer: settings.issuer });
      return configuration;
    } catch (error) {
      log.error('cannot discover the sign-in provider; citizens cannot sign in until it answers (tried again at the next sign-in)', {
        issuer: settings.issuer,
        error: String(error),
      });
      throw new ProviderUnavailable(`The sign-in provider ${settings.issuer} did not answer: ${String(error)}`);
    }
  };

  return {
    settings,
    configuration() {
      if (lastFailure && Date.now() - failedAt < RETRY_AFTER_MS) return Promise.reject(lastFailure);
      discovered ??= discover().catch((error: ProviderUnavailable) => {
        discovered = null;
        failedAt = Date.now();
        lastFailure = error;
        throw error;
      });
      return discovered;
    },
  };
}
