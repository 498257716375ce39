import type { Catalogue, CatalogueService } from '../../../../src-shared/protocol/booking';
import type { StatementCache } from '../statement-cache';

interface ServiceRow {
  code: string;
  category: number;
  name_el: string;
  name_en: string;
  documents: string;
  active: number;
}

export interface CatalogueImport {
  added: string[];
  updated: string[];
  withdrawn: string[];
}

const SERVICE_COLUMNS = 'code, category, name_el, name_en, documents, active';

function serviceFromRow(r: ServiceRow): CatalogueService {
  return {
    code: r.code,
    category: r.category,
    name: { el: r.name_el, en: r.name_en },
    documents: JSON.parse(r.documents) as CatalogueService['documents'],
    active: r.active === 1,
  };
}

/** Owns `catalogue_agency`, `catalogue_categories` and `catalogue_services` (migration 019). */
export class CatalogueTable {
  constructor(private readonly sql: StatementCache) {}

  /** The whole catalogue, withdrawn services included, in the order IT gave them. */
  get(): Catalogue {
    const agency = this.sql.prepare<[], { name_el: string; name_en: string }>('SELECT name_el, name_en FROM catalogue_agency WHERE id = 1').get();
    const categories = this.sql
      .prepare<[], { code: number; name_el: string; name_en: string; interpreter_offered: number }>(
        'SELECT code, name_el, name_en, interpreter_offered FROM catalogue_categories ORDER BY code',
      )
      .all()
      .map((r) => ({ code: r.code, name: { el: r.name_el, en: r.name_en }, interpreterOffered: r.interpreter_offered === 1 }));
    const services = this.sql.prepare<[], ServiceRow>(`SELECT ${SERVICE_COLUMNS} FROM catalogue_services ORDER BY position, code`).all().map(serviceFromRow);
    return { agency: { el: agency?.name_el ?? '', en: agency?.name_en ?? '' }, categories, services };
  }

  service(code: string): CatalogueService | null {
    const row = this.sql.prepare<[string], ServiceRow>(`SELECT ${SERVICE_COLUMNS} FROM catalogue_services WHERE code = ?`).get(code);
    return row ? serviceFromRow(row) : null;
  }

  /**
   * Makes the catalogue `next`: categories and services are added or updated, and services it
   * does not list are withdrawn, never deleted (appointments keep their codes). Run it in a
   * transaction.
   */
  replace(next: Catalogue): CatalogueImport {
    this.sql
      .prepare(
        'INSERT INTO catalogue_agency (id, name_el, name_en) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET name_el = excluded.name_el, name_en = excluded.name_en',
      )
      .run(next.agency.el, next.agency.en);
    const category = this.sql.prepare(
      `INSERT INTO catalogue_categories (code, name_el, name_en, interpreter_offered) VALUES (?, ?, ?, ?)
       ON CONFLICT (code) DO UPDATE SET name_el = excluded.name_el, name_en = excluded.name_en, interpreter_offered = excluded.interpreter_offered`,
    );
    for (const c of next.categories) category.run(c.code, c.name.el, c.name.en, c.interpreterOffered ? 1 : 0);
    const before = new Set(
      this.sql
        .prepare<[], { code: string }>('SELECT code FROM catalogue_services')
        .all()
        .map((r) => r.code),
    );
    const service = this.sql.prepare(
      `INSERT INTO catalogue_services (code, category, name_el, name_en, documents, active, position) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (code) DO UPDATE SET category = excluded.category, name_el = excluded.name_el, name_en = excluded.name_en,
         documents = excluded.documents, active = excluded.active, position = excluded.position`,
    );
    const result: CatalogueImport = { added: [], updated: [], withdrawn: [] };
    next.services.forEach((s, position) => {
      service.run(s.code, s.category, s.name.el, s.name.en, JSON.stringify(s.documents), s.active ? 1 : 0, position);
      (before.has(s.code) ? result.updated : result.added).push(s.code);
    });
    const listed = new Set(next.services.map((s) => s.code));
    const withdraw = this.sql.prepare('UPDATE catalogue_services SET active = 0, position = ? WHERE code = ? AND active = 1');
    for (const code of before) {
      if (!listed.has(code) && withdraw.run(next.services.length, code).changes === 1) result.withdrawn.push(code);
    }
    return result;
  }
}
