import type { DispatchChannel } from '../../../../src-shared/protocol/dispatch';
import type { StatementCache } from '../statement-cache';
import { filterSql } from './appointment-facts';

/** A period's dispatches of one channel, added up as SQLite scans them; `times` are ms from call end to done, comma-joined. */
export interface DispatchGroupRow {
  channel: DispatchChannel;
  sent: number;
  done: number;
  failed: number;
  times: string | null;
}

/** A dispatch as its facts row starts. */
export interface NewDispatchFact {
  kepId: string;
  slotDate: string;
  appointmentId: string;
  dispatchId: string;
  channel: DispatchChannel;
  category: number;
  employeeId: string;
  /** The appointment's call end (ms), when it is known already. */
  callEndedAt: number | null;
  sentAt: number | null;
  doneAt: number | null;
  failed: boolean;
}

/**
 * Owns `dispatch_facts`: one anonymous row per dispatch (migration 014), at its appointment's
 * slot date, with when it was sent, when it reached the citizen and whether it failed, and its
 * appointment's call end (copied, so a period's documents are one scan of this table).
 */
export class DispatchFactsTable {
  constructor(private readonly sql: StatementCache) {}

  insert(fact: NewDispatchFact): void {
    this.sql
      .prepare(
        `INSERT INTO dispatch_facts (kep_id, slot_date, appointment_id, dispatch_id, channel, category, employee_id, call_ended_at, sent_at, done_at, failed)
         VALUES (@kepId, @slotDate, @appointmentId, @dispatchId, @channel, @category, @employeeId, @callEndedAt, @sentAt, @doneAt, @failed)
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

  /** The appointment's call ended (again) at `at`. */
  setCallEnd(appointmentId: string, at: number | null): void {
    this.sql.prepare('UPDATE dispatch_facts SET call_ended_at = ? WHERE appointment_id = ?').run(at, appointmentId);
  }

  /** An appointment moved: its dispatches count at its new slot date. */
  moveAppointment(appointmentId: string, slotDate: string): void {
    this.sql.prepare('UPDATE dispatch_facts SET slot_date = ? WHERE appointment_id = ?').run(slotDate, appointmentId);
  }

  /** A KEP's dispatches of appointments with a slot date in [from, to], narrowed by category and sender (null: all), per channel: one range scan. */
  scan(kepId: string, from: string, to: string, category: number | null, employee: string | null): DispatchGroupRow[] {
    return this.sql
      .prepare<{ kepId: string; from: string; to: string; category: number | null; employee: string | null }, DispatchGroupRow>(
        `SELECT channel, count(*) AS sent, sum(done_at IS NOT NULL) AS done, sum(failed) AS failed, group_concat(max(0, done_at - call_ended_at)) AS times
         FROM dispatch_facts
         WHERE kep_id = @kepId AND slot_date BETWEEN @from AND @to${filterSql(category, employee)}
         GROUP BY channel`,
      )
      .all({ kepId, from, to, category, employee });
  }
}
