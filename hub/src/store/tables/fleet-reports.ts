import type { StatementCache } from '../statement-cache';

export interface StoredFleetReport {
  workstationId: string;
  /** The report as the desk sent it (validated before it was stored). */
  report: string;
  receivedAt: string;
  clockOffsetMs: number;
}

/** Owns `fleet_reports`: each desk's last report. */
export class FleetReportsTable {
  constructor(private readonly sql: StatementCache) {}

  put(row: StoredFleetReport): void {
    this.sql
      .prepare(
        `INSERT INTO fleet_reports (workstation_id, report, received_at, clock_offset_ms) VALUES (@workstationId, @report, @receivedAt, @clockOffsetMs)
         ON CONFLICT (workstation_id) DO UPDATE SET report = excluded.report, received_at = excluded.received_at, clock_offset_ms = excluded.clock_offset_ms`,
      )
      .run(row);
  }

  /** The last reports of a KEP's workstations. */
  ofKep(kepId: string): StoredFleetReport[] {
    return this.sql
      .prepare<[string], StoredFleetReport>(
        `SELECT r.workstation_id AS workstationId, r.report, r.received_at AS receivedAt, r.clock_offset_ms AS clockOffsetMs
         FROM fleet_reports r JOIN workstations w ON w.id = r.workstation_id WHERE w.kep_id = ?`,
      )
      .all(kepId);
  }
}
