import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../hub/src/auth/users';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import type { Appointment } from '../../src-shared/domain/appointment';
import { API_PREFIX, SESSION_HEADER } from '../../src-shared/protocol/constants';
import { type StatsResponse, statsResponseSchema } from '../../src-shared/protocol/stats';
import { postChange, type SignedInActor, signInActor } from '../support/actor';
import { makeAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';
import { accessTokenFor } from '../support/sockets';

/**
 * A fixture KEP with a known history in November 2026 (Athens is UTC+2 then), built through
 * POST /changes where the desk would send a change (made now: a session cannot date one
 * earlier), and the facts' recording functions with fixed times for the live moments (arrival,
 * admission, opening, the room's close) and dispatch states. Every expected figure below was
 * worked out by hand from this history.
 */
const KEP_A = DEMO_KEPS[0]!.id;
const KEP_B = DEMO_KEPS[1]!.id;
const PASSWORD = 'a long enough password';
const at = (hhmmss: string, day = '2026-11-02'): string => new Date(`${day}T${hhmmss}+02:00`).toISOString();
const ms = (hhmmss: string, day = '2026-11-02'): number => Date.parse(at(hhmmss, day));

let t: TestHub;
let supervisor: string;
let anna: SignedInActor;
let basil: SignedInActor;
let chief: SignedInActor;
let otherKepEmployee: SignedInActor;
const ids: Record<string, string> = {};

function book(name: string, kepId: string, start: string, category: Appointment['category']): Appointment {
  const a = makeAppointment(kepId, new Date(start), { category, interpreterNeeded: category === 3 });
  ids[name] = a.id;
  return a;
}

/** A change as the desk sends it: made now, within the actor's session (the hub refuses one dated before). */
async function change(actor: SignedInActor, kepId: string, body: Parameters<SignedInActor['change']>[0]): Promise<void> {
  const res = await postChange(t.hub.url, t.tokens[kepId]!, actor.change(body));
  expect(res, JSON.stringify(body)).toMatchObject({ status: 200, body: { applied: true } });
}

async function getStats(query: Record<string, string>, session: string | null = supervisor, kepId = KEP_A): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { authorization: `Bearer ${t.tokens[kepId]}` };
  if (session) headers[SESSION_HEADER] = session;
  const res = await fetch(`${t.hub.url}${API_PREFIX}/stats?${new URLSearchParams(query)}`, { headers });
  return { status: res.status, body: await res.json() };
}

async function stats(query: Record<string, string>): Promise<StatsResponse> {
  const { status, body } = await getStats(query);
  expect(status, JSON.stringify(body)).toBe(200);
  return statsResponseSchema.parse(body);
}

