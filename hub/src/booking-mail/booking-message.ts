import type { SendMailOptions } from 'nodemailer';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { OPENS_BEFORE_MINUTES } from '../../../src-shared/domain/call-window';
import { CATEGORY_NAMES, type Category } from '../../../src-shared/domain/services';
import type { LocalizedText } from '../../../src-shared/protocol/booking';
import type { BookingMailKind } from '../store/tables/booking-mail';
import { bookingInvitation } from './booking-ics';

/** What the message says about the booked service; the catalogue's entry for it. */
export interface ServiceDetails {
  name: LocalizedText;
  /** What to have ready for the call. */
  documents: readonly LocalizedText[];
}

export interface BookingMailInput {
  kind: BookingMailKind;
  /** The outbox row: one Message-ID per mail, the same if it is ever sent again. */
  mailId: number;
  appointment: Appointment;
  kepName: string;
  service: ServiceDetails | null;
  joinUrl: string;
  /** Until when the citizen may cancel or move the booking from the link. */
  changeUntil: Date;
  from: string;
  hubHost: string;
  /** The calendar event's SEQUENCE: the number of moves so far (the cancellation one more). */
  sequence: number;
}

type Lang = 'el' | 'en';

const when = (lang: Lang, instant: Date): string =>
  new Intl.DateTimeFormat(lang === 'el' ? 'el-GR' : 'en-GB', {
    timeZone: 'Europe/Athens',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A paragraph of the message; `link` makes it the join link. */
type Block = { text: string } | { heading: string; items: readonly string[] } | { link: string; label: string };

const SUBJECT: Record<BookingMailKind, Record<Lang, (kep: string) => string>> = {
  confirmation: { el: (kep) => `Επιβεβαίωση ραντεβού στο ${kep}`, en: (kep) => `Appointment confirmed at ${kep}` },
  moved: { el: (kep) => `Νέα ώρα για το ραντεβού σας στο ${kep}`, en: (kep) => `New time for your appointment at ${kep}` },
  cancelled: { el: (kep) => `Ακύρωση ραντεβού στο ${kep}`, en: (kep) => `Appointment cancelled at ${kep}` },
  reminder_day: { el: (kep) => `Υπενθύμιση: αύριο το ραντεβού σας στο ${kep}`, en: (kep) => `Reminder: your appointment at ${kep} is tomorrow` },
  reminder_soon: { el: (kep) => `Σε λίγο το ραντεβού σας στο ${kep}`, en: (kep) => `Your appointment at ${kep} starts soon` },
};

const expectation = (lang: Lang): Block => ({
  text:
    lang === 'el'
      ? `Ο σύνδεσμος ανοίγει ${OPENS_BEFORE_MINUTES} λεπτά πριν από την ώρα σας. Στην αρχή της κλήσης θα χρειαστεί κάμερα: ο υπάλληλος ελέγχει την ταυτότητά σας (έχετε την ταυτότητα ή το διαβατήριό σας).`
      : `The link opens ${OPENS_BEFORE_MINUTES} minutes before your time. You will need a camera at the start of the call: the employee checks your identity (have your ID card or passport with you).`,
});

function blocks(lang: Lang, input: BookingMailInput): Block[] {
  const el = lang === 'el';
  const { appointment, kepName } = input;
  const start = when(lang, new Date(appointment.startsAt));
  const link: Block = { link: input.joinUrl, label: el ? 'Σύνδεσμος για τη βιντεοκλήση' : 'Link to the video call' };
  const change: Block = {
    text: el
      ? `Μπορείτε να ακυρώσετε ή να αλλάξετε την ώρα από τον ίδιο σύνδεσμο έως ${when(lang, input.changeUntil)}.`
      : `You can cancel or change the time from the same link until ${when(lang, input.changeUntil)}.`,
  };
  const category = CATEGORY_NAMES[appointment.category as Category];
  const details: Block = {
    heading: el ? 'Το ραντεβού' : 'The appointment',
    items: [
      `${el ? 'ΚΕΠ' : 'KEP'}: ${kepName}`,
      `${el ? 'Ημερομηνία και ώρα (ώρα Ελλάδας)' : 'Date and time (Greek time)'}: ${start}`,
      ...(category ? [`${el ? 'Κατηγορία' : 'Category'}: ${category[lang]}`] : []),
      `${el ? 'Υπηρεσία' : 'Service'}: ${input.service?.name[lang] ?? appointment.serviceCode}`,
      ...(appointment.subject ? [`${el ? 'Περιγραφή' : 'Description'}: ${appointment.subject}`] : []),
    ],
  };
  const documents: Block[] =
    input.service && input.service.documents.length > 0
      ? [{ heading: el ? 'Να έχετε έτοιμα' : 'Have these ready', items: input.service.documents.map((d) => d[lang]) }]
      : [];
  const expect = expectation(lang);
  switch (input.kind) {
    case 'confirmation':
      return [{ text: el ? 'Το ραντεβού σας με βιντεοκλήση κλείστηκε.' : 'Your video appointment is booked.' }, details, ...documents, link, expect, change];
    case 'moved':
      return [
        { text: el ? `Το ραντεβού σας μεταφέρθηκε: νέα ώρα ${start}.` : `Your appointment has moved: the new time is ${start}.` },
        details,
        ...documents,
        link,
        change,
      ];
    case 'cancelled':
      return [
        { text: el ? `Το ραντεβού σας στις ${start} ακυρώθηκε.` : `Your appointment on ${start} has been cancelled.` },
        ...(appointment.statusReason ? [{ text: `${el ? 'Αιτία' : 'Reason'}: ${appointment.statusReason}` }] : []),
        {
          text: el
            ? `Για νέο ραντεβού επικοινωνήστε με το ${kepName} ή κλείστε ξανά ηλεκτρονικά.`
            : `For a new appointment, contact ${kepName} or book again online.`,
        },
      ];
    case 'reminder_day':
    case 'reminder_soon':
      return [{ text: el ? `Υπενθύμιση: το ραντεβού σας είναι ${start}.` : `Reminder: your appointment is on ${start}.` }, link, expect];
  }
}

function textOf(parts: readonly Block[]): string {
  return parts
    .map((b) => ('text' in b ? b.text : 'link' in b ? `${b.label}:\n${b.link}` : `${b.heading}:\n${b.items.map((i) => `  - ${i}`).join('\n')}`))
    .join('\n\n');
}

function htmlOf(lang: Lang, parts: readonly Block[]): string {
  const inner = parts
    .map((b) =>
      'text' in b
        ? `<p>${escapeHtml(b.text)}</p>`
        : 'link' in b
          ? `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.label)}</a><br><small>${escapeHtml(b.link)}</small></p>`
          : `<p>${escapeHtml(b.heading)}:</p><ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`,
    )
    .join('');
  return `<div lang="${lang}">${inner}</div>`;
}

const AUTOMATIC = 'Αυτόματο μήνυμα· μην απαντήσετε. / This is an automatic message; please do not reply.';

/** One e-mail about a booking, Greek first then English, with the calendar invitation where it changes the calendar. */
export function buildBookingMail(input: BookingMailInput): SendMailOptions {
  const subject = `${SUBJECT[input.kind].el(input.kepName)} / ${SUBJECT[input.kind].en(input.kepName)}`;
  const el = blocks('el', input);
  const en = blocks('en', input);
  const calendarMethod = input.kind === 'cancelled' ? 'CANCEL' : input.kind === 'confirmation' || input.kind === 'moved' ? 'REQUEST' : null;
  const invitation = calendarMethod
    ? bookingInvitation({
        appointment: input.appointment,
        method: calendarMethod,
        sequence: input.sequence,
        hubHost: input.hubHost,
        joinUrl: input.joinUrl,
        summary: `Ραντεβού με βιντεοκλήση, ${input.kepName} / Video appointment, ${input.kepName}`,
        description: `Σύνδεσμος / Link: ${input.joinUrl}\n\n${textOf([expectation('el'), expectation('en')])}`,
        organizer: input.from,
      })
    : null;
  return {
    from: input.from,
    to: input.appointment.citizen.email ?? undefined,
    subject,
    messageId: `<booking-${input.mailId}.${input.appointment.id}@kep-live-desk>`,
    // RFC 3834: an automatic message, so auto-replies (out of office) are not sent back.
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    text: `${textOf(el)}\n\n----------\n\n${textOf(en)}\n\n${AUTOMATIC}\n`,
    html: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${htmlOf('el', el)}<hr>${htmlOf('en', en)}<p><small>${escapeHtml(AUTOMATIC)}</small></p></body></html>`,
    // Nodemailer sends it both as the message's calendar part (clients show an invitation) and as invite.ics.
    ...(invitation && calendarMethod ? { icalEvent: { method: calendarMethod, filename: 'invite.ics', content: invitation } } : {}),
  };
}
