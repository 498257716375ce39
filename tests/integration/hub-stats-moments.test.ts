import { createHash, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { acceptDispatch } from '../../hub/src/dispatch/accept-dispatch';
import { takeInboxDocument } from '../../hub/src/dispatch/inbox';
import { retryDispatch } from '../../hub/src/dispatch/retry-dispatch';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { formatAthensDate } from '../../src-shared/domain/athens-time';
import { API_PREFIX, SESSION_HEADER } from '../../src-shared/protocol/constants';
import { type DispatchChannel, dispatchRequestSchema } from '../../src-shared/protocol/dispatch';
import type { Ack, CLIENT_EVENTS, JoinedRoom } from '../../src-shared/protocol/signaling';
import { statsResponseSchema } from '../../src-shared/protocol/stats';
import { bookAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';
import { accessTokenFor, connectSocket, type HubSocket, roomStateWhere } from '../support/sockets';

/** The facts' moments as the hub records them from real sockets and the real dispatch paths. */
const KEP = DEMO_KEPS[0]!.id;
let t: TestHub;
const open: HubSocket[] = [];

beforeAll(async () => {
  t = await startTestHub([]);
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
afterAll(() => t.stop());

interface Facts {
  status: string;
  employee_id: string | null;
  arrived_at: number | null;
  admitted_at: number | null;
  call_opened_at: number | null;
  call_ended_at: number | null;
  verification: string | null;
  interpreter: number;
}
const factsOf = (appointmentId: string): Facts =>
  t.hub.store.db
    .prepare<[string], Facts>(
      'SELECT status, employee_id, arrived_at, admitted_at, call_opened_at, call_ended_at, verification, interpreter FROM appointment_facts WHERE appointment_id = ?',
    )
    .get(appointmentId)!;
const dispatchFactsOf = (dispatchId: string) =>
  t.hub.store.db
    .prepare('SELECT slot_date, channel, category, employee_id, sent_at, done_at, failed FROM dispatch_facts WHERE dispatch_id = ?')
    .get(dispatchId);

async function connect(auth: Parameters<typeof connectSocket>[1]): Promise<HubSocket> {
  const s = await connectSocket(t.hub.url, auth);
  open.push(s);
  return s;
}

const ask = <T>(socket: HubSocket, event: (typeof CLIENT_EVENTS)[number], payload: unknown): Promise<Ack<T>> =>
  new Promise((resolve) => (socket.emit as (e: string, p: unknown, a: (r: Ack<T>) => void) => void)(event, payload, resolve));

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('moments from real sockets', () => {
  it('records arrival, admission, opening, the identity check, an interpreter and the close; GET /stats counts the call', async () => {
    const before = Date.now();
    const apt = bookAppointment(t.hub.store, KEP, 5, { category: 3, interpreterNeeded: true });
    const citizen = await connect({ kind: 'participant', joinToken: issueJoinToken(t.hub.store, apt.id, 'citizen').token });
    await until(() => factsOf(apt.id).arrived_at !== null, 'the arrival');
    expect(factsOf(apt.id)).toMatchObject({ admitted_at: null, call_opened_at: null });

    const accessToken = await accessTokenFor(t.hub.store, t.tokens[KEP]!, 'employee');
    const deskUser = t.hub.store.db.prepare<[], { id: string }>('SELECT id FROM users ORDER BY created_at DESC LIMIT 1').get()!.id;
    const desk = await connect({ kind: 'workstation', workstationToken: t.tokens[KEP]!, accessToken });
    const admitted = roomStateWhere(citizen, (s) => s.open);
    const opened = await ask<JoinedRoom>(desk, 'room:open', { appointmentId: apt.id });
    expect(opened.ok).toBe(true);
    await admitted;
    await connect({ kind: 'participant', joinToken: issueJoinToken(t.hub.store, apt.id, 'interpreter').token });
    await until(() => factsOf(apt.id).interpreter === 1, 'the interpreter');
    expect((await ask<null>(desk, 'verification:passed', { appointmentId: apt.id })).ok).toBe(true);
    expect((await ask<null>(desk, 'room:close', { appointmentId: apt.id })).ok).toBe(true);

    const f = factsOf(apt.id);
    expect(f).toMatchObject({ status: 'booked', employee_id: deskUser, verification: 'passed', interpreter: 1 });
    expect(f.arrived_at).toBeGreaterThanOrEqual(before - 1000);
    expect(f.admitted_at).toBeGreaterThanOrEqual(f.arrived_at!);
    expect(f.call_opened_at).toBeGreaterThanOrEqual(f.arrived_at!);
    expect(f.call_ended_at).toBeGreaterThanOrEqual(f.call_opened_at!);
    expect(f.call_ended_at).toBeLessThanOrEqual(Date.now());

    const today = formatAthensDate(new Date(apt.startsAt));
    const res = await fetch(`${t.hub.url}${API_PREFIX}/stats?from=${today}&to=${today}&groupBy=hour`, {
      headers: { authorization: `Bearer ${t.tokens[KEP]}`, [SESSION_HEADER]: await accessTokenFor(t.hub.store, t.tokens[KEP]!, 'supervisor') },
    });
    const stats = statsResponseSchema.parse(await res.json());
    expect(stats.totals).toMatchObject({ bookings: 1, calls: 1, wait: { count: 1 }, duration: { count: 1 } });
    expect(stats.interpreterCalls).toBe(1);
    expect(stats.verification.passed).toBe(1);
  });

  it('admits at once a citizen who arrives while the call is open, and keeps the first arrival when the page reloads', async () => {
    const apt = bookAppointment(t.hub.store, KEP, 5, { category: 1, interpreterNeeded: false });
    const desk = await connect({ kind: 'workstation', workstationToken: t.tokens[KEP]!, accessToken: await accessTokenFor(t.hub.store, t.tokens[KEP]!) });
    expect((await ask<JoinedRoom>(desk, 'room:open', { appointmentId: apt.id })).ok).toBe(true);
    const link = issueJoinToken(t.hub.store, apt.id, 'citizen').token;
    await connect({ kind: 'participant', joinToken: link });
    await until(() => factsOf(apt.id).admitted_at !== null, 'the admission');
    const first = factsOf(apt.id);
    expect(first.admitted_at! - first.arrived_at!).toBeLessThan(1000);
    expect(first.interpreter).toBe(0);

    await new Promise((r) => setTimeout(r, 30));
    await connect({ kind: 'participant', joinToken: link });
    await new Promise((r) => setTimeout(r, 200));
    expect(factsOf(apt.id)).toMatchObject({ arrived_at: first.arrived_at, admitted_at: first.admitted_at });
  });
});

describe('dispatch states', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n', 'latin1');
  const request = (appointmentId: string, channel: DispatchChannel, madeAt = new Date().toISOString()) =>
    dispatchRequestSchema.parse({
      dispatchId: randomUUID(),
      appointmentId,
      actorId: 'user-maria',
      madeAt,
      channel,
      protocolNumber: 'ΚΕΠ-2026/1234',
      trackingNumber: channel === 'post' ? 'RE123456785GR' : null,
      documents: [
        {
          name: 'Βεβαίωση.pdf',
          size: pdf.length,
          sha256: createHash('sha256').update(pdf).digest('hex'),
          ...(channel === 'post' ? {} : { dataBase64: pdf.toString('base64') }),
        },
      ],
    });

  it('are recorded at the appointment’s slot date: posted when recorded, downloaded, failed and retried', () => {
    const { store } = t.hub;
    const workstation = store.findWorkstationByToken(t.tokens[KEP]!)!;
    const apt = bookAppointment(store, KEP, -30, { category: 2, interpreterNeeded: false });
    const slotDate = formatAthensDate(new Date(apt.startsAt));
    const noMail = { mailConfigured: false, inboxDays: 30 };

    const madeAt = new Date(Date.now() - 60_000).toISOString();
    const post = request(apt.id, 'post', madeAt);
    acceptDispatch(store, workstation, post, noMail);
    expect(dispatchFactsOf(post.dispatchId)).toEqual({
      slot_date: slotDate,
      channel: 'post',
      category: 2,
      employee_id: 'user-maria',
      sent_at: Date.parse(madeAt),
      done_at: Date.parse(madeAt),
      failed: 0,
    });

    const inbox = request(apt.id, 'inbox');
    acceptDispatch(store, workstation, inbox, noMail);
    expect(dispatchFactsOf(inbox.dispatchId)).toMatchObject({ done_at: null, failed: 0 });
    const downloadAt = Date.now() + 5000;
    takeInboxDocument(store, apt.id, inbox.dispatchId, 0, '127.0.0.1', downloadAt);
    expect(dispatchFactsOf(inbox.dispatchId)).toMatchObject({ done_at: downloadAt });

    const email = request(apt.id, 'email');
    acceptDispatch(store, workstation, email, noMail);
    expect(dispatchFactsOf(email.dispatchId)).toMatchObject({ done_at: null, failed: 1 });
    retryDispatch(store, workstation, email.dispatchId, { mailConfigured: true, inboxDays: 30 });
    expect(dispatchFactsOf(email.dispatchId)).toMatchObject({ done_at: null, failed: 0 });
  });

  it('follow their appointment when it is rescheduled', () => {
    const { store } = t.hub;
    const workstation = store.findWorkstationByToken(t.tokens[KEP]!)!;
    const apt = bookAppointment(store, KEP, -30, { category: 1, interpreterNeeded: false });
    const post = request(apt.id, 'post');
    acceptDispatch(store, workstation, post, { mailConfigured: false, inboxDays: 30 });
    const later = new Date(Date.parse(apt.startsAt) + 7 * 86_400_000);
    store.rescheduleAppointment(apt.id, later.toISOString(), new Date(later.getTime() + 20 * 60_000).toISOString(), 'Αλλαγή');
    expect(dispatchFactsOf(post.dispatchId)).toMatchObject({ slot_date: formatAthensDate(later) });
  });
});
