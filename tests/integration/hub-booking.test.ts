import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITIZEN_SESSION_MINUTES } from '../../hub/src/citizen-auth/citizen-session';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { addDays, formatAthensDate } from '../../src-shared/domain/athens-time';
import { isWorkingDay } from '../../src-shared/domain/working-days';
import {
  type BookingResponse,
  bookingResponseSchema,
  type DeskBookingRequest,
  manageResponseSchema,
  type SlotsResponse,
  slotsResponseSchema,
} from '../../src-shared/protocol/booking';
import { changeFeedResponseSchema } from '../../src-shared/protocol/changes';
import { API_PREFIX, SESSION_HEADER } from '../../src-shared/protocol/constants';
import { appointmentsResponseSchema } from '../../src-shared/protocol/hub-api';
import { bookAppointment, citizenBookingBody, citizenCookieFor, TEST_CITIZEN } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';
import { postChange, signInActor } from '../support/actor';
import { addUser } from '../../hub/src/auth/users';
import { accessTokenFor, connectSocket, nextEvent } from '../support/sockets';

/** Two desks; one desk; no video service (the demo KEPs' schedules, seed-demo.ts). */
const ATHENS = 'kep-athina-kentro';
const THESSALONIKI = 'kep-thessaloniki-01';
const PATRAS = 'kep-patra-01';

let t: TestHub;
let cookie: string;

/** The n-th working day from 3 days ahead: far enough for both reminders, never a holiday. */
function workingDay(n: number): string {
  let date = addDays(formatAthensDate(new Date()), 3);
  for (let found = isWorkingDay(date) ? 0 : -1; found < n;) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) found += 1;
  }
  return date;
}

/** The fields these tests read of an answer, whichever route gave it (each is checked by its schema where it matters). */
interface Answer {
  error: { code: string; message: string; reason?: string };
  kepId: string;
  keps: Array<{ id: string }>;
  services: Array<{ code: string }>;
  appointments: Array<{ id: string }>;
  appointment: { status: string };
  canChange: boolean;
}

