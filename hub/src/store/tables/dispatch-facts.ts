import type { DispatchChannel } from '../../../../src-shared/protocol/dispatch';
import type { StatementCache } from '../statement-cache';

export type DispatchFactRow = [appointmentId: string, channel: DispatchChannel, sentAt: number | null, doneAt: number | null, failed: 0 | 1];

/** A dispatch as its facts row starts. */
export interface NewDispatchFact {
  kepId: string;
  slotDate: string;
  appointmentId: string;
  dispatchId: string;
  channel: DispatchChannel;
  category: number;
  employeeId: string;
  sentAt: number | null;
  doneAt: number | null;
  failed: boolean;
}

/**
 * Owns `dispatch_facts`: one anonymous row per dispatch (migration 014), at its appointment's
 * slot date, with when it was sent, when it reached the citizen and whether it failed.
 */
export class DispatchFactsTable {
  constructor(private readonly sql: StatementCache) {}

  insert(fact: NewDispatchFact): void {
    this.sql
      .prepare(
        `INSERT INTO dispatch_facts (kep_id, slot_date, appointment_id, dispatch_id, channel, category, employee_id, sent_at, done_at, failed)
         VALUES (@kepId, @slotDate, @appointmentId, @dispatchId, @channel, @category, @employeeId, @sentAt, @doneAt, @failed)
         ON CONFLICT DO NOTHING`,
      )
      .run({ ...fact, failed: fact.failed ? 1 : 0 });
  }

  /** Reached the citizen at `at`; a sent time it lacked is the same. */
  done(dispatchId: string, at: number): void {
    this.sql
      .prepare('UPDATE dispatch_facts SET done_at = coalesce(done_at, @at), sent_at = coalesce(sent_at, @at), failed = 0 WHERE dispatch_id = @dispatchId')
      .run({ dispatchId, at });
  }

  /** Failed, or (a retry) no longer failed. */
  setFailed(dispatchId: string, failed: boolean): void {
    this.sql.prepare('UPDATE dispatch_facts SET failed = ? WHERE dispatch_id = ?').run(failed ? 1 : 0, dispatchId);
  }

  /** An appointment moved: its dispatches count at its new slot date. */
  moveAppointment(appointmentId: string, slotDate: string): void {
    this.sql.prepare('UPDATE dispatch_facts SET slot_date = ? WHERE appointment_id = ?').run(slotDate, appointmentId);
  }

  /** A KEP's dispatches of appointments with a slot date in [from, to]: one range scan. */
  scan(kepId: string, from: string, to: string, category: number | null): DispatchFactRow[] {
    return this.sql
      .prepare<{ kepId: string; from: string; to: string; category: number | null }, DispatchFactRow>(
        `SELECT appointment_id, channel, sent_at, done_at, failed FROM dispatch_facts
         WHERE kep_id = @kepId AND slot_date BETWEEN @from AND @to AND (@category IS NULL OR category = @category)`,
      )
      .raw()
      .all({ kepId, from, to, category });
  }
}
