import { type Catalogue, catalogueSchema } from '../../src-shared/protocol/booking';
import { serviceName } from '../../src-shared/domain/services';
import { createLogger } from '../../src-shared/log';
import type { SqliteDatabase } from '../db/open-database';

const log = createLogger('catalogue-cache');

export interface CachedCatalogue {
  catalogue: Catalogue;
  fetchedAt: string;
}

/**
 * The hub's booking catalogue as last fetched (owner of `catalogue_cache`): one copy, replaced
 * whole by the next good one, and read while the hub is away. It keeps withdrawn services too,
 * so an old appointment still shows its service's name.
 */
export class CatalogueCache {
  constructor(private readonly db: SqliteDatabase) {}

  put(catalogue: Catalogue, fetchedAt: string): void {
    this.db
      .prepare(
        `INSERT INTO catalogue_cache (id, catalogue, fetched_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET catalogue = excluded.catalogue, fetched_at = excluded.fetched_at`,
      )
      .run(JSON.stringify(catalogue), fetchedAt);
  }

  /** The last good catalogue, or null before the first fetch (the desk then shows service codes). */
  get(): CachedCatalogue | null {
    const row = this.db.prepare<[], { catalogue: string; fetched_at: string }>('SELECT catalogue, fetched_at FROM catalogue_cache WHERE id = 1').get();
    if (!row) return null;
    // A copy an older version stored may not read under this version's schema: then there is none.
    const parsed = catalogueSchema.safeParse(JSON.parse(row.catalogue));
    if (!parsed.success) {
      log.warn('the cached catalogue no longer reads; ignored', { issues: parsed.error.issues.length });
      return null;
    }
    return { catalogue: parsed.data, fetchedAt: row.fetched_at };
  }

  /** The service's name in Greek for documents the desk writes, or its code when the catalogue does not know it. */
  serviceName(code: string, language: 'el' | 'en' = 'el'): string {
    return serviceName(this.get()?.catalogue ?? null, code, language);
  }
}
