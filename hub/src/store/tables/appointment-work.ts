import type { AppointmentWork } from '../../../../src-shared/protocol/changes';
import { UPSERT_WORK_SQL, type WorkColumns, workFromColumns } from '../../../../src-shared/sqlite/work-row';
import type { StatementCache } from '../statement-cache';

/** Owns `appointment_work`: the desk's work on each appointment (assignment, notes, outcome). */
export class AppointmentWorkTable {
  constructor(private readonly sql: StatementCache) {}

  get(appointmentIds: readonly string[]): AppointmentWork[] {
    return this.sql
      .prepare<[string], WorkColumns>('SELECT * FROM appointment_work WHERE appointment_id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(appointmentIds))
      .map(workFromColumns);
  }

  upsert(work: AppointmentWork): void {
    this.sql.prepare(UPSERT_WORK_SQL).run(work);
  }
}
