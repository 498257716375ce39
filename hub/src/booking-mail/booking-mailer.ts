import type { Transporter } from 'nodemailer';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { createLogger } from '../../../src-shared/log';
import { joinUrl } from '../../../src-shared/protocol/hub-api';
import { issueJoinToken } from '../auth/join-links';
import type { BookingSettings, MailRetry, SmtpConfig } from '../config';
import { createMailTransport } from '../dispatch/mail-sender';
import { describeMailFailure } from '../dispatch/mail-failure';
import type { HubStore } from '../store/hub-store';
import type { BookingMail } from '../store/tables/booking-mail';
import { buildBookingMail, type ServiceDetails } from './booking-message';

const log = createLogger('booking-mailer');

/** The reason a booking mail is given up on when the hub has no mail server. */
export const NO_MAIL_SERVER = 'no mail server';

/** A claimed mail is this process's for this long; one that dies mid-send leaves it to be sent again after. */
const LEASE_MS = 120_000;
const BATCH = 20;

export interface BookingMailerOptions {
  smtp?: SmtpConfig | undefined;
  retry: MailRetry;
  booking: BookingSettings;
  /** Where citizens reach the hub (known once it listens): join links and the calendar event's UID are made from it. */
  linkBase(): string;
  /** The catalogue's entry for a service code (its name and the documents to have ready), or null. */
  serviceFor(serviceCode: string): ServiceDetails | null;
  /** How often the outbox is looked at (reminders come due with time, other processes queue mail). */
  pollMs?: number;
}

/** Why a mail no longer describes its booking (a reminder for a cancelled one), or null to send it. */
export function staleReason(mail: Pick<BookingMail, 'kind'>, appointment: Appointment | null, now: number): string | null {
  if (!appointment) return 'the appointment no longer exists';
  if (!appointment.citizen.email) return 'the citizen has no e-mail address';
  if (mail.kind === 'cancelled') return appointment.status === 'cancelled' ? null : `the booking is ${appointment.status}, not cancelled`;
  if (appointment.status !== 'booked') return `the booking is ${appointment.status}`;
  if ((mail.kind === 'reminder_day' || mail.kind === 'reminder_soon') && Date.parse(appointment.startsAt) <= now) return 'the appointment has already started';
  return null;
}

/**
 * Sends the e-mails bookings owe their citizens (the `booking_mail` outbox, written with the
 * booking, move or cancellation itself): each when due, skipped with a reason when the booking
 * is no longer as the mail would describe it, retried with backoff like e-mail dispatches.
 */
export class BookingMailer {
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly store: HubStore,
    private readonly options: BookingMailerOptions,
  ) {
    this.transport = options.smtp ? createMailTransport(options.smtp) : null;
  }

  start(): void {
    // Retries come due on their own schedule, so the outbox is looked at at least that often.
    this.timer = setInterval(() => this.poke(), this.options.pollMs ?? Math.min(2000, this.options.retry.firstDelayMs));
    this.timer.unref();
    this.poke();
  }

  /** Sends what is due now; call it after queueing a mail so the citizen need not wait for the next look. */
  poke(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => log.error('cannot read or update the booking mail outbox', { error: String(error) }))
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining;
    this.transport?.close();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const now = Date.now();
      const due = this.store.bookingMail.due(now, BATCH);
      if (due.length === 0 || this.stopped) return;
      for (const mail of due) {
        if (this.stopped) return;
        if (!this.store.bookingMail.claim(mail.id, mail.dueAt, now + LEASE_MS)) continue;
        await this.send(mail);
      }
    }
  }

  private async send(mail: BookingMail): Promise<void> {
    const now = Date.now();
    const appointment = this.store.getAppointment(mail.appointmentId);
    const stale = staleReason(mail, appointment, now);
    if (stale || !appointment?.citizen.email) {
      log.info('booking mail not sent', { mail: mail.id, kind: mail.kind, reason: stale });
      this.store.bookingMail.abandon(mail.id, stale ?? 'the citizen has no e-mail address', now);
      return;
    }
    if (!this.transport || !this.options.smtp) {
      this.store.bookingMail.abandon(mail.id, NO_MAIL_SERVER, now);
      return;
    }
    const moves = this.store.bookingMail.forAppointment(appointment.id).filter((m) => m.kind === 'moved' && m.id <= mail.id).length;
    const base = this.options.linkBase();
    // A cancelled booking's link opens nothing, so its mail carries none.
    const link = mail.kind === 'cancelled' ? base : joinUrl(base, issueJoinToken(this.store, appointment.id, 'citizen').token);
    const message = buildBookingMail({
      kind: mail.kind,
      mailId: mail.id,
      appointment,
      kepName: this.store.getKep(appointment.kepId)?.name ?? 'ΚΕΠ',
      service: this.options.serviceFor(appointment.serviceCode),
      joinUrl: link,
      changeUntil: new Date(Date.parse(appointment.startsAt) - this.options.booking.changeUntilMinutes * 60_000),
      from: this.options.smtp.from,
      hubHost: new URL(base).hostname,
      sequence: mail.kind === 'cancelled' ? moves + 1 : moves,
    });
    try {
      await this.transport.sendMail(message);
      this.store.bookingMail.markSent(mail.id, Date.now());
      log.info('booking mail sent', { mail: mail.id, kind: mail.kind, appointment: appointment.id });
    } catch (error) {
      const failure = describeMailFailure(error, appointment.citizen.email);
      const tries = mail.attempts + 1;
      // The reason names the citizen's address: it goes to the outbox row for IT, not to the logs.
      const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
      log.warn('booking mail not sent', { mail: mail.id, kind: mail.kind, attempt: tries, permanent: failure.permanent, code, responseCode });
      if (failure.permanent) this.store.bookingMail.abandon(mail.id, failure.reason, Date.now());
      else if (tries >= this.options.retry.attempts) this.store.bookingMail.abandon(mail.id, `${failure.reason} Gave up after ${tries} attempts.`, Date.now());
      else this.store.bookingMail.markFailed(mail.id, failure.reason, Date.now() + this.options.retry.firstDelayMs * 2 ** (tries - 1));
    }
  }
}
