import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyInboxToken } from '../../hub/src/auth/join-links';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { formatAthensDate } from '../../src-shared/domain/athens-time';
import { bookAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';
import { startTestSmtp, type TestSmtp } from '../support/smtp';

const kepId = DEMO_KEPS[0]!.id;
let t: TestHub | null = null;
let smtp: TestSmtp | null = null;

afterEach(async () => {
  await t?.stop();
  await smtp?.stop();
  t = null;
  smtp = null;
});

async function until<T>(what: string, probe: () => T | undefined | null | false, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const calendarOf = (mail: ParsedMail): string | undefined => {
  const part = mail.attachments.find((a) => a.contentType === 'text/calendar');
  return part?.content.toString('utf8');
};

async function hubWithMail(retry = { attempts: 3, firstDelayMs: 50 }): Promise<{ hub: TestHub; smtp: TestSmtp }> {
  smtp = await startTestSmtp();
  t = await startTestHub([formatAthensDate(new Date())], { smtp: smtp.config(), mailRetry: retry });
  return { hub: t, smtp };
}

describe('booking e-mails', () => {
  it('sends the confirmation with the join link and an invitation that parses', async () => {
    const { hub, smtp } = await hubWithMail();
    const appointment = bookAppointment(hub.hub.store, kepId, 24 * 60);
    hub.hub.store.bookingMail.enqueue(appointment.id, 'confirmation', Date.now());
    hub.hub.bookingMailer.poke();
    const mail = await until('the confirmation', () => smtp.messages[0]);
    expect(smtp.received[0]?.envelopeTo).toEqual([appointment.citizen.email]);
    expect(mail.subject).toContain('Επιβεβαίωση ραντεβού');
    const link = /http:\/\/127\.0\.0\.1:\d+\/join#\S+/.exec(mail.text ?? '')?.[0];
    expect(link).toBeDefined();
    expect(mail.attachments.map((a) => a.filename)).toContain('invite.ics');
    const ics = calendarOf(mail);
    expect(ics).toBeDefined();
    const event = new ICAL.Component(ICAL.parse(ics!)).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('location')).toBe(link);
    expect((event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(appointment.startsAt);
    expect(String(event.getFirstPropertyValue('uid'))).toBe(`${appointment.id}@127.0.0.1`);
    // The link in the mail is a genuine citizen link for this booking.
    const verdict = verifyInboxToken(hub.hub.store, new URL(link!).hash.slice(1));
    expect(verdict).toMatchObject({ ok: true, grant: { appointmentId: appointment.id, role: 'citizen' } });
    await until('the mail marked sent', () => hub.hub.store.bookingMail.forAppointment(appointment.id)[0]?.sentAt);
  });

  it('sends reminders only when due', async () => {
    const { hub, smtp } = await hubWithMail();
    const appointment = bookAppointment(hub.hub.store, kepId, 60);
    hub.hub.store.bookingMail.enqueue(appointment.id, 'reminder_day', Date.now() + 60 * 60_000);
    hub.hub.store.bookingMail.enqueue(appointment.id, 'reminder_soon', Date.now() - 1000);
    hub.hub.bookingMailer.poke();
    const mail = await until('the due reminder', () => smtp.messages[0]);
    expect(mail.subject).toContain('Σε λίγο');
    expect(calendarOf(mail)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages).toHaveLength(1);
    const rows = hub.hub.store.bookingMail.forAppointment(appointment.id);
    expect(rows.find((r) => r.kind === 'reminder_day')?.sentAt).toBeNull();
  });

  it('abandons a cancelled booking’s reminder instead of sending it, and sends the cancellation', async () => {
    const { hub, smtp } = await hubWithMail();
    const appointment = bookAppointment(hub.hub.store, kepId, 60);
    hub.hub.store.setAppointmentStatus(appointment.id, 'cancelled', 'Ακύρωση από τον πολίτη');
    hub.hub.store.bookingMail.enqueue(appointment.id, 'reminder_soon', Date.now() - 1000);
    hub.hub.store.bookingMail.enqueue(appointment.id, 'cancelled', Date.now() - 500);
    hub.hub.bookingMailer.poke();
    const mail = await until('the cancellation', () => smtp.messages[0]);
    expect(mail.subject).toContain('Ακύρωση ραντεβού');
    const calendar = new ICAL.Component(ICAL.parse(calendarOf(mail)!));
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    const reminder = await until('the reminder abandoned', () =>
      hub.hub.store.bookingMail.forAppointment(appointment.id).find((r) => r.kind === 'reminder_soon' && r.sentAt !== null),
    );
    expect(reminder.lastError).toBe('abandoned: the booking is cancelled');
    expect(smtp.messages).toHaveLength(1);
  });

  it('raises the invitation’s SEQUENCE for a move, with the same UID', async () => {
    const { hub, smtp } = await hubWithMail();
    const appointment = bookAppointment(hub.hub.store, kepId, 24 * 60);
    hub.hub.store.bookingMail.enqueue(appointment.id, 'confirmation', Date.now());
    hub.hub.bookingMailer.poke();
    await until('the confirmation', () => smtp.messages[0]);
    const startsAt = new Date(Date.parse(appointment.startsAt) + 60 * 60_000).toISOString();
    hub.hub.store.rescheduleAppointment(appointment.id, startsAt, new Date(Date.parse(startsAt) + 20 * 60_000).toISOString(), 'moved');
    hub.hub.store.bookingMail.enqueue(appointment.id, 'moved', Date.now());
    hub.hub.bookingMailer.poke();
    const moved = await until('the move', () => smtp.messages[1]);
    const first = new ICAL.Component(ICAL.parse(calendarOf(smtp.messages[0]!)!)).getFirstSubcomponent('vevent')!;
    const second = new ICAL.Component(ICAL.parse(calendarOf(moved)!)).getFirstSubcomponent('vevent')!;
    expect(second.getFirstPropertyValue('uid')).toBe(first.getFirstPropertyValue('uid'));
    expect(second.getFirstPropertyValue('sequence')).toBe(1);
    expect((second.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(startsAt);
  });

  it('retries a mail server that defers, then gives up with the reason', async () => {
    const { hub, smtp } = await hubWithMail({ attempts: 3, firstDelayMs: 50 });
    smtp.rejectRecipients({ code: 451, message: 'Try again later' });
    const appointment = bookAppointment(hub.hub.store, kepId, 60);
    hub.hub.store.bookingMail.enqueue(appointment.id, 'confirmation', Date.now());
    hub.hub.bookingMailer.poke();
    const row = await until('the mail abandoned', () => hub.hub.store.bookingMail.forAppointment(appointment.id).find((r) => r.sentAt !== null), 15_000);
    expect(row.attempts).toBe(3);
    expect(row.lastError).toMatch(/^abandoned: The mail server deferred the message .*Try again later.*Gave up after 3 attempts/);
    expect(smtp.messages).toHaveLength(0);
  });

  it('gives up at once on a recipient the server refuses for good', async () => {
    const { hub, smtp } = await hubWithMail();
    smtp.rejectRecipients({ code: 550, message: 'No such user' });
    const appointment = bookAppointment(hub.hub.store, kepId, 60);
    hub.hub.store.bookingMail.enqueue(appointment.id, 'confirmation', Date.now());
    hub.hub.bookingMailer.poke();
    const row = await until('the mail abandoned', () => hub.hub.store.bookingMail.forAppointment(appointment.id).find((r) => r.sentAt !== null));
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/refused the address/);
  });

  it('abandons with "no mail server" when the hub has none', async () => {
    t = await startTestHub([formatAthensDate(new Date())]);
    const appointment = bookAppointment(t.hub.store, kepId, 60);
    t.hub.store.bookingMail.enqueue(appointment.id, 'confirmation', Date.now());
    t.hub.bookingMailer.poke();
    const row = await until('the mail abandoned', () => t!.hub.store.bookingMail.forAppointment(appointment.id).find((r) => r.sentAt !== null));
    expect(row.lastError).toBe('abandoned: no mail server');
  });
});