async function api(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: Answer }> {
  const res = await fetch(`${t.hub.url}${API_PREFIX}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

const asCitizen = (c = cookie) => ({ cookie: c });
const asDesk = (kepId: string, session?: string) => ({ authorization: `Bearer ${t.tokens[kepId]}`, ...(session ? { [SESSION_HEADER]: session } : {}) });
const asLink = (token: string) => ({ authorization: `Bearer ${token}` });
const linkToken = (answer: BookingResponse): string => answer.joinUrl.split('#')[1] ?? '';

async function slots(kepId: string, date: string): Promise<SlotsResponse> {
  const res = await api('GET', `/booking/slots?${new URLSearchParams({ kepId, category: '1', from: date, days: '1' })}`, asCitizen());
  expect(res.status).toBe(200);
  return slotsResponseSchema.parse(res.body);
}

const rowsOf = (kepId: string): number => (t.hub.store.db.prepare('SELECT count(*) AS n FROM appointments WHERE kep_id = ?').get(kepId) as { n: number }).n;
const mailRows = (): number => (t.hub.store.db.prepare('SELECT count(*) AS n FROM booking_mail').get() as { n: number }).n;

beforeAll(async () => {
  t = await startTestHub([]);
  cookie = citizenCookieFor(t.hub.store);
});
afterAll(async () => {
  await t.stop();
});

describe('a citizen books', () => {
  it('gets the slot, the link and the mails; the desk sees it in its day and its change feed', async () => {
    const date = workingDay(0);
    const day = await slots(ATHENS, date);
    expect(day.days[0]?.slots[0]).toMatchObject({ free: 2 });
    const startsAt = day.days[0]!.slots[0]!.startsAt;
    const { cursor } = changeFeedResponseSchema.parse((await api('GET', '/changes?since=0', asDesk(ATHENS))).body);
    const socket = await connectSocket(t.hub.url, {
      kind: 'workstation',
      workstationToken: t.tokens[ATHENS]!,
      accessToken: await accessTokenFor(t.hub.store, t.tokens[ATHENS]!),
    });
    const told = nextEvent(socket, 'appointments:changed');

    const res = await api('POST', '/booking', asCitizen(), citizenBookingBody(ATHENS, startsAt));
    expect(res.status).toBe(200);
    // The desk hears of it live, as of any other change.
    expect((await told).cursor).toBeGreaterThan(cursor);
    socket.disconnect();
    const answer = bookingResponseSchema.parse(res.body);
    expect(answer.appointment).toMatchObject({
      kepId: ATHENS,
      startsAt,
      status: 'booked',
      subject: 'Χρειάζομαι πιστοποιητικό γέννησης για τον γάμο μου.',
      citizen: { ...TEST_CITIZEN, email: 'eleni@example.com', phone: '+30 690 1234567', postalAddress: null },
      bookedBy: { via: 'online', employeeName: null },
    });
    expect(new Date(answer.appointment.endsAt).getTime() - new Date(startsAt).getTime()).toBe(20 * 60_000);
    expect(answer.joinUrl).toMatch(new RegExp(`^${t.hub.url}/join#`));
    expect(answer.changeUntil).toBe(new Date(new Date(startsAt).getTime() - 120 * 60_000).toISOString());
    expect(answer.confirmation).toBe('no_mail_server');

    const desk = appointmentsResponseSchema.parse((await api('GET', `/appointments?date=${date}`, asDesk(ATHENS))).body);
    expect(desk.appointments.map((a) => a.id)).toContain(answer.appointment.id);
    const feed = changeFeedResponseSchema.parse((await api('GET', `/changes?since=${cursor}`, asDesk(ATHENS))).body);
    expect(feed.appointments.map((a) => a.id)).toEqual([answer.appointment.id]);

    const start = new Date(startsAt).getTime();
    const mails = t.hub.store.bookingMail.forAppointment(answer.appointment.id);
    expect(mails.map((m) => m.kind)).toEqual(['confirmation', 'reminder_day', 'reminder_soon']);
    expect(mails.map((m) => m.dueAt).slice(1)).toEqual([start - 24 * 60 * 60_000, start - 15 * 60_000]);
    expect((await slots(ATHENS, date)).days[0]?.slots[0]).toEqual({ ...day.days[0]!.slots[0], free: 1 });
  });

  it('50 citizens at once for the last desk of a slot: exactly one gets it', async () => {
    const startsAt = (await slots(THESSALONIKI, workingDay(1))).days[0]!.slots[3]!.startsAt;
    const cookies = Array.from({ length: 50 }, () => citizenCookieFor(t.hub.store));
    const results = await Promise.all(cookies.map((c) => api('POST', '/booking', asCitizen(c), citizenBookingBody(THESSALONIKI, startsAt))));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(49);
    for (const r of refused) expect(r).toMatchObject({ status: 409, body: { error: { code: 'conflict', reason: 'booking.slot_taken' } } });
    const stored = t.hub.store.db.prepare('SELECT count(*) AS n FROM appointments WHERE kep_id = ? AND starts_at = ?').get(THESSALONIKI, startsAt);
    expect(stored).toEqual({ n: 1 });
  });

  it('refuses bad bookings clearly and stores nothing', async () => {
    const date = workingDay(2);
    const free = (await slots(ATHENS, date)).days[0]!.slots;
    const startsAt = free[1]!.startsAt;
    const closedDay = workingDay(3);
    const closedSlot = (await slots(ATHENS, closedDay)).days[0]!.slots[0]!.startsAt;
    t.hub.store.kepClosedDates.add(ATHENS, closedDay);
    const before = { athens: rowsOf(ATHENS), patras: rowsOf(PATRAS), mail: mailRows() };
    const refusal = (status: number, code: string, reason?: string) => ({ status, body: { error: { code, ...(reason ? { reason } : {}) } } });
    const post = (body: unknown, c = cookie) => api('POST', '/booking', asCitizen(c), body);
    const good = citizenBookingBody(ATHENS, startsAt);

    expect(await api('POST', '/booking', {}, good)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized', message: 'Sign in to book.' } } });
    const expired = citizenCookieFor(t.hub.store, TEST_CITIZEN, Date.now() - (CITIZEN_SESSION_MINUTES + 1) * 60_000);
    expect(await post(good, expired)).toMatchObject(refusal(401, 'unauthorized'));
    expect(await post(good, `kep_citizen=${'A'.repeat(43)}`)).toMatchObject(refusal(401, 'unauthorized'));

    const past = new Date(Date.now() - 24 * 3600_000);
    past.setUTCMinutes(0, 0, 0);
    expect(await post({ ...good, startsAt: past.toISOString() })).toMatchObject(refusal(400, 'invalid_input', 'booking.slot_unavailable'));
    const offGrid = new Date(new Date(startsAt).getTime() + 5 * 60_000).toISOString();
    expect(await post({ ...good, startsAt: offGrid })).toMatchObject(refusal(400, 'invalid_input', 'booking.slot_unavailable'));
    expect(await post({ ...good, startsAt: closedSlot })).toMatchObject(refusal(400, 'invalid_input', 'booking.slot_unavailable'));
    expect(await post({ ...good, kepId: PATRAS })).toMatchObject(refusal(400, 'invalid_input', 'booking.no_video_service'));
    expect(await post({ ...good, serviceCode: 'C1-NO-SUCH' })).toMatchObject(refusal(400, 'invalid_input', 'booking.unknown_service'));
    expect(await post({ ...good, serviceCode: 'C2-GEMI-CERT' })).toMatchObject(refusal(400, 'invalid_input', 'booking.unknown_service'));
    const interpreter = await post({ ...good, interpreterNeeded: true });
    expect(interpreter).toMatchObject(refusal(400, 'invalid_input'));
    expect(interpreter.body.error.message).toContain('Only category 3 appointments can have a sign-language interpreter');
    const post_ = await post({ ...good, deliveryMethod: 'post', postalAddress: null });
    expect(post_.body.error.message).toContain('A postal address is needed when the document goes by post');

    const employee = await accessTokenFor(t.hub.store, t.tokens[ATHENS]!);
    const { kepId: _kep, ...details } = good;
    const wrongAfm: DeskBookingRequest = { ...details, citizen: { firstName: 'Γιάννης', lastName: 'Παππάς', afm: '123456789' } };
    const desk = await api('POST', '/bookings', asDesk(ATHENS, employee), wrongAfm);
    expect(desk).toMatchObject(refusal(400, 'invalid_input'));
    expect(desk.body.error.message).toBe('Invalid request: citizen.afm: Not a valid AFM (9 digits with a correct check digit)');

    expect({ athens: rowsOf(ATHENS), patras: rowsOf(PATRAS), mail: mailRows() }).toEqual(before);
    expect((await slots(ATHENS, date)).days[0]?.slots).toEqual(free);
    expect((await slots(ATHENS, closedDay)).days[0]?.slots).toEqual([]);
  });
});

