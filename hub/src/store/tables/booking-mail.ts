import type { StatementCache } from '../statement-cache';

export const BOOKING_MAIL_KINDS = ['confirmation', 'moved', 'cancelled', 'reminder_day', 'reminder_soon'] as const;
export type BookingMailKind = (typeof BOOKING_MAIL_KINDS)[number];
export const REMINDER_KINDS: readonly BookingMailKind[] = ['reminder_day', 'reminder_soon'];

export interface BookingMail {
  id: number;
  appointmentId: string;
  kind: BookingMailKind;
  dueAt: number;
  attempts: number;
}

/** Owns `booking_mail`. Times in ms since the epoch. */
export class BookingMailTable {
  constructor(private readonly sql: StatementCache) {}

  enqueue(appointmentId: string, kind: BookingMailKind, dueAt: number): void {
    this.sql.prepare('INSERT INTO booking_mail (appointment_id, kind, due_at) VALUES (?, ?, ?)').run(appointmentId, kind, dueAt);
  }

  /** Withdraws the unsent mails of these kinds (a moved booking's old reminders). */
  withdraw(appointmentId: string, kinds: readonly BookingMailKind[]): void {
    const statement = this.sql.prepare('DELETE FROM booking_mail WHERE appointment_id = ? AND kind = ? AND sent_at IS NULL');
    for (const kind of kinds) statement.run(appointmentId, kind);
  }

  /** Unsent mails due by `now`, oldest first. */
  due(now: number, limit: number): BookingMail[] {
    return this.sql
      .prepare<[number, number], BookingMail>(
        `SELECT id, appointment_id AS appointmentId, kind, due_at AS dueAt, attempts FROM booking_mail
         WHERE sent_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?`,
      )
      .all(now, limit);
  }

  /**
   * Takes a due mail for this process until `until` (its due time moves there), so hub
   * processes sharing the store never send the same mail twice; false if another took it first.
   */
  claim(id: number, dueAt: number, until: number): boolean {
    return this.sql.prepare('UPDATE booking_mail SET due_at = ? WHERE id = ? AND due_at = ? AND sent_at IS NULL').run(until, id, dueAt).changes === 1;
  }

  markSent(id: number, at: number): void {
    this.sql.prepare('UPDATE booking_mail SET sent_at = ?, last_error = NULL WHERE id = ?').run(at, id);
  }

  /** A failed try: tried again from `retryAt`. */
  markFailed(id: number, error: string, retryAt: number): void {
    this.sql.prepare('UPDATE booking_mail SET attempts = attempts + 1, last_error = ?, due_at = ? WHERE id = ?').run(error.slice(0, 500), retryAt, id);
  }

  /** Gives up on a mail (too many tries, or nowhere to send it): it stays, with why, for IT. */
  abandon(id: number, error: string, at: number): void {
    this.sql
      .prepare('UPDATE booking_mail SET attempts = attempts + 1, last_error = ?, sent_at = ? WHERE id = ?')
      .run(`abandoned: ${error}`.slice(0, 500), at, id);
  }

  /** An appointment's mails as sent or pending, for tests and IT. */
  forAppointment(appointmentId: string): Array<BookingMail & { sentAt: number | null; lastError: string | null }> {
    return this.sql
      .prepare<[string], BookingMail & { sentAt: number | null; lastError: string | null }>(
        `SELECT id, appointment_id AS appointmentId, kind, due_at AS dueAt, attempts, sent_at AS sentAt, last_error AS lastError
         FROM booking_mail WHERE appointment_id = ? ORDER BY id`,
      )
      .all(appointmentId);
  }
}
