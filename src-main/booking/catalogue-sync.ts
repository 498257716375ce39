import { createLogger } from '../../src-shared/log';
import type { HubApiClient } from '../hub/hub-api-client';
import type { EventBus } from '../ipc/event-bus';
import type { CatalogueCache } from './catalogue-cache';

const log = createLogger('catalogue-sync');

/** The catalogue changes when IT imports a new one: once an hour is soon enough between reconnections. */
export const CATALOGUE_MAX_AGE_MS = 60 * 60_000;

export interface CatalogueSyncDeps {
  client(): HubApiClient | null;
  cache: CatalogueCache;
  events: EventBus;
  now(): Date;
}

/**
 * Keeps the desk's copy of the hub's catalogue: fetched after a sync once the copy is an hour
 * old (or there is none) and at every reconnection. A failed fetch keeps the last good copy.
 */
export class CatalogueSync {
  private fetching: Promise<void> | null = null;
  /** Set by stop(): a fetch still waiting on the network must not touch a closed database. */
  private stopped = false;

  constructor(private readonly deps: CatalogueSyncDeps) {}

  refreshIfStale(): Promise<void> {
    const cached = this.deps.cache.get();
    if (cached && this.deps.now().getTime() - new Date(cached.fetchedAt).getTime() < CATALOGUE_MAX_AGE_MS) return Promise.resolve();
    return this.refresh();
  }

  /** Never rejects; concurrent callers share one fetch. */
  refresh(): Promise<void> {
    this.fetching ??= this.fetch().finally(() => {
      this.fetching = null;
    });
    return this.fetching;
  }

  stop(): void {
    this.stopped = true;
  }

  private async fetch(): Promise<void> {
    const hub = this.deps.client();
    if (!hub || this.stopped) return;
    try {
      const catalogue = await hub.catalogue();
      if (this.stopped) return;
      const fetchedAt = this.deps.now().toISOString();
      this.deps.cache.put(catalogue, fetchedAt);
      this.deps.events.emit('catalogue.changed', { fetchedAt });
    } catch (error) {
      if (this.stopped) return;
      log.warn('the catalogue could not be fetched; the last copy stands', { error: String(error) });
    }
  }
}