beforeAll(async () => {
  t = await startTestHub([]);
  const { store } = t.hub;
  const user = async (kepId: string, username: string, displayName: string, role: 'employee' | 'supervisor') => {
    await addUser(store, { kepId, username, displayName, role, password: PASSWORD });
    return signInActor(t.hub.url, t.tokens[kepId]!, username, PASSWORD);
  };
  anna = await user(KEP_A, 'anna', 'Άννα Αλεξίου', 'employee');
  basil = await user(KEP_A, 'basil', 'Βασίλης Βλάχος', 'employee');
  chief = await user(KEP_A, 'chief', 'Χρύσα Προϊσταμένη', 'supervisor');
  otherKepEmployee = await user(KEP_B, 'other', 'Άλλος Υπάλληλος', 'employee');
  supervisor = await accessTokenFor(store, t.tokens[KEP_A]!, 'supervisor');

  store.insertAppointments([
    book('a1', KEP_A, at('10:00:00'), 1),
    book('a2', KEP_A, at('10:20:00'), 1),
    book('a3', KEP_A, at('11:00:00'), 2),
    book('a4', KEP_A, at('11:20:00'), 2),
    book('a5', KEP_A, at('12:00:00'), 3),
    // Booked for the 10th, moved to the 3rd below.
    book('a6', KEP_A, at('09:00:00', '2026-11-10'), 1),
    book('a7', KEP_A, at('09:40:00', '2026-11-03'), 2),
    book('a8', KEP_A, at('10:00:00', '2026-11-03'), 4),
    book('b1', KEP_B, at('10:00:00'), 1),
  ]);
  const f = store.appointmentFacts;
  const call = (name: string, employee: SignedInActor, arrived: number, admitted: number, opened: number) => {
    f.arrived(ids[name]!, arrived);
    f.callOpened(ids[name]!, opened, employee.session.user.id);
    f.admitted(ids[name]!, admitted);
  };

  // a1: waited 3 min, opened 1 min late, 10 min call, completed by Anna; its e-mail delivered 5 min after.
  call('a1', anna, ms('09:58:00'), ms('10:01:00'), ms('10:01:00'));
  f.verificationPassed(ids.a1!);
  f.callClosed(ids.a1!, ms('10:11:00'));
  await change(anna, KEP_A, { kind: 'call.end', appointmentId: ids.a1!, outcome: 'completed' });
  // a2: waited 90 s, opened 30 s late, 20 min call, incomplete (Basil), then the check failed.
  call('a2', basil, ms('10:19:00'), ms('10:20:30'), ms('10:20:30'));
  f.callClosed(ids.a2!, ms('10:40:30'));
  await change(basil, KEP_A, { kind: 'call.end', appointmentId: ids.a2!, outcome: 'incomplete' });
  await change(basil, KEP_A, { kind: 'verification.fail', appointmentId: ids.a2!, reason: 'poor_video' });
  // a3: nobody came.
  await change(anna, KEP_A, { kind: 'work.noShow', appointmentId: ids.a3! });
  // a4 and a7: cancelled for the same reason.
  await change(chief, KEP_A, { kind: 'booking.cancel', appointmentId: ids.a4!, reason: 'Ο πολίτης ακύρωσε' });
  await change(chief, KEP_A, { kind: 'booking.cancel', appointmentId: ids.a7!, reason: 'Ο πολίτης ακύρωσε' });
  // a5: waited 25 min (the last band), opened 15 min late, an interpreter joined, 23 min 20 s, completed by Anna.
  call('a5', anna, ms('11:50:00'), ms('12:15:00'), ms('12:15:00'));
  f.interpreterJoined(ids.a5!);
  f.verificationPassed(ids.a5!);
  f.callClosed(ids.a5!, ms('12:38:20'));
  await change(anna, KEP_A, { kind: 'call.end', appointmentId: ids.a5!, outcome: 'completed' });
  // a6: moved to the 3rd at 09:00; waited 6 min, opened 5 min late, 16 min 40 s, the citizen left (Basil).
  await change(chief, KEP_A, {
    kind: 'booking.reschedule',
    appointmentId: ids.a6!,
    startsAt: at('09:00:00', '2026-11-03'),
    endsAt: at('09:20:00', '2026-11-03'),
    reason: 'Αλλαγή ώρας',
  });
  call('a6', basil, ms('08:59:00', '2026-11-03'), ms('09:05:00', '2026-11-03'), ms('09:05:00', '2026-11-03'));
  f.verificationPassed(ids.a6!);
  f.callClosed(ids.a6!, ms('09:21:40', '2026-11-03'));
  await change(basil, KEP_A, { kind: 'call.end', appointmentId: ids.a6!, outcome: 'citizen_left' });

  // Documents: a1 by e-mail (delivered), a5 to the inbox (downloaded an hour after the call) and by post, a6 by e-mail (failed).
  const dispatch = (
    name: string,
    dispatchId: string,
    channel: 'email' | 'inbox' | 'post',
    category: number,
    sentAt: number | null,
    doneAt: number | null,
    failed = false,
  ) =>
    store.dispatchFacts.insert({
      kepId: KEP_A,
      slotDate: f.slotDate(ids[name]!)!,
      appointmentId: ids[name]!,
      dispatchId,
      channel,
      category,
      employeeId: 'x',
      sentAt,
      doneAt,
      failed,
    });
  dispatch('a1', 'd1', 'email', 1, null, null);
  store.dispatchFacts.done('d1', ms('10:16:00'));
  dispatch('a5', 'd2', 'inbox', 3, ms('12:39:00'), null);
  store.dispatchFacts.done('d2', ms('13:38:20'));
  dispatch('a5', 'd3', 'post', 3, ms('12:40:00'), ms('12:40:00'));
  dispatch('a6', 'd4', 'email', 1, null, null, true);

  // KEP B's history on the same day: never in KEP A's figures.
  call('b1', otherKepEmployee, ms('09:50:00'), ms('10:00:00'), ms('10:00:00'));
  f.callClosed(ids.b1!, ms('10:30:00'));
  await change(otherKepEmployee, KEP_B, { kind: 'call.end', appointmentId: ids.b1!, outcome: 'technical' });
});
afterAll(() => t.stop());

const PERIOD = { from: '2026-11-02', to: '2026-11-03' };
const noOutcomes = { completed: 0, incomplete: 0, citizen_left: 0, technical: 0 };

