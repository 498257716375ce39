import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { bookingInvitation, type InvitationInput } from '../../hub/src/booking-mail/booking-ics';
import { buildBookingMail } from '../../hub/src/booking-mail/booking-message';
import { makeAppointment } from '../support/booking';

const appointment = makeAppointment('kep-athens-1', new Date('2026-12-10T09:30:00Z'));
const base: InvitationInput = {
  appointment,
  method: 'REQUEST',
  sequence: 0,
  hubHost: 'kep.example.gr',
  joinUrl: 'https://kep.example.gr/join#t=abc.def',
  summary: 'Ραντεβού με βιντεοκλήση / Video appointment',
  description: 'Σύνδεσμος / Link: https://kep.example.gr/join#t=abc.def',
  organizer: 'ΚΕΠ myKEPlive <no-reply@kep.example.gr>',
};

function parse(ics: string): { calendar: ICAL.Component; event: ICAL.Component } {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const event = calendar.getFirstSubcomponent('vevent');
  if (!event) throw new Error('no VEVENT');
  return { calendar, event };
}

describe('the booking invitation (.ics)', () => {
  it('is one event in UTC at the appointment’s time, its UID the booking id at the hub’s host', () => {
    const { calendar, event } = parse(bookingInvitation(base));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.getFirstPropertyValue('uid')).toBe(`${appointment.id}@kep.example.gr`);
    const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
    const end = event.getFirstPropertyValue('dtend') as ICAL.Time;
    expect(start.zone).toBe(ICAL.Timezone.utcTimezone);
    expect(start.toJSDate().toISOString()).toBe(appointment.startsAt);
    expect(end.toJSDate().toISOString()).toBe(appointment.endsAt);
    expect(event.getFirstPropertyValue('summary')).toBe(base.summary);
    expect(event.getFirstPropertyValue('location')).toBe(base.joinUrl);
    expect(String(event.getFirstPropertyValue('description'))).toContain(base.joinUrl);
    expect(event.getFirstPropertyValue('sequence')).toBe(0);
    expect(String(event.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:no-reply@kep.example.gr');
    const alarm = event.getFirstSubcomponent('valarm');
    expect(String(alarm?.getFirstPropertyValue('trigger'))).toBe('-PT15M');
  });

  it('raises SEQUENCE on a move and keeps the UID', () => {
    const moved = { ...appointment, startsAt: '2026-12-11T10:00:00.000Z', endsAt: '2026-12-11T10:20:00.000Z' };
    const { event } = parse(bookingInvitation({ ...base, appointment: moved, sequence: 1 }));
    expect(event.getFirstPropertyValue('uid')).toBe(`${appointment.id}@kep.example.gr`);
    expect(event.getFirstPropertyValue('sequence')).toBe(1);
    expect((event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(moved.startsAt);
  });

  it('is METHOD:CANCEL with STATUS:CANCELLED for a cancelled booking', () => {
    const { calendar, event } = parse(bookingInvitation({ ...base, method: 'CANCEL', sequence: 2 }));
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.getFirstPropertyValue('sequence')).toBe(2);
    expect(event.getFirstSubcomponent('valarm')).toBeNull();
  });
});

describe('the booking e-mails', () => {
  const input = {
    mailId: 7,
    appointment,
    kepName: 'ΚΕΠ Δήμου Αθηναίων',
    service: { name: { el: 'Κάρτα αναπηρίας', en: 'Disability card' }, documents: [{ el: 'Αστυνομική ταυτότητα', en: 'Identity card' }] },
    joinUrl: base.joinUrl,
    changeUntil: new Date('2026-12-10T07:30:00Z'),
    from: base.organizer,
    hubHost: base.hubHost,
    sequence: 0,
  };

  it('confirms in Greek then English, with the documents, the link, the camera check and the deadline', () => {
    const mail = buildBookingMail({ ...input, kind: 'confirmation' });
    const text = String(mail.text);
    expect(text.indexOf('Το ραντεβού σας')).toBeLessThan(text.indexOf('Your video appointment'));
    for (const expected of ['Αστυνομική ταυτότητα', 'Identity card', base.joinUrl, 'κάμερα', 'camera', '11:30', 'Έκδοση κάρτας αναπηρίας', '09:30'])
      expect(text).toContain(expected);
    expect(mail.icalEvent).toMatchObject({ method: 'REQUEST' });
  });

  it('sends short reminders without an invitation, and a cancellation with METHOD:CANCEL', () => {
    const reminder = buildBookingMail({ ...input, kind: 'reminder_soon' });
    expect(reminder.icalEvent).toBeUndefined();
    expect(String(reminder.text)).toContain(base.joinUrl);
    const cancelled = buildBookingMail({ ...input, kind: 'cancelled', sequence: 1 });
    expect(cancelled.icalEvent).toMatchObject({ method: 'CANCEL' });
  });
});
