import type { DispatchChannel } from '../../../../src-shared/protocol/dispatch';
import type { StatementCache } from '../statement-cache';
import { type FactDay, RETURNING_DAY, type StatsDaysTable } from './stats-days';

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

function distinctDays(rows: readonly FactDay[]): FactDay[] {
  return [...new Map(rows.map((r) => [`${r.kepId}\u0000${r.slotDate}`, r])).values()];
}

/**
 * Owns `dispatch_facts`: one anonymous row per dispatch (migration 014), at its appointment's
 * slot date, with when it was sent, when it reached the citizen and whether it failed, and its
 * appointment's call end (copied, so a period's documents are one scan of this table). Every
 * write tallies its days again in `stats_days`, in the same transaction.
 */
export class DispatchFactsTable {
  constructor(
    private readonly sql: StatementCache,
    private readonly days: StatsDaysTable,
  ) {}

  /** Runs an UPDATE and tallies again the days of the rows it changed. */
  private update(sql: string, ...params: unknown[]): void {
    this.days.atomically(() => {
      for (const day of distinctDays(this.sql.prepare<unknown[], FactDay>(`${sql} ${RETURNING_DAY}`).all(...params))) {
        this.days.recompute(day.kepId, day.slotDate);
      }
    });
  }

  insert(fact: NewDispatchFact): void {
    this.days.atomically(() => {
      this.sql
        .prepare(
          `INSERT INTO dispatch_facts (kep_id, slot_date, appointment_id, dispatch_id, channel, category, employee_id, call_ended_at, sent_at, done_at, failed)
           VALUES (@kepId, @slotDate, @appointmentId, @dispatchId, @channel, @category, @employeeId, @callEndedAt, @sentAt, @doneAt, @failed)
           ON CONFLICT DO NOTHING`,
        )
        .run({ ...fact, failed: fact.failed ? 1 : 0 });
      this.days.recompute(fact.kepId, fact.slotDate);
    });
  }

  /** Reached the citizen at `at`; a sent time it lacked is the same. */
  done(dispatchId: string, at: number): void {
    this.update('UPDATE dispatch_facts SET done_at = coalesce(done_at, @at), sent_at = coalesce(sent_at, @at), failed = 0 WHERE dispatch_id = @dispatchId', {
      dispatchId,
      at,
    });
  }

  /** Failed, or (a retry) no longer failed. */
  setFailed(dispatchId: string, failed: boolean): void {
    this.update('UPDATE dispatch_facts SET failed = ? WHERE dispatch_id = ?', failed ? 1 : 0, dispatchId);
  }

  /** The appointment's call ended (again) at `at`. */
  setCallEnd(appointmentId: string, at: number | null): void {
    this.update('UPDATE dispatch_facts SET call_ended_at = ? WHERE appointment_id = ?', at, appointmentId);
  }

  /** An appointment moved: its dispatches count at its new slot date; the days they left are tallied again too. */
  moveAppointment(appointmentId: string, slotDate: string): void {
    this.days.atomically(() => {
      const before = this.sql
        .prepare<[string], FactDay>('SELECT DISTINCT kep_id AS kepId, slot_date AS slotDate FROM dispatch_facts WHERE appointment_id = ?')
        .all(appointmentId);
      this.update('UPDATE dispatch_facts SET slot_date = ? WHERE appointment_id = ?', slotDate, appointmentId);
      for (const day of before) if (day.slotDate !== slotDate) this.days.recompute(day.kepId, day.slotDate);
    });
  }
}
