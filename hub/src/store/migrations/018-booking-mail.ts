import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/**
 * The e-mails a booking owes its citizen, written in the same transaction as the booking, the
 * move or the cancellation they tell of, so none is lost and none is sent for a change that did
 * not happen. The mailer sends each when due and marks it; reminders not yet sent are withdrawn
 * when the booking moves or is cancelled.
 */
export const m018BookingMail: Migration<HubDatabase> = {
  version: 18,
  name: 'booking-mail',
  up(db) {
    db.exec(`
      CREATE TABLE booking_mail (
        id INTEGER PRIMARY KEY,
        appointment_id TEXT NOT NULL REFERENCES appointments (id),
        kind TEXT NOT NULL CHECK (kind IN ('confirmation', 'moved', 'cancelled', 'reminder_day', 'reminder_soon')),
        due_at INTEGER NOT NULL,
        sent_at INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      ) STRICT;
      CREATE INDEX booking_mail_due ON booking_mail (due_at) WHERE sent_at IS NULL;
      CREATE INDEX booking_mail_by_appointment ON booking_mail (appointment_id);
    `);
  },
};
