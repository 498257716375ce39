import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { HubApiClient } from '../../src-main/hub/hub-api-client';
import { HubConnection } from '../../src-main/hub/hub-connection';
import { API_PREFIX } from '../../src-shared/protocol/constants';
import { ROUTES } from '../../src-shared/protocol/routes';
import type { RoomState } from '../../src-shared/protocol/signaling';
import { bookAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';
import { accessTokenFor } from '../support/sockets';

const KEP = DEMO_KEPS[0]!.id;
let t: TestHub;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  t = await startTestHub([]);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => t.stop());

/** A real HTTP server on a free loopback port, answering as `serve` says (a hub that speaks another version). */
async function listen(serve: Parameters<typeof createServer>[1]): Promise<{ server: HttpServer; url: string }> {
  const server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function connection(): { desk: HubConnection; states: string[] } {
  const states: string[] = [];
  const desk = new HubConnection((state) => states.push(state));
  cleanups.push(() => desk.close());
  return { desk, states };
}

describe('the REST route table', () => {
  it('is what the hub answers: each workstation route wants the credential, and only its own method', async () => {
    for (const route of Object.values(ROUTES).filter((r) => r.auth === 'workstation')) {
      const url = `${t.hub.url}${API_PREFIX}${route.path}`;
      const anonymous = await fetch(url, {
        method: route.method,
        ...(route.method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
      });
      expect(anonymous.status, `${route.method} ${route.path}`).toBe(401);
      const wrong = await fetch(url, { method: 'PUT', headers: { authorization: `Bearer ${t.tokens[KEP]}` } });
      expect(wrong.status, `PUT ${route.path}`).toBe(405);
    }
    // Enrolment has no credential to check: another method there is an unknown endpoint.
    expect((await fetch(`${t.hub.url}${API_PREFIX}${ROUTES.enrol.path}`)).status).toBe(404);
  });

  it('is what the desk asks by: a query built from it, and an answer checked against it', async () => {
    const client = new HubApiClient({ baseUrl: t.hub.url, token: t.tokens[KEP]! });
    const feed = await client.changes(0);
    expect(feed.reset).toBe(false);
    expect((await client.appointments('2026-11-30')).date).toBe('2026-11-30');

    // A hub answering 200 with another shape is not believed.
    const other = await listen((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ cursor: 'seven' })));
    await expect(new HubApiClient({ baseUrl: other.url, token: 'x'.repeat(32) }).changes(0)).rejects.toMatchObject({ code: 'hub_error' });
  });
});

describe('the Socket.IO event table, at the desk', () => {
  it('takes the hub’s answers and events that fit it', async () => {
    const appointment = bookAppointment(t.hub.store, KEP, 0);
    const workstationToken = t.tokens[KEP]!;
    const { desk } = connection();
    const rooms: RoomState[] = [];
    desk.subscribe('room:state', (state) => rooms.push(state));
    desk.follow({ hubUrl: t.hub.url, workstationToken, accessToken: await accessTokenFor(t.hub.store, workstationToken) });
    await expect.poll(() => desk.connected).toBe(true);

    const joined = await desk.request('room:open', { appointmentId: appointment.id });
    expect(joined.self.role).toBe('employee');
    expect(joined.room).toMatchObject({ appointmentId: appointment.id, open: true });
    await expect.poll(() => rooms.some((r) => r.appointmentId === appointment.id && r.open)).toBe(true);
  });

  it('refuses an answer, and drops an event, that does not fit it', async () => {
    const { server, url } = await listen(() => undefined);
    const rogue = new Server(server, { serveClient: false });
    cleanups.push(() => rogue.close());
    rogue.on('connection', (socket) => {
      socket.on('kep:rooms', (_payload: unknown, ack: (answer: unknown) => void) => ack({ ok: true, value: [{ appointmentId: 'not a room' }] }));
      socket.on('room:close', (_payload: unknown, ack: (answer: unknown) => void) => {
        socket.emit('room:state', { appointmentId: 'x', open: 'yes' });
        socket.emit('room:state', { appointmentId: '6f1c2f0e-9a43-4f6b-8f1e-2d7c1a3b5e90', open: false, participants: [], waiting: [] });
        ack({ ok: true, value: null });
      });
    });
    const { desk } = connection();
    const rooms: RoomState[] = [];
    desk.subscribe('room:state', (state) => rooms.push(state));
    desk.follow({ hubUrl: url, workstationToken: 'w'.repeat(32), accessToken: 'a'.repeat(32) });
    await expect.poll(() => desk.connected).toBe(true);

    await expect(desk.request('kep:rooms', {})).rejects.toMatchObject({ code: 'hub_error' });
    await expect(desk.request('room:close', { appointmentId: '6f1c2f0e-9a43-4f6b-8f1e-2d7c1a3b5e90' })).resolves.toBeNull();
    await expect.poll(() => rooms.length).toBe(1);
    expect(rooms[0]!.open).toBe(false);
  });
});
