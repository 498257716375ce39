import { AppError } from '../../src-shared/errors';
import { createLogger } from '../../src-shared/log';
import type { StatsQuery, StatsResponse } from '../../src-shared/protocol/stats';
import type { HubApiClient } from '../hub/hub-api-client';
import { NOT_CONFIGURED } from '../hub/not-configured';
import type { StatsCache } from './stats-cache';

const log = createLogger('stats-period');

export interface PeriodAnswer {
  stats: StatsResponse;
  fetchedAt: string;
  cached: boolean;
}

export interface StatsPeriodDeps {
  client(): HubApiClient | null;
  /** The signed-in supervisor's access token at the hub; it stays in main. */
  accessToken(): string | null;
  cache: StatsCache;
  now(): Date;
}

/** Failures that say the hub could not answer, not that it refused: the cached answer stands in. */
const HUB_AWAY = new Set(['hub_unreachable', 'hub_error']);

/**
 * A period's figures: asked of the hub with the supervisor's own session, each answer kept; when
 * the hub cannot be asked, the last answer to the same question, marked as cached.
 */
export class StatsPeriods {
  constructor(private readonly deps: StatsPeriodDeps) {}

  async get(query: StatsQuery): Promise<PeriodAnswer> {
    const hub = this.deps.client();
    if (!hub) throw new AppError(NOT_CONFIGURED.code, NOT_CONFIGURED.message);
    const token = this.deps.accessToken();
    if (!token)
      return this.cachedOr(
        query,
        new AppError('unauthorized', 'The session is offline: a period is read from the hub once it is reachable.', { reason: 'stats.offline' }),
      );
    try {
      const stats = await hub.stats(query, token);
      const fetchedAt = this.deps.now().toISOString();
      this.deps.cache.put(query, stats, fetchedAt);
      return { stats, fetchedAt, cached: false };
    } catch (error) {
      if (error instanceof AppError && HUB_AWAY.has(error.code)) {
        log.info('the hub did not answer a period; trying the cache', { code: error.code });
        return this.cachedOr(
          query,
          new AppError(error.code, 'The hub cannot be reached and this period was never fetched.', { reason: 'stats.no_cache', cause: error }),
        );
      }
      // The hub refuses the session, not this desk: say so, or the person reads "re-enrol the workstation".
      if (error instanceof AppError && error.code === 'unauthorized')
        throw new AppError('unauthorized', `The hub refused this session: ${error.message}`, { reason: 'stats.session_refused', cause: error });
      throw error;
    }
  }

  private cachedOr(query: StatsQuery, error: AppError): PeriodAnswer {
    const cached = this.deps.cache.get(query);
    if (!cached) throw error;
    return { ...cached, cached: true };
  }
}
