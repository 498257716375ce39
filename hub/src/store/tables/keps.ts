import type { Kep, KepInput } from '../../../../src-shared/protocol/hub-api';
import type { StatementCache } from '../statement-cache';

/** Owns `keps`. */
export class KepsTable {
  constructor(private readonly sql: StatementCache) {}

  upsert(kep: KepInput): void {
    this.sql
      .prepare(
        `INSERT INTO keps (id, name, postal_address) VALUES (@id, @name, @postalAddress)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, postal_address = coalesce(excluded.postal_address, keps.postal_address)`,
      )
      .run({ id: kep.id, name: kep.name, postalAddress: kep.postalAddress ?? null });
  }

  get(id: string): Kep | null {
    return this.sql.prepare<[string], Kep>('SELECT id, name, postal_address AS postalAddress FROM keps WHERE id = ?').get(id) ?? null;
  }

  list(): Kep[] {
    return this.sql.prepare<[], Kep>('SELECT id, name, postal_address AS postalAddress FROM keps ORDER BY id').all();
  }

  /** The update channel the KEP's desks follow (`stable` unless IT moved it), or null for an unknown KEP. */
  channel(id: string): string | null {
    return this.sql.prepare<[string], { channel: string }>('SELECT update_channel AS channel FROM keps WHERE id = ?').get(id)?.channel ?? null;
  }

  /** False when there is no such KEP. */
  setChannel(id: string, channel: string): boolean {
    return this.sql.prepare('UPDATE keps SET update_channel = ? WHERE id = ?').run(channel, id).changes === 1;
  }
}
