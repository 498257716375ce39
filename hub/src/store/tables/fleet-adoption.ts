import type { StatementCache } from '../statement-cache';

export interface AdoptionCount {
  date: string;
  version: string;
  desks: number;
}

/** Owns `fleet_adoption`: the version each desk ran, per day (Athens). */
export class FleetAdoptionTable {
  constructor(private readonly sql: StatementCache) {}

  record(date: string, workstationId: string, version: string): void {
    this.sql
      .prepare(
        'INSERT INTO fleet_adoption (date, workstation_id, version) VALUES (?, ?, ?) ON CONFLICT (date, workstation_id) DO UPDATE SET version = excluded.version',
      )
      .run(date, workstationId, version);
  }

  /** Per day from `since` on and per version, how many of a KEP's desks reported it. */
  countsOfKep(kepId: string, since: string): AdoptionCount[] {
    return this.sql
      .prepare<[string, string], AdoptionCount>(
        `SELECT a.date, a.version, COUNT(*) AS desks FROM fleet_adoption a JOIN workstations w ON w.id = a.workstation_id
         WHERE w.kep_id = ? AND a.date >= ? GROUP BY a.date, a.version ORDER BY a.date, a.version`,
      )
      .all(kepId, since);
  }
}
