import type { HubDatabase } from './open-database';

/** The tables a desk's day is read from (GET /appointments): appointments and their work. */
const DAY_TABLES = ['appointments', 'appointment_work'] as const;

/**
 * A token that changes whenever the data of a desk's day may have changed, however it was
 * written: for the writes of other connections (another hub process, a tool), SQLite's
 * `data_version`; for this connection's, temporary triggers on the day's tables (raw SQL
 * included, change recorded in the feed or not). It may change when the day has not (another
 * connection wrote elsewhere, a write was rolled back), never the other way round.
 */
export class DayDataVersion {
  private ownWrites = 0;
  private readonly dataVersion;

  constructor(db: HubDatabase) {
    db.function('kep_hub_day_written', { deterministic: false }, () => {
      this.ownWrites += 1;
      return null;
    });
    for (const table of DAY_TABLES) {
      for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
        // TEMP: this connection's own, gone with it; nothing is added to the database's schema.
        db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS ${table}_${op.toLowerCase()}_seen AFTER ${op} ON ${table} BEGIN SELECT kep_hub_day_written(); END`);
      }
    }
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  current(): string {
    return `${this.dataVersion.get() as number}:${this.ownWrites}`;
  }
}