describe('a desk books for a citizen who phoned', () => {
  it('books at its own KEP in the employee’s name; needs an employee or supervisor session', async () => {
    const startsAt = (await slots(ATHENS, workingDay(4))).days[0]!.slots[2]!.startsAt;
    const { kepId: _kep, ...details } = citizenBookingBody(ATHENS, startsAt);
    const body: DeskBookingRequest = { ...details, citizen: { firstName: 'Γιάννης', lastName: 'Παππάς', afm: '123456783' } };

    expect(await api('POST', '/bookings', asDesk(ATHENS), body)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    const itAdmin = await accessTokenFor(t.hub.store, t.tokens[ATHENS]!, 'it-admin');
    expect(await api('POST', '/bookings', asDesk(ATHENS, itAdmin), body)).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden', message: 'Only employee or supervisor staff may do this.' } },
    });

    const employee = await accessTokenFor(t.hub.store, t.tokens[ATHENS]!, 'employee');
    const res = await api('POST', '/bookings', asDesk(ATHENS, employee), body);
    expect(res.status).toBe(200);
    const { appointment } = bookingResponseSchema.parse(res.body);
    expect(appointment).toMatchObject({ kepId: ATHENS, startsAt, citizen: { lastName: 'Παππάς' }, bookedBy: { via: 'desk', employeeName: 'Test' } });
    expect(t.hub.store.getAppointment(appointment.id)?.bookedBy).toEqual({ via: 'desk', employeeName: 'Test' });
    // A supervisor books too; the slot's second desk is the last one.
    const supervisor = await accessTokenFor(t.hub.store, t.tokens[ATHENS]!, 'supervisor');
    expect((await api('POST', '/bookings', asDesk(ATHENS, supervisor), body)).status).toBe(200);
    expect(await api('POST', '/bookings', asDesk(ATHENS, employee), body)).toMatchObject({ status: 409, body: { error: { reason: 'booking.slot_taken' } } });

    const catalogue = await api('GET', '/catalogue', asDesk(ATHENS));
    expect(catalogue.body.services.map((s) => s.code)).toContain('C3-PARKING-CARD');
    expect((await api('GET', `/bookings/slots?category=1&from=${workingDay(4)}&days=1`, asDesk(THESSALONIKI))).body.kepId).toBe(THESSALONIKI);
  });
});

