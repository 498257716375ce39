import type { Kep } from '../../../../src-shared/protocol/hub-api';
import type { StatementCache } from '../statement-cache';

/** Owns `keps`. */
export class KepsTable {
  constructor(private readonly sql: StatementCache) {}

  upsert(kep: Kep): void {
    this.sql.prepare('INSERT INTO keps (id, name) VALUES (@id, @name) ON CONFLICT (id) DO UPDATE SET name = excluded.name').run(kep);
  }

  get(id: string): Kep | null {
    return this.sql.prepare<[string], Kep>('SELECT id, name FROM keps WHERE id = ?').get(id) ?? null;
  }

  list(): Kep[] {
    return this.sql.prepare<[], Kep>('SELECT id, name FROM keps ORDER BY id').all();
  }
}
