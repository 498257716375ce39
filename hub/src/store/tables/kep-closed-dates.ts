import type { IsoDate } from '../../../../src-shared/domain/athens-time';
import type { StatementCache } from '../statement-cache';

/** Owns `kep_closed_dates`: the Athens dates a KEP takes no video appointments (holidays, closures). */
export class KepClosedDatesTable {
  constructor(private readonly sql: StatementCache) {}

  list(kepId: string): IsoDate[] {
    return this.sql
      .prepare<[string], { date: string }>('SELECT date FROM kep_closed_dates WHERE kep_id = ? ORDER BY date')
      .all(kepId)
      .map((r) => r.date);
  }

  add(kepId: string, date: IsoDate): void {
    this.sql.prepare('INSERT OR IGNORE INTO kep_closed_dates (kep_id, date) VALUES (?, ?)').run(kepId, date);
  }

  remove(kepId: string, date: IsoDate): void {
    this.sql.prepare('DELETE FROM kep_closed_dates WHERE kep_id = ? AND date = ?').run(kepId, date);
  }

  /** Makes a KEP's closed dates exactly `dates`. Run it in a transaction. */
  replace(kepId: string, dates: readonly IsoDate[]): void {
    this.sql.prepare('DELETE FROM kep_closed_dates WHERE kep_id = ?').run(kepId);
    for (const date of dates) this.add(kepId, date);
  }
}
