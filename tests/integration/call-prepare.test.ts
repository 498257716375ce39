import { io as connect } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import type { Ack, CLIENT_EVENTS, JoinedRoom, PreparedRoom } from '../../src-shared/protocol/signaling';
import { bookAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';
import { accessTokenFor, arrives, connectSocket, type HubSocket, nextEvent } from '../support/sockets';

// A prepared link (PROTOCOL.md §5.2a): before the call, signals pass between a workstation and
// the participants it prepared, and nobody else.
const [ATHENS, THESSALONIKI] = DEMO_KEPS.map((k) => k.id) as [string, string];
let t: TestHub;
const open: HubSocket[] = [];

beforeAll(async () => {
  t = await startTestHub([], { limits: { roomOpsBurst: 50, roomOpsPerSecond: 50, maxViolations: 100, connectionsBurst: 1000 } }, 200);
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
afterAll(() => t.stop());

async function desk(kep = ATHENS, role: 'employee' | 'supervisor' | 'it-admin' = 'employee'): Promise<HubSocket> {
  const workstationToken = t.tokens[kep] as string;
  const s = await connectSocket(t.hub.url, { kind: 'workstation', workstationToken, accessToken: await accessTokenFor(t.hub.store, workstationToken, role) });
  open.push(s);
  return s;
}

async function participant(appointmentId: string, role: 'citizen' | 'interpreter' = 'citizen'): Promise<{ socket: HubSocket; id: string }> {
  const socket = await connectSocket(t.hub.url, { kind: 'participant', joinToken: issueJoinToken(t.hub.store, appointmentId, role).token });
  open.push(socket);
  const joined = await ask<JoinedRoom>(socket, 'room:join', {});
  if (!joined.ok) throw new Error(joined.error.message);
  return { socket, id: joined.value.self.id };
}

const ask = <T>(socket: HubSocket, event: (typeof CLIENT_EVENTS)[number], payload: unknown): Promise<Ack<T>> =>
  new Promise((resolve) => (socket.emit as (e: string, p: unknown, a: (r: Ack<T>) => void) => void)(event, payload, resolve));

const offer = (appointmentId: string, to: string) => ({ appointmentId, to, connection: 'conn-prepared', data: { type: 'offer', sdp: 'v=0 prepared' } });

/** A booked appointment with its citizen waiting, and a desk that prepared it. */
async function prepared(): Promise<{ appointmentId: string; desk: HubSocket; deskId: string; citizen: HubSocket; citizenId: string }> {
  const apt = bookAppointment(t.hub.store, ATHENS, 5);
  const citizen = await participant(apt.id);
  const d = await desk();
  const told = nextEvent(citizen.socket, 'call:prepare');
  const answer = await ask<PreparedRoom>(d, 'room:prepare', { appointmentId: apt.id });
  if (!answer.ok) throw new Error(answer.error.message);
  expect(answer.value.participants).toEqual([{ id: citizen.id, role: 'citizen' }]);
  expect(await told).toEqual({ appointmentId: apt.id, from: answer.value.self });
  return { appointmentId: apt.id, desk: d, deskId: answer.value.self.id, citizen: citizen.socket, citizenId: citizen.id };
}

describe('prepared links before the call', () => {
  it('passes signals between the desk and the prepared citizen both ways, while the room stays closed', async () => {
    const { appointmentId, desk: d, deskId, citizen, citizenId } = await prepared();
    const got = nextEvent(citizen, 'signal');
    expect(await ask(d, 'signal', offer(appointmentId, citizenId))).toEqual({ ok: true, value: null });
    expect(await got).toMatchObject({ appointmentId, from: deskId, connection: 'conn-prepared' });
    const back = nextEvent(d, 'signal');
    expect(await ask(citizen, 'signal', { ...offer(appointmentId, deskId), data: { type: 'answer', sdp: 'v=0 answer' } })).toEqual({ ok: true, value: null });
    expect(await back).toMatchObject({ from: citizenId, data: { type: 'answer' } });
    const state = await ask<JoinedRoom>(citizen, 'room:join', {});
    expect(state.ok && state.value.room.open).toBe(false);
  });

  it('refuses citizens, IT accounts, another KEP, a cancelled or out-of-window appointment, and an open call', async () => {
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    const citizen = await participant(apt.id);
    expect(await ask(citizen.socket, 'room:prepare', { appointmentId: apt.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(await desk(ATHENS, 'it-admin'), 'room:prepare', { appointmentId: apt.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(await desk(THESSALONIKI), 'room:prepare', { appointmentId: apt.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const later = bookAppointment(t.hub.store, ATHENS, 120);
    expect(await ask(await desk(), 'room:prepare', { appointmentId: later.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const cancelled = bookAppointment(t.hub.store, ATHENS, 5, { status: 'cancelled' });
    expect(await ask(await desk(), 'room:prepare', { appointmentId: cancelled.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const d = await desk();
    expect((await ask(d, 'room:open', { appointmentId: apt.id })).ok).toBe(true);
    expect(await ask(d, 'room:prepare', { appointmentId: apt.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await ask(citizen.socket, 'room:unprepare', { appointmentId: apt.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('lets no one else reach the prepared citizen, and the citizen reach no one but its desk', async () => {
    const a = await prepared();
    const other = await desk();
    const leak = arrives(a.citizen, 'signal');
    // Another desk of the same KEP that did not prepare it, and one that prepared another appointment.
    expect(await ask(other, 'signal', offer(a.appointmentId, a.citizenId))).toMatchObject({ ok: false, error: { code: 'not_member' } });
    const b = await prepared();
    expect(await ask(b.desk, 'signal', offer(a.appointmentId, a.citizenId))).toMatchObject({ ok: false, error: { code: 'not_member' } });
    expect(await ask(b.desk, 'signal', offer(b.appointmentId, a.citizenId))).toEqual({ ok: true, value: null });
    expect(await leak).toBe(false);
    // A second citizen-side socket (an interpreter waiting) is not reachable by the prepared citizen: no participant↔participant before the call.
    const interpreter = await participant(a.appointmentId, 'interpreter');
    const heard = arrives(interpreter.socket, 'signal');
    expect(await ask(a.citizen, 'signal', offer(a.appointmentId, interpreter.id))).toMatchObject({ ok: false, error: { code: 'not_member' } });
    expect(await ask(a.citizen, 'signal', offer(a.appointmentId, 'someone-else-id'))).toMatchObject({ ok: false, error: { code: 'not_member' } });
    expect(await heard).toBe(false);
  });

  it('prepares a participant who arrives while the desk prepares, and ends it on unprepare', async () => {
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    const d = await desk();
    const answer = await ask<PreparedRoom>(d, 'room:prepare', { appointmentId: apt.id });
    expect(answer.ok && answer.value.participants).toEqual([]);
    // Listening before it connects: the hub prepares it as it arrives.
    const socket: HubSocket = connect(t.hub.url, {
      auth: { kind: 'participant', joinToken: issueJoinToken(t.hub.store, apt.id, 'citizen').token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      autoConnect: false,
    });
    open.push(socket);
    const preparing = nextEvent(socket, 'call:prepare');
    socket.connect();
    const told = await preparing;
    expect(told.from.role).toBe('employee');
    const joined = await ask<JoinedRoom>(socket, 'room:join', {});
    const citizenId = joined.ok ? joined.value.self.id : '';
    expect((await ask(d, 'signal', offer(apt.id, citizenId))).ok).toBe(true);

    const ended = nextEvent(socket, 'call:unprepared');
    expect(await ask(d, 'room:unprepare', { appointmentId: apt.id })).toEqual({ ok: true, value: null });
    expect(await ended).toEqual({ appointmentId: apt.id, from: told.from.id });
    expect(await ask(d, 'signal', offer(apt.id, citizenId))).toMatchObject({ ok: false, error: { code: 'not_member' } });
    expect(await ask(socket, 'signal', offer(apt.id, told.from.id))).toMatchObject({ ok: false, error: { code: 'not_member' } });
    expect(await ask(d, 'room:unprepare', { appointmentId: apt.id })).toMatchObject({ ok: false, error: { code: 'not_member' } });
  });

  it('ends the prepared link when the desk prepares or opens another appointment, or goes away', async () => {
    const a = await prepared();
    const other = bookAppointment(t.hub.store, ATHENS, 5);
    let ended = nextEvent(a.citizen, 'call:unprepared');
    expect((await ask(a.desk, 'room:prepare', { appointmentId: other.id })).ok).toBe(true);
    expect(await ended).toEqual({ appointmentId: a.appointmentId, from: a.deskId });
    expect(await ask(a.desk, 'signal', offer(a.appointmentId, a.citizenId))).toMatchObject({ ok: false, error: { code: 'not_member' } });

    expect((await ask(a.desk, 'room:prepare', { appointmentId: a.appointmentId })).ok).toBe(true);
    ended = nextEvent(a.citizen, 'call:unprepared');
    expect((await ask(a.desk, 'room:open', { appointmentId: other.id })).ok).toBe(true);
    expect(await ended).toMatchObject({ appointmentId: a.appointmentId });

    const b = await prepared();
    ended = nextEvent(b.citizen, 'call:unprepared');
    b.desk.close();
    expect(await ended).toEqual({ appointmentId: b.appointmentId, from: b.deskId });
    const state = await ask<JoinedRoom>(b.citizen, 'room:join', {});
    expect(state.ok && state.value.room.open).toBe(false);
  });

  it('keeps the prepared link as the call’s when the desk opens that call: same connection, no unprepare', async () => {
    const { appointmentId, desk: d, deskId, citizen, citizenId } = await prepared();
    const unprepared = arrives(citizen, 'call:unprepared', 800);
    const opened = await ask<JoinedRoom>(d, 'room:open', { appointmentId });
    expect(opened.ok && opened.value.room.participants.map((p) => p.id).sort()).toEqual([deskId, citizenId].sort());
    const got = nextEvent(citizen, 'signal');
    expect(
      await ask(d, 'signal', {
        ...offer(appointmentId, citizenId),
        data: { type: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host' } },
      }),
    ).toEqual({
      ok: true,
      value: null,
    });
    expect(await got).toMatchObject({ connection: 'conn-prepared', from: deskId });
    expect(await unprepared).toBe(false);
  });
});
