import { randomUUID } from 'node:crypto';
import { CITIZEN_COOKIE, startCitizenSession } from '../../hub/src/citizen-auth/citizen-session';
import type { HubStore } from '../../hub/src/store/hub-store';
import type { Appointment } from '../../src-shared/domain/appointment';
import { athensDayRange, formatAthensDate } from '../../src-shared/domain/athens-time';
import type { CitizenBookingRequest, CitizenIdentity } from '../../src-shared/protocol/booking';

/** A 20-minute booking at `kepId` starting at `start` (to the minute), with a plausible citizen. */
export function makeAppointment(kepId: string, start: Date, overrides: Partial<Appointment> = {}): Appointment {
  const startsAt = new Date(start);
  startsAt.setUTCSeconds(0, 0);
  return {
    id: randomUUID(),
    kepId,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 20 * 60_000).toISOString(),
    category: 3,
    serviceCode: 'C3-DISABILITY-CARD',
    subject: 'Έκδοση κάρτας αναπηρίας',
    citizen: { firstName: 'Ελένη', lastName: 'Μακρή', afm: '123456783', email: 'eleni@example.com', phone: null, postalAddress: null },
    interpreterNeeded: true,
    deliveryMethod: 'email',
    status: 'booked',
    statusReason: null,
    bookedBy: null,
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

function book(store: HubStore, kepId: string, start: Date, overrides: Partial<Appointment>): Appointment {
  const appointment = makeAppointment(kepId, start, overrides);
  store.insertAppointments([appointment]);
  return appointment;
}

/** Books one appointment starting `startsInMinutes` from now (negative: in the past). */
export function bookAppointment(store: HubStore, kepId: string, startsInMinutes = 5, overrides: Partial<Appointment> = {}): Appointment {
  return book(store, kepId, new Date(Date.now() + startsInMinutes * 60_000), overrides);
}

/**
 * `startsInMinutes` from `now`, kept on today in Athens: near midnight, today's last minute (or,
 * just after it, its first). For tests that then look for the booking in the desk's day of
 * today: "in 30 minutes" at 23:40 would be tomorrow, which the desk does not hold. The side of
 * now is kept (but in the day's last minute), not the distance.
 */
export function startToday(startsInMinutes: number, now = new Date()): Date {
  const { start, end } = athensDayRange(formatAthensDate(now));
  // makeAppointment starts a booking on a whole minute: the day's last one is a minute before its end.
  const wanted = now.getTime() + startsInMinutes * 60_000;
  return new Date(Math.min(Math.max(wanted, start.getTime()), end.getTime() - 60_000));
}

/** How far from Athens midnight the end-to-end tests start: most book near now, up to 15 minutes back and 10 ahead. */
export const MIDNIGHT_MARGIN_MS = 20 * 60_000;

/**
 * How long a test waits, from `now`, until Athens midnight is MIDNIGHT_MARGIN_MS away (0 most of
 * the day). The end-to-end tests book around now with the hub and the desk in processes of their
 * own and the page in Chromium, all on the real clock, and look for the bookings in the desk's
 * day of today, where a no-show is accepted 10 minutes after its slot starts: from 23:40 to 00:20
 * that day cannot hold them, and no one clock can be moved for all three.
 */
export function msUntilAwayFromMidnight(now = new Date()): number {
  const { start, end } = athensDayRange(formatAthensDate(now));
  const t = now.getTime();
  if (t < start.getTime() + MIDNIGHT_MARGIN_MS) return start.getTime() + MIDNIGHT_MARGIN_MS - t;
  if (t > end.getTime() - MIDNIGHT_MARGIN_MS) return end.getTime() + MIDNIGHT_MARGIN_MS - t;
  return 0;
}

/** bookAppointment for a test that then reads the desk's day of today (startToday). */
export function bookToday(store: HubStore, kepId: string, startsInMinutes: number, overrides: Partial<Appointment> = {}): Appointment {
  return book(store, kepId, startToday(startsInMinutes), overrides);
}

/** A signed-in citizen's Cookie header, as after the OpenID sign-in (`now` in the past: an expired one). */
export function citizenCookieFor(store: HubStore, identity: CitizenIdentity = TEST_CITIZEN, now = Date.now()): string {
  return `${CITIZEN_COOKIE}=${startCitizenSession(store, identity, now).token}`;
}

export const TEST_CITIZEN: CitizenIdentity = { firstName: 'Ελένη', lastName: 'Μακρή', afm: '123456783' };

/** A citizen's booking of `startsAt` at `kepId`: category 1, a birth certificate, by e-mail. */
export function citizenBookingBody(kepId: string, startsAt: string, overrides: Partial<CitizenBookingRequest> = {}): CitizenBookingRequest {
  return {
    kepId,
    category: 1,
    serviceCode: 'C1-BIRTH-CERT',
    description: 'Χρειάζομαι πιστοποιητικό γέννησης για τον γάμο μου.',
    interpreterNeeded: false,
    startsAt,
    email: 'eleni@example.com',
    phone: '+30 690 1234567',
    deliveryMethod: 'email',
    postalAddress: null,
    ...overrides,
  };
}