describe('the citizen manages their booking from the link', () => {
  it('moves it (the old slot frees, reminders follow), cancels it (the desk sees it), and is refused once it cannot change', async () => {
    const date = workingDay(5);
    const [first, second] = (await slots(THESSALONIKI, date)).days[0]!.slots;
    const booked = bookingResponseSchema.parse((await api('POST', '/booking', asCitizen(), citizenBookingBody(THESSALONIKI, first!.startsAt))).body);
    const link = asLink(linkToken(booked));

    const view = manageResponseSchema.parse((await api('GET', '/booking/manage', link)).body);
    expect(view).toMatchObject({ appointment: { id: booked.appointment.id }, kep: { id: THESSALONIKI, municipality: 'Θεσσαλονίκη' }, canChange: true });
    expect(view.service.documents.length).toBeGreaterThan(0);
    const moveSlots = slotsResponseSchema.parse((await api('GET', `/booking/manage/slots?from=${date}&days=1`, link)).body);
    expect(moveSlots.days[0]?.slots.map((s) => s.startsAt)).not.toContain(first!.startsAt);

    const moved = await api('POST', '/booking/manage/move', link, { startsAt: second!.startsAt });
    expect(moved.status).toBe(200);
    expect(manageResponseSchema.parse(moved.body).appointment).toMatchObject({ startsAt: second!.startsAt, status: 'booked' });
    expect((await slots(THESSALONIKI, date)).days[0]?.slots.map((s) => s.startsAt)).toContain(first!.startsAt);
    const start = new Date(second!.startsAt).getTime();
    const mails = t.hub.store.bookingMail.forAppointment(booked.appointment.id);
    expect(mails.map((m) => [m.kind, m.kind.startsWith('reminder') ? m.dueAt : null])).toEqual([
      ['confirmation', null],
      ['moved', null],
      ['reminder_day', start - 24 * 60 * 60_000],
      ['reminder_soon', start - 15 * 60_000],
    ]);

    const { cursor } = changeFeedResponseSchema.parse((await api('GET', '/changes?since=0', asDesk(THESSALONIKI))).body);
    const cancelled = await api('POST', '/booking/manage/cancel', link, { reason: 'Βρήκα το πιστοποιητικό.' });
    expect(manageResponseSchema.parse(cancelled.body)).toMatchObject({
      appointment: { status: 'cancelled', statusReason: 'Βρήκα το πιστοποιητικό.' },
      canChange: false,
    });
    const feed = changeFeedResponseSchema.parse((await api('GET', `/changes?since=${cursor}`, asDesk(THESSALONIKI))).body);
    expect(feed.appointments).toEqual([expect.objectContaining({ id: booked.appointment.id, status: 'cancelled' })]);
    expect(t.hub.store.bookingMail.forAppointment(booked.appointment.id).map((m) => m.kind)).toEqual(['confirmation', 'moved', 'cancelled']);

    // The cancelled booking's link still shows it, but changes nothing.
    expect((await api('GET', '/booking/manage', link)).body.appointment.status).toBe('cancelled');
    expect(await api('POST', '/booking/manage/move', link, { startsAt: first!.startsAt })).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict', reason: 'booking.not_changeable' } },
    });

    const soon = bookAppointment(t.hub.store, THESSALONIKI, 60, { category: 1, serviceCode: 'C1-BIRTH-CERT', interpreterNeeded: false });
    const late = asLink(issueJoinToken(t.hub.store, soon.id, 'citizen').token);
    expect((await api('GET', '/booking/manage', late)).body.canChange).toBe(false);
    expect(await api('POST', '/booking/manage/cancel', late, {})).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict', reason: 'booking.too_late_to_change' } },
    });
    expect(t.hub.store.getAppointment(soon.id)?.status).toBe('booked');
  });

  it('is told when the KEP moves or cancels it, and its reminders follow the new time', async () => {
    await addUser(t.hub.store, { kepId: THESSALONIKI, username: 'anna-sup', displayName: 'Άννα Επόπτρια', role: 'supervisor', password: 'booking-test-pw' });
    const supervisor = await signInActor(t.hub.url, t.tokens[THESSALONIKI]!, 'anna-sup', 'booking-test-pw');
    const date = workingDay(7);
    const [first, , third] = (await slots(THESSALONIKI, date)).days[0]!.slots;
    const booked = bookingResponseSchema.parse((await api('POST', '/booking', asCitizen(), citizenBookingBody(THESSALONIKI, first!.startsAt))).body);
    const id = booked.appointment.id;

    const moved = await postChange(
      t.hub.url,
      t.tokens[THESSALONIKI]!,
      supervisor.change({ kind: 'booking.reschedule', appointmentId: id, startsAt: third!.startsAt, endsAt: third!.endsAt, reason: 'Άδεια υπαλλήλου' }),
    );
    expect(moved).toMatchObject({ status: 200, body: { applied: true } });
    const start = new Date(third!.startsAt).getTime();
    const pending = () => t.hub.store.bookingMail.forAppointment(id).map((m) => [m.kind, m.kind.startsWith('reminder') ? m.dueAt : null]);
    // The reminders of the old time are gone: the citizen is never reminded of a slot they no longer have.
    expect(pending()).toEqual([
      ['confirmation', null],
      ['moved', null],
      ['reminder_day', start - 24 * 60 * 60_000],
      ['reminder_soon', start - 15 * 60_000],
    ]);

    const cancelled = await postChange(
      t.hub.url,
      t.tokens[THESSALONIKI]!,
      supervisor.change({ kind: 'booking.cancel', appointmentId: id, reason: 'Το ΚΕΠ κλείνει λόγω απεργίας' }),
    );
    expect(cancelled).toMatchObject({ status: 200, body: { applied: true } });
    expect(pending()).toEqual([
      ['confirmation', null],
      ['moved', null],
      ['cancelled', null],
    ]);
  });

  it('keeps each KEP to its own: a link, a desk and a search see only their own KEP', async () => {
    const startsAt = (await slots(ATHENS, workingDay(6))).days[0]!.slots[0]!.startsAt;
    const booked = bookingResponseSchema.parse((await api('POST', '/booking', asCitizen(), citizenBookingBody(ATHENS, startsAt))).body);
    const other = await api('GET', `/changes?since=0`, asDesk(THESSALONIKI));
    expect(other.body.appointments.map((a) => a.id)).not.toContain(booked.appointment.id);
    expect((await api('GET', `/appointments?date=${workingDay(6)}`, asDesk(THESSALONIKI))).body.appointments).toEqual([]);
    // The link's slots are its own KEP's, whatever the query says.
    const linkSlots = await api('GET', `/booking/manage/slots?kepId=${THESSALONIKI}&days=1`, asLink(linkToken(booked)));
    expect(linkSlots.body.kepId).toBe(ATHENS);
    expect(await api('GET', '/booking/manage', asLink('x'.repeat(40)))).toMatchObject({ status: 401 });
  });
});

describe('the citizen finds a KEP', () => {
  it('matches municipality or name without accents or case, video KEPs only', async () => {
    for (const q of ['ΑΘΗΝΑ', 'αθηνα', 'Αθήνα']) {
      expect((await api('GET', `/booking/keps?q=${encodeURIComponent(q)}`, asCitizen())).body.keps.map((k) => k.id)).toEqual([ATHENS]);
    }
    expect((await api('GET', '/booking/keps', asCitizen())).body.keps.map((k) => k.id)).toEqual([ATHENS, THESSALONIKI]);
    expect((await api('GET', '/booking/me', asCitizen())).body).toEqual(TEST_CITIZEN);
  });
});