describe('GET /stats for a supervisor', () => {
  it('answers the fixture KEP’s period with the hand-computed figures', async () => {
    const s = await stats({ ...PERIOD, groupBy: 'day' });
    expect(s.kepId).toBe(KEP_A);
    expect(s.query).toEqual({ ...PERIOD, groupBy: 'day', category: null, employee: null });
    expect(s.totals).toEqual({
      bookings: 8,
      completed: 2,
      noShows: 1,
      noShowRate: 1 / 6,
      cancelled: 2,
      rescheduled: 1,
      calls: 4,
      wait: { count: 4, p50: 180, p90: 1500 },
      duration: { count: 4, p50: 1000, p90: 1400 },
    });
    expect(s.groups).toEqual([
      {
        key: '2026-11-02',
        figures: {
          bookings: 5,
          completed: 2,
          noShows: 1,
          noShowRate: 0.25,
          cancelled: 1,
          rescheduled: 0,
          calls: 3,
          wait: { count: 3, p50: 180, p90: 1500 },
          duration: { count: 3, p50: 1200, p90: 1400 },
        },
      },
      {
        key: '2026-11-03',
        figures: {
          bookings: 3,
          completed: 0,
          noShows: 0,
          noShowRate: 0,
          cancelled: 1,
          rescheduled: 1,
          calls: 1,
          wait: { count: 1, p50: 360, p90: 360 },
          duration: { count: 1, p50: 1000, p90: 1000 },
        },
      },
    ]);
    expect(s.waitBands).toEqual([1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(s.lateStart).toEqual({ count: 4, p50: 60, p90: 900 });
    expect(s.outcomes).toEqual({ completed: 2, incomplete: 1, citizen_left: 1, technical: 0 });
    expect(s.verification).toEqual({
      passed: 3,
      failed: 1,
      failedByReason: { poor_video: 1, document_not_accepted: 0, data_mismatch: 0, citizen_refused: 0, technical: 0 },
    });
    expect(s.interpreterCalls).toBe(1);
    expect(s.cancelReasons).toEqual([{ reason: 'Ο πολίτης ακύρωσε', count: 2 }]);
    expect(s.rescheduleReasons).toEqual([{ reason: 'Αλλαγή ώρας', count: 1 }]);
    expect(s.documents).toEqual([
      { channel: 'email', sent: 2, done: 1, failed: 1, timeToDone: { count: 1, p50: 300, p90: 300 } },
      { channel: 'inbox', sent: 1, done: 1, failed: 0, timeToDone: { count: 1, p50: 3600, p90: 3600 } },
      { channel: 'post', sent: 1, done: 1, failed: 0, timeToDone: { count: 1, p50: 100, p90: 100 } },
    ]);
    expect(s.employees).toEqual([
      { userId: anna.session.user.id, name: 'Άννα Αλεξίου', calls: 2, duration: { count: 2, p50: 600, p90: 1400 }, outcomes: { ...noOutcomes, completed: 2 } },
      {
        userId: basil.session.user.id,
        name: 'Βασίλης Βλάχος',
        calls: 2,
        duration: { count: 2, p50: 1000, p90: 1200 },
        outcomes: { ...noOutcomes, incomplete: 1, citizen_left: 1 },
      },
    ]);
  });

  it('groups by weekday (all seven) and by hour of day (those with appointments)', async () => {
    const byWeekday = await stats({ ...PERIOD, groupBy: 'weekday' });
    expect(byWeekday.groups.map((g) => [g.key, g.figures.bookings])).toEqual([
      ['1', 5],
      ['2', 3],
      ['3', 0],
      ['4', 0],
      ['5', 0],
      ['6', 0],
      ['7', 0],
    ]);
    const byHour = await stats({ ...PERIOD, groupBy: 'hour' });
    expect(byHour.groups.map((g) => [g.key, g.figures.bookings, g.figures.calls])).toEqual([
      ['09', 2, 1],
      ['10', 3, 2],
      ['11', 2, 0],
      ['12', 1, 1],
    ]);
  });

  it('includes every day of the period, empty ones with zeros, and counts a moved booking at its new slot only', async () => {
    const s = await stats({ from: '2026-11-01', to: '2026-11-10', groupBy: 'day' });
    expect(s.groups.map((g) => [g.key, g.figures.bookings])).toEqual([
      ['2026-11-01', 0],
      ['2026-11-02', 5],
      ['2026-11-03', 3],
      ['2026-11-04', 0],
      ['2026-11-05', 0],
      ['2026-11-06', 0],
      ['2026-11-07', 0],
      ['2026-11-08', 0],
      ['2026-11-09', 0],
      ['2026-11-10', 0],
    ]);
    expect(s.groups[0]!.figures).toEqual({
      bookings: 0,
      completed: 0,
      noShows: 0,
      noShowRate: null,
      cancelled: 0,
      rescheduled: 0,
      calls: 0,
      wait: { count: 0, p50: null, p90: null },
      duration: { count: 0, p50: null, p90: null },
    });
  });

  it('applies a category filter to every figure', async () => {
    const s = await stats({ ...PERIOD, groupBy: 'day', category: '1' });
    expect(s.query.category).toBe(1);
    expect(s.totals).toMatchObject({ bookings: 3, completed: 1, noShows: 0, noShowRate: 0, cancelled: 0, rescheduled: 1, calls: 3 });
    expect(s.totals.wait).toEqual({ count: 3, p50: 180, p90: 360 });
    expect(s.outcomes).toEqual({ completed: 1, incomplete: 1, citizen_left: 1, technical: 0 });
    expect(s.interpreterCalls).toBe(0);
    expect(s.cancelReasons).toEqual([]);
    expect(s.documents.map((d) => [d.channel, d.sent, d.done, d.failed])).toEqual([
      ['email', 2, 1, 1],
      ['inbox', 0, 0, 0],
      ['post', 0, 0, 0],
    ]);
  });

  it('applies an employee filter to every figure; someone not of this KEP gives zeros', async () => {
    const s = await stats({ ...PERIOD, groupBy: 'day', employee: anna.session.user.id });
    expect(s.totals).toMatchObject({ bookings: 2, completed: 2, noShows: 0, calls: 2, cancelled: 0 });
    expect(s.totals.duration).toEqual({ count: 2, p50: 600, p90: 1400 });
    expect(s.waitBands).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(s.documents.map((d) => [d.channel, d.sent, d.done])).toEqual([
      ['email', 1, 1],
      ['inbox', 1, 1],
      ['post', 1, 1],
    ]);
    expect(s.employees.map((e) => e.name)).toEqual(['Άννα Αλεξίου']);

    const other = await stats({ ...PERIOD, groupBy: 'day', employee: otherKepEmployee.session.user.id });
    expect(other.totals).toMatchObject({ bookings: 0, calls: 0 });
    expect(other.outcomes).toEqual(noOutcomes);
    expect(other.employees).toEqual([]);
    expect(other.groups.map((g) => g.figures.bookings)).toEqual([0, 0]);
  });

  it('gives another KEP’s supervisor that KEP’s figures only', async () => {
    const supervisorB = await accessTokenFor(t.hub.store, t.tokens[KEP_B]!, 'supervisor');
    const { status, body } = await getStats({ ...PERIOD, groupBy: 'day' }, supervisorB, KEP_B);
    expect(status).toBe(200);
    const s = statsResponseSchema.parse(body);
    expect(s.kepId).toBe(KEP_B);
    expect(s.totals).toMatchObject({ bookings: 1, calls: 1 });
    expect(s.outcomes).toEqual({ ...noOutcomes, technical: 1 });
    expect(s.employees.map((e) => e.name)).toEqual(['Άλλος Υπάλληλος']);
  });
});

describe('GET /stats refuses', () => {
  it('employees and IT (403), a missing or foreign session (401)', async () => {
    const query = { ...PERIOD, groupBy: 'day' };
    expect((await getStats(query, await accessTokenFor(t.hub.store, t.tokens[KEP_A]!, 'employee'))).status).toBe(403);
    expect((await getStats(query, await accessTokenFor(t.hub.store, t.tokens[KEP_A]!, 'it-admin'))).status).toBe(403);
    expect((await getStats(query, null)).status).toBe(401);
    expect((await getStats(query, 'not-a-token')).status).toBe(401);
    // KEP B's supervisor's session at KEP A's workstation is no session here.
    expect((await getStats(query, await accessTokenFor(t.hub.store, t.tokens[KEP_B]!, 'supervisor'))).status).toBe(401);
    const noCredential = await fetch(`${t.hub.url}${API_PREFIX}/stats?${new URLSearchParams(query)}`, { headers: { [SESSION_HEADER]: supervisor } });
    expect(noCredential.status).toBe(401);
  });

  it('bad queries with 400 and a clear message', async () => {
    const bad = async (query: Record<string, string>, message: RegExp) => {
      const res = await getStats(query);
      expect(res.status).toBe(400);
      expect((res.body as { error: { message: string } }).error.message).toMatch(message);
    };
    await bad({ from: '2026-11-03', to: '2026-11-02', groupBy: 'day' }, /from ≤ to/);
    await bad({ from: '2025-01-01', to: '2026-11-02', groupBy: 'day' }, /at most 400 days/);
    await bad({ ...PERIOD, groupBy: 'day', kepId: KEP_B }, /kepId|unrecognized/i);
    await bad({ from: '2026-11-31', to: '2026-12-01', groupBy: 'day' }, /Invalid query/);
    await bad({ ...PERIOD, groupBy: 'month' }, /Invalid query/);
    await bad({ ...PERIOD, groupBy: 'day', category: '5' }, /Invalid query/);
  });
});
