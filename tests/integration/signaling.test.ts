import { createHmac } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueJoinToken, revokeJoinLink } from '../../hub/src/auth/join-links';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import {
  type Ack,
  type ChatMessage,
  type CLIENT_EVENTS,
  type InterpreterInvitation,
  type JoinedRoom,
  type RoomState,
} from '../../src-shared/protocol/signaling';
import { bookAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';
import { accessTokenFor, arrives, connectSocket, type HubSocket, nextEvent, roomStateWhere } from '../support/sockets';

const [ATHENS, THESSALONIKI] = DEMO_KEPS.map((k) => k.id) as [string, string];
const TURN_SECRET = 'turn-shared-secret-for-tests';
let t: TestHub;
const open: HubSocket[] = [];

beforeAll(async () => {
  t = await startTestHub(
    [],
    {
      iceServers: [{ urls: ['stun:stun.kep.example:3478'] }],
      turn: { urls: ['turn:turn.kep.example:3478?transport=udp'], secret: TURN_SECRET, ttlSeconds: 600 },
      limits: { signalsBurst: 20, signalsPerSecond: 10, maxViolations: 50, connectionsBurst: 1000 },
    },
    200,
  );
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
afterAll(() => t.stop());

async function employee(kep = ATHENS, role: 'employee' | 'supervisor' | 'it-admin' = 'employee'): Promise<HubSocket> {
  const workstationToken = t.tokens[kep] as string;
  const s = await connectSocket(t.hub.url, { kind: 'workstation', workstationToken, accessToken: await accessTokenFor(t.hub.store, workstationToken, role) });
  open.push(s);
  return s;
}

async function participant(joinToken: string): Promise<HubSocket> {
  const s = await connectSocket(t.hub.url, { kind: 'participant', joinToken });
  open.push(s);
  return s;
}

const ask = <T>(socket: HubSocket, event: (typeof CLIENT_EVENTS)[number], payload: unknown): Promise<Ack<T>> =>
  new Promise((resolve) => (socket.emit as (e: string, p: unknown, a: (r: Ack<T>) => void) => void)(event, payload, resolve));

/** An appointment starting soon, with the employee's call open and a citizen in it. */
async function openCall(): Promise<{ appointmentId: string; desk: HubSocket; citizen: HubSocket; deskId: string; citizenId: string }> {
  const apt = bookAppointment(t.hub.store, ATHENS, 5);
  const citizen = await participant(issueJoinToken(t.hub.store, apt.id, 'citizen').token);
  const desk = await employee();
  const opened = await ask<JoinedRoom>(desk, 'room:open', { appointmentId: apt.id });
  if (!opened.ok) throw new Error(opened.error.message);
  const joined = await ask<JoinedRoom>(citizen, 'room:join', {});
  if (!joined.ok) throw new Error(joined.error.message);
  return { appointmentId: apt.id, desk, citizen, deskId: opened.value.self.id, citizenId: joined.value.self.id };
}

describe('the lobby and the call', () => {
  it('keeps the citizen waiting until the employee opens the call, then lets signals through', async () => {
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    const citizen = await participant(issueJoinToken(t.hub.store, apt.id, 'citizen').token);
    const waiting = await ask<JoinedRoom>(citizen, 'room:join', {});
    expect(waiting.ok && waiting.value.room.open).toBe(false);

    const desk = await employee();
    const stateSeen = roomStateWhere(citizen, (state) => state.open);
    const opened = await ask<JoinedRoom>(desk, 'room:open', { appointmentId: apt.id });
    expect(opened.ok).toBe(true);
    const state = await stateSeen;
    expect(state.participants.map((p) => p.role).sort()).toEqual(['citizen', 'employee']);

    const citizenId = (waiting.ok && waiting.value.self.id) as string;
    const deskId = (opened.ok && opened.value.self.id) as string;
    const offer = nextEvent(citizen, 'signal');
    expect(await ask(desk, 'signal', { appointmentId: apt.id, to: citizenId, connection: 'conn-test-1', data: { type: 'offer', sdp: 'v=0 offer' } })).toEqual({
      ok: true,
      value: null,
    });
    expect(await offer).toEqual({ appointmentId: apt.id, from: deskId, connection: 'conn-test-1', data: { type: 'offer', sdp: 'v=0 offer' } });
    const answer = nextEvent(desk, 'signal');
    await ask(citizen, 'signal', { appointmentId: apt.id, to: deskId, connection: 'conn-test-1', data: { type: 'answer', sdp: 'v=0 answer' } });
    expect((await answer).from).toBe(citizenId);

    const closed = roomStateWhere(citizen, (state) => !state.open);
    const ended = nextEvent(citizen, 'call:ended');
    expect((await ask(desk, 'room:close', { appointmentId: apt.id })).ok).toBe(true);
    expect(await ended).toEqual({ appointmentId: apt.id });
    expect((await closed).participants).toEqual([]);
    const afterClose = await ask<null>(citizen, 'signal', {
      appointmentId: apt.id,
      to: deskId,
      connection: 'conn-test-1',
      data: { type: 'answer', sdp: 'late' },
    });
    expect(afterClose.ok).toBe(false);
  });

  it('shows the KEP since when a citizen waits, their device check and media, through a reload', async () => {
    const desk = await employee();
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    const token = issueJoinToken(t.hub.store, apt.id, 'citizen').token;
    const first = await participant(token);
    const joined = await ask<JoinedRoom>(first, 'room:join', {});
    const checked = roomStateWhere(desk, (s) => s.appointmentId === apt.id && s.waiting[0]?.devices !== null);
    expect(await ask(first, 'devices:report', { camera: 'ok', microphone: 'ok', speaker: 'untested' })).toEqual({ ok: true, value: null });
    const waiting = (await checked).waiting[0]!;
    expect(waiting).toMatchObject({ role: 'citizen', devices: { camera: 'ok', microphone: 'ok', speaker: 'untested' }, media: null });
    expect(Date.now() - Date.parse(waiting.since)).toBeLessThan(10_000);
    expect(await ask(first, 'devices:report', { camera: 'on' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await ask(desk, 'devices:report', { camera: 'ok', microphone: 'ok', speaker: 'ok' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // A reload keeps the same participant id, the place in the queue and the device check.
    await new Promise((r) => setTimeout(r, 20));
    const reloaded = roomStateWhere(desk, (s) => s.appointmentId === apt.id && s.waiting.length === 1 && s.waiting[0]!.id === waiting.id);
    const second = await participant(token);
    const again = await ask<JoinedRoom>(second, 'room:join', {});
    expect(again.ok && again.value.self.id).toBe(joined.ok && joined.value.self.id);
    const after = await reloaded;
    expect(after.waiting[0]).toMatchObject({ since: waiting.since, devices: waiting.devices });

    const muted = roomStateWhere(desk, (s) => s.appointmentId === apt.id && s.waiting[0]?.media?.audio === false);
    expect(await ask(second, 'media:state', { appointmentId: apt.id, media: { audio: false, video: true } })).toEqual({ ok: true, value: null });
    expect((await muted).waiting[0]!.media).toEqual({ audio: false, video: true });
    const other = bookAppointment(t.hub.store, ATHENS, 5);
    expect(await ask(second, 'media:state', { appointmentId: other.id, media: { audio: true, video: true } })).toMatchObject({
      ok: false,
      error: { code: 'not_member' },
    });
  });

  it('keeps the citizen camera on in the call until the desk says the identity check passed', async () => {
    const { appointmentId, desk, citizen } = await openCall();
    // A citizen without a working camera can still mute before the check.
    expect(await ask(citizen, 'media:state', { appointmentId, media: { audio: false, video: false } })).toEqual({ ok: true, value: null });
    await ask(citizen, 'devices:report', { camera: 'ok', microphone: 'ok', speaker: 'ok' });
    expect(await ask(citizen, 'media:state', { appointmentId, media: { audio: true, video: false } })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await ask(citizen, 'verification:passed', { appointmentId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const told = nextEvent(citizen, 'camera:optional');
    expect(await ask(desk, 'verification:passed', { appointmentId })).toEqual({ ok: true, value: null });
    expect(await told).toEqual({ appointmentId });
    expect(await ask(citizen, 'media:state', { appointmentId, media: { audio: true, video: false } })).toEqual({ ok: true, value: null });
    // A reloaded page learns it at once.
    const again = await ask<JoinedRoom>(citizen, 'room:join', {});
    expect(again.ok && again.value.cameraOptional).toBe(true);
  });

  it('carries chat to everyone in the call, and nobody outside it', async () => {
    const { appointmentId, desk, citizen } = await openCall();
    const interpreter = await participant(issueJoinToken(t.hub.store, appointmentId, 'interpreter').token);
    await roomStateWhere(desk, (s) => s.appointmentId === appointmentId && s.participants.length === 3);
    const outsider = await openCall();
    const leak = arrives(outsider.citizen, 'chat:message');
    const [atDesk, atInterpreter] = [nextEvent(desk, 'chat:message'), nextEvent(interpreter, 'chat:message')];
    const sent = await ask<ChatMessage>(citizen, 'chat:send', { appointmentId, text: '  Καλημέρα, δεν ακούω καλά  ' });
    expect(sent.ok).toBe(true);
    const message = sent.ok ? sent.value : null;
    expect(message).toMatchObject({ appointmentId, text: 'Καλημέρα, δεν ακούω καλά', from: { role: 'citizen' } });
    expect(await atDesk).toEqual(message);
    expect(await atInterpreter).toEqual(message);
    expect(await leak).toBe(false);
    expect(await ask(citizen, 'chat:send', { appointmentId, text: '   ' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await ask(citizen, 'chat:send', { appointmentId, text: 'x'.repeat(2001) })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await ask(outsider.citizen, 'chat:send', { appointmentId, text: 'hello?' })).toMatchObject({ ok: false, error: { code: 'not_member' } });
  });

  it("tells the KEP's workstations who is waiting, before any call opens", async () => {
    const desk = await employee();
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    const told = roomStateWhere(desk, (state) => state.appointmentId === apt.id);
    await participant(issueJoinToken(t.hub.store, apt.id, 'citizen').token);
    const state = await told;
    expect(state).toMatchObject({ appointmentId: apt.id, open: false, participants: [] });
    expect(state.waiting.map((p) => p.role)).toEqual(['citizen']);
    // Another KEP hears nothing of it.
    const foreign = await employee(THESSALONIKI);
    const leak = arrives(foreign, 'room:state');
    await participant(issueJoinToken(t.hub.store, apt.id, 'interpreter').token);
    expect(await leak).toBe(false);
  });

  it('lets a desk that connects later ask who is waiting at its KEP', async () => {
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    await participant(issueJoinToken(t.hub.store, apt.id, 'citizen').token);
    const other = bookAppointment(t.hub.store, THESSALONIKI, 5);
    await participant(issueJoinToken(t.hub.store, other.id, 'citizen').token);
    const desk = await employee();
    const states = await ask<RoomState[]>(desk, 'kep:rooms', {});
    if (!states.ok) throw new Error(states.error.message);
    const mine = states.value.find((s) => s.appointmentId === apt.id);
    expect(mine).toMatchObject({ open: false, participants: [] });
    expect(mine?.waiting.map((p) => p.role)).toEqual(['citizen']);
    expect(states.value.some((s) => s.appointmentId === other.id)).toBe(false); // never another KEP's
    const citizen = await participant(issueJoinToken(t.hub.store, bookAppointment(t.hub.store, ATHENS, 5).id, 'citizen').token);
    expect(await ask(citizen, 'kep:rooms', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('keeps one live connection per link: a reloaded page takes over', async () => {
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    const { token } = issueJoinToken(t.hub.store, apt.id, 'citizen');
    const first = await participant(token);
    const dropped = new Promise<string>((resolve) => first.once('disconnect', resolve));
    await participant(token);
    expect(await dropped).toBe('io server disconnect');
  });

  it("carries simple-peer's own renegotiation messages", async () => {
    const { appointmentId, desk, citizen, citizenId } = await openCall();
    const got = nextEvent(citizen, 'signal');
    expect(await ask(desk, 'signal', { appointmentId, to: citizenId, connection: 'conn-test-1', data: { type: 'renegotiate', renegotiate: true } })).toEqual({
      ok: true,
      value: null,
    });
    expect((await got).data).toEqual({ type: 'renegotiate', renegotiate: true });
    expect(
      await ask(desk, 'signal', {
        appointmentId,
        to: citizenId,
        connection: 'conn-test-1',
        data: { type: 'transceiverRequest', transceiverRequest: { kind: 'video', init: {} } },
      }),
    ).toEqual({ ok: true, value: null });
  });

  it('adds an interpreter as a third member everyone sees', async () => {
    const { appointmentId, citizen } = await openCall();
    const seen = roomStateWhere(citizen, (state) => state.participants.length === 3);
    await participant(issueJoinToken(t.hub.store, appointmentId, 'interpreter').token);
    const state = await seen;
    expect(state.participants.map((p) => p.role).sort()).toEqual(['citizen', 'employee', 'interpreter']);
  });

  it('lets KEP staff invite an interpreter to a category 3 appointment, through a link that joins the call', async () => {
    const { appointmentId, desk, citizen } = await openCall();
    const invited = await ask<InterpreterInvitation>(desk, 'interpreter:invite', { appointmentId });
    if (!invited.ok) throw new Error(invited.error.message);
    expect(invited.value.url).toMatch(new RegExp(`^${t.hub.url}/join#`));
    const seen = roomStateWhere(citizen, (state) => state.participants.some((p) => p.role === 'interpreter'));
    await participant(invited.value.url.split('#')[1]!);
    expect((await seen).participants.map((p) => p.role).sort()).toEqual(['citizen', 'employee', 'interpreter']);

    const other = bookAppointment(t.hub.store, ATHENS, 5, { category: 1, interpreterNeeded: false });
    expect(await ask(desk, 'interpreter:invite', { appointmentId: other.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await ask(citizen, 'interpreter:invite', { appointmentId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(await employee(ATHENS, 'it-admin'), 'interpreter:invite', { appointmentId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(await employee(THESSALONIKI), 'interpreter:invite', { appointmentId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('hands out ICE servers with short-lived TURN REST credentials', async () => {
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    const citizen = await participant(issueJoinToken(t.hub.store, apt.id, 'citizen').token);
    const joined = await ask<JoinedRoom>(citizen, 'room:join', {});
    if (!joined.ok) throw new Error('join failed');
    const [stun, turn] = joined.value.iceServers;
    expect(stun).toEqual({ urls: ['stun:stun.kep.example:3478'] });
    const [expiry, id] = (turn?.username ?? '').split(':');
    expect(id).toBe(joined.value.self.id);
    expect(Number(expiry) - Date.now() / 1000).toBeGreaterThan(590);
    expect(Number(expiry) - Date.now() / 1000).toBeLessThanOrEqual(600);
    expect(turn?.credential).toBe(
      createHmac('sha1', TURN_SECRET)
        .update(turn?.username ?? '')
        .digest('base64'),
    );
  });
});

describe('who may connect', () => {
  it('refuses forged, expired, early, wrong-type and revoked join links', async () => {
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    const { token } = issueJoinToken(t.hub.store, apt.id, 'citizen');
    const [payload, signature] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, role: 'interpreter' })).toString('base64url')}.${signature}`;
    await expect(participant(forged)).rejects.toThrow('unauthorized');
    await expect(participant(`${payload}.${signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`)).rejects.toThrow('unauthorized');

    const past = bookAppointment(t.hub.store, ATHENS, -60); // ended 40 minutes ago: the link closed 10 minutes ago
    await expect(participant(issueJoinToken(t.hub.store, past.id, 'citizen').token)).rejects.toThrow('unauthorized');
    const later = bookAppointment(t.hub.store, ATHENS, 60); // opens in 45 minutes
    await expect(participant(issueJoinToken(t.hub.store, later.id, 'citizen').token)).rejects.toThrow('unauthorized');

    const accessToken = await accessTokenFor(t.hub.store, t.tokens[ATHENS] as string);
    await expect(participant(accessToken)).rejects.toThrow('unauthorized');

    const revoked = issueJoinToken(t.hub.store, apt.id, 'interpreter');
    const jti = JSON.parse(Buffer.from(revoked.token.split('.')[0] as string, 'base64url').toString()).jti as string;
    revokeJoinLink(t.hub.store, jti, apt.id);
    await expect(participant(revoked.token)).rejects.toThrow('unauthorized');
    await expect(participant(token)).resolves.toBeDefined(); // the citizen's own link still works
  });

  it('stops every link of a cancelled appointment, and ends connections already made with them', async () => {
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    const { token } = issueJoinToken(t.hub.store, apt.id, 'citizen');
    const connected = await participant(token);
    const ended = new Promise<string>((resolve) => connected.once('disconnect', resolve));
    t.hub.store.setAppointmentStatus(apt.id, 'cancelled');
    expect(await ended).toBe('io server disconnect');
    await expect(participant(token)).rejects.toThrow('unauthorized');
  });

  it('re-checks a crowd of sockets in slices, ending exactly those whose appointment was cancelled', async () => {
    const crowd = await Promise.all(
      Array.from({ length: 80 }, async () => {
        const apt = bookAppointment(t.hub.store, ATHENS, 5);
        return { apt, socket: await participant(issueJoinToken(t.hub.store, apt.id, 'citizen').token) };
      }),
    );
    const cancelled = crowd.filter((_, i) => i % 3 === 0);
    const ended = cancelled.map(({ socket }) => new Promise<string>((resolve) => socket.once('disconnect', resolve)));
    for (const { apt } of cancelled) t.hub.store.setAppointmentStatus(apt.id, 'cancelled');
    expect(await Promise.all(ended)).toEqual(cancelled.map(() => 'io server disconnect'));
    // Two more passes (every 200 ms here): nobody else was cut off.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(crowd.filter(({ socket }) => socket.connected).length).toBe(crowd.length - cancelled.length);
  });

  it('refuses workstations without a signed-in employee and malformed handshakes', async () => {
    await expect(connectSocket(t.hub.url, {})).rejects.toThrow('unauthorized');
    await expect(connectSocket(t.hub.url, { kind: 'workstation', workstationToken: t.tokens[ATHENS], accessToken: 'x'.repeat(40) })).rejects.toThrow(
      'unauthorized',
    );
    // A session of one workstation cannot be used from another.
    const other = t.hub.store.addWorkstation(ATHENS, 'other').token;
    const stolen = await accessTokenFor(t.hub.store, t.tokens[ATHENS] as string);
    await expect(connectSocket(t.hub.url, { kind: 'workstation', workstationToken: other, accessToken: stolen })).rejects.toThrow('unauthorized');
  });

  it("does not let another KEP, or IT staff, open an appointment's call", async () => {
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    const foreign = await employee(THESSALONIKI);
    expect(await ask(foreign, 'room:open', { appointmentId: apt.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const it = await employee(ATHENS, 'it-admin');
    expect(await ask(it, 'room:open', { appointmentId: apt.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const early = bookAppointment(t.hub.store, ATHENS, 90);
    expect(await ask(await employee(), 'room:open', { appointmentId: early.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('rooms are sealed', () => {
  it('lets nobody signal into a call they are not in, or reach a member of another call', async () => {
    const a = await openCall();
    const b = await openCall();
    // B's citizen names A's appointment: refused.
    expect(
      await ask(b.citizen, 'signal', { appointmentId: a.appointmentId, to: a.deskId, connection: 'conn-test-1', data: { type: 'offer', sdp: 'x' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_member' },
    });
    // B's desk addresses A's citizen from inside its own call: nothing arrives.
    const leak = arrives(a.citizen, 'signal');
    await ask(b.desk, 'signal', { appointmentId: b.appointmentId, to: a.citizenId, connection: 'conn-test-1', data: { type: 'offer', sdp: 'x' } });
    expect(await leak).toBe(false);
    // Participants cannot open or close calls.
    expect(await ask(a.citizen, 'room:open', { appointmentId: a.appointmentId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(a.citizen, 'room:close', { appointmentId: a.appointmentId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('validates every message and says what is wrong', async () => {
    const { appointmentId, desk, citizenId } = await openCall();
    expect(await ask(desk, 'signal', { appointmentId, to: citizenId, connection: 'conn-test-1', data: { type: 'offer' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(
      await ask(desk, 'signal', { appointmentId: 'not-a-uuid', to: citizenId, connection: 'conn-test-1', data: { type: 'offer', sdp: 'x' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await ask(desk, 'signal', { appointmentId, to: citizenId, data: { type: 'offer', sdp: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await ask(desk, 'room:open', { appointmentId, extra: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(
      await ask(desk, 'signal', { appointmentId, to: citizenId, connection: 'conn-test-1', data: { type: 'offer', sdp: 'x'.repeat(20_000) } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});

describe('connection state recovery', () => {
  it('keeps a briefly disconnected participant in its call, with the same id', async () => {
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    const citizen: HubSocket = io(t.hub.url, {
      auth: { kind: 'participant', joinToken: issueJoinToken(t.hub.store, apt.id, 'citizen').token },
      transports: ['websocket'],
      reconnectionDelay: 50,
      forceNew: true,
    });
    open.push(citizen);
    await new Promise((resolve) => citizen.once('connect', () => resolve(null)));
    const desk = await employee();
    const opened = await ask<JoinedRoom>(desk, 'room:open', { appointmentId: apt.id });
    const citizenId = opened.ok ? opened.value.room.participants.find((p) => p.role === 'citizen')?.id : undefined;
    expect(citizenId).toBeDefined();

    const reconnected = new Promise((resolve) => citizen.once('connect', () => resolve(null)));
    citizen.io.engine.close(); // the network drops for a moment
    await reconnected;
    expect(citizen.recovered).toBe(true);
    const offer = nextEvent(citizen, 'signal');
    expect(
      await ask(desk, 'signal', { appointmentId: apt.id, to: citizenId, connection: 'conn-test-1', data: { type: 'offer', sdp: 'after the drop' } }),
    ).toEqual({ ok: true, value: null });
    expect((await offer).data).toEqual({ type: 'offer', sdp: 'after the drop' });
  });

  it('hands a recovered participant the signals sent while it was away, and no stale room state', async () => {
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    const citizen: HubSocket = io(t.hub.url, {
      auth: { kind: 'participant', joinToken: issueJoinToken(t.hub.store, apt.id, 'citizen').token },
      transports: ['websocket'],
      reconnectionDelay: 1500,
      reconnectionDelayMax: 1500,
      randomizationFactor: 0,
      forceNew: true,
    });
    open.push(citizen);
    await new Promise((resolve) => citizen.once('connect', () => resolve(null)));
    const desk = await employee();
    const opened = await ask<JoinedRoom>(desk, 'room:open', { appointmentId: apt.id });
    const citizenId = opened.ok ? opened.value.room.participants.find((p) => p.role === 'citizen')?.id : undefined;
    expect(citizenId).toBeDefined();

    // The desk hears the citizen leave: the hub has kept the citizen's session by then.
    const left = roomStateWhere(desk, (s) => s.appointmentId === apt.id && !s.participants.some((p) => p.role === 'citizen'));
    citizen.io.engine.close();
    await left;
    const replayed: unknown[] = [];
    citizen.on('signal', (payload) => replayed.push(payload.data));
    const states: RoomState[] = [];
    citizen.on('room:state', (state) => states.push(state));
    const reconnected = new Promise((resolve) => citizen.once('connect', () => resolve(null)));
    const back = roomStateWhere(citizen, (s) => s.appointmentId === apt.id && s.participants.some((p) => p.role === 'citizen'), 8000);
    expect(await ask(desk, 'signal', { appointmentId: apt.id, to: citizenId, connection: 'conn-test-1', data: { type: 'offer', sdp: 'while away' } })).toEqual({
      ok: true,
      value: null,
    });
    await reconnected;
    expect(citizen.recovered).toBe(true);
    await back;
    expect(replayed).toEqual([{ type: 'offer', sdp: 'while away' }]);
    // The snapshot from the drop (the citizen gone) is not replayed: only the state after its return.
    expect(states.every((s) => s.participants.some((p) => p.role === 'citizen'))).toBe(true);
  });
  it('replays what a recovered participant missed exactly as it was sent, to it alone', async () => {
    const { appointmentId, desk } = await openCall();
    const other = await openCall();
    const interpreter: HubSocket = io(t.hub.url, {
      auth: { kind: 'participant', joinToken: issueJoinToken(t.hub.store, appointmentId, 'interpreter').token },
      transports: ['websocket'],
      reconnectionDelay: 1500,
      reconnectionDelayMax: 1500,
      randomizationFactor: 0,
      forceNew: true,
    });
    open.push(interpreter);
    const joined = roomStateWhere(desk, (s) => s.appointmentId === appointmentId && s.participants.some((p) => p.role === 'interpreter'));
    await new Promise((resolve) => interpreter.once('connect', () => resolve(null)));
    const interpreterId = (await joined).participants.find((p) => p.role === 'interpreter')?.id as string;

    const left = roomStateWhere(desk, (s) => s.appointmentId === appointmentId && !s.participants.some((p) => p.role === 'interpreter'));
    interpreter.io.engine.close();
    await left;
    const replayed: unknown[] = [];
    interpreter.on('signal', (payload) => replayed.push(payload));
    const chats: string[] = [];
    interpreter.on('chat:message', (message) => chats.push(message.text));
    const reconnected = new Promise((resolve) => interpreter.once('connect', () => resolve(null)));
    const candidate = { type: 'candidate', candidate: { candidate: 'candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host', sdpMid: null, sdpMLineIndex: 0 } };
    const sent = [
      { appointmentId, to: interpreterId, connection: 'conn-test-2', data: candidate },
      { appointmentId, to: interpreterId, connection: 'conn-test-2', data: { type: 'offer', sdp: 'v=0\r\no=- «ελληνικά» 2 IN IP4 127.0.0.1' } },
    ];
    for (const signal of sent) expect(await ask(desk, 'signal', signal)).toEqual({ ok: true, value: null });
    // A signal in another call is kept too, and must not reach the interpreter.
    expect(await ask(other.desk, 'signal', { ...sent[1], appointmentId: other.appointmentId, to: other.citizenId })).toEqual({ ok: true, value: null });
    expect(await ask(desk, 'chat:send', { appointmentId, text: 'while away' })).toMatchObject({ ok: true });
    await reconnected;
    expect(interpreter.recovered).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(replayed).toEqual(sent.map(({ appointmentId: a, connection, data }) => ({ appointmentId: a, from: expect.any(String), connection, data })));
    expect(chats).toEqual(['while away']);
  });
});

describe('abuse', () => {
  it('rate-limits a flooding socket while other calls carry on', async () => {
    const flood = await openCall();
    const calm = await openCall();
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        ask<null>(flood.desk, 'signal', {
          appointmentId: flood.appointmentId,
          to: flood.citizenId,
          connection: 'conn-test-1',
          data: { type: 'offer', sdp: 'x' },
        }),
      ),
    );
    expect(results.filter((r) => !r.ok && r.error.code === 'rate_limited').length).toBeGreaterThan(10);
    const got = nextEvent(calm.citizen, 'signal');
    expect(
      await ask(calm.desk, 'signal', { appointmentId: calm.appointmentId, to: calm.citizenId, connection: 'conn-test-1', data: { type: 'offer', sdp: 'ok' } }),
    ).toEqual({ ok: true, value: null });
    expect((await got).data).toEqual({ type: 'offer', sdp: 'ok' });
  });

  it('limits all sockets of one address together', async () => {
    // Each socket alone stays within its own limit; together they exceed the address's.
    const strict = await startTestHub([], {
      limits: { addressEventsBurst: 30, addressEventsPerSecond: 1, roomOpsBurst: 100, roomOpsPerSecond: 100, connectionsBurst: 100 },
    });
    try {
      const apt = bookAppointment(strict.hub.store, ATHENS, 5);
      const sockets = await Promise.all(
        [0, 1, 2].map(async () => {
          const s = await connectSocket(strict.hub.url, { kind: 'participant', joinToken: issueJoinToken(strict.hub.store, apt.id, 'interpreter').token });
          open.push(s);
          return s;
        }),
      );
      const results = await Promise.all(Array.from({ length: 45 }, (_, i) => ask<JoinedRoom>(sockets[i % 3] as HubSocket, 'room:join', {})));
      const limited = results.filter((r) => !r.ok && r.error.code === 'rate_limited').length;
      expect(limited).toBeGreaterThanOrEqual(14);
      expect(limited).toBeLessThanOrEqual(15);
    } finally {
      await strict.stop();
    }
  });

  it('cuts off a socket that keeps sending unknown events', async () => {
    const { citizen } = await openCall();
    const gone = new Promise<string>((resolve) => citizen.once('disconnect', resolve));
    for (let i = 0; i < 60; i++) (citizen.emit as (e: string, p: unknown) => void)('admin:dump', { i });
    expect(await gone).toBe('io server disconnect');
  });

  it('closes a connection that sends an oversized packet', async () => {
    const { citizen } = await openCall();
    const gone = new Promise<string>((resolve) => citizen.once('disconnect', resolve));
    (citizen.emit as (e: string, p: unknown) => void)('signal', { blob: 'x'.repeat(100 * 1024) });
    expect(await gone).toBe('transport close');
  });
});
