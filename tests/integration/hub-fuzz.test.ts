import { writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { HUB_CONFIG_FILE } from '../../hub/src/config';
import { HubStore } from '../../hub/src/store/hub-store';
import { type Ack, CLIENT_EVENTS, type JoinedRoom } from '../../src-shared/protocol/signaling';
import { bookAppointment } from '../support/booking';
import { startProcess, type StartedProcess } from '../support/processes';
import { openRawSocket, type RawSocket } from '../support/raw-socket';
import { seededRandom } from '../support/seeded-random';
import { accessTokenFor, connectSocket, type HubSocket, nextEvent } from '../support/sockets';
import { makeTempDir } from '../support/temp-dir';

/**
 * A bounded fuzz of one hub process (issue 12): malformed packets to every client event and
 * hostile bodies, queries and paths to every REST route, from a fixed seed. Whatever happens to
 * one request or connection, the process must live on and keep serving well-formed clients.
 */
const SEED = 12;
const RANDOM_EVENTS = 300;
const KEP = 'kep-athina-kentro';
const UUID = '0b0f8a8e-6c39-4c0e-9a43-3f1b1c2d4e5f';
/** Socket.IO's packet limit on the hub (maxHttpBufferSize). */
const PACKET_LIMIT = 64 * 1024;
/** What an ack may say to hostile input; `internal` would mean a handler threw. */
const REFUSALS = ['invalid_input', 'forbidden', 'not_member', 'not_found', 'conflict', 'locked', 'rate_limited'];

let dir: ReturnType<typeof makeTempDir>;
let hub: StartedProcess;
let url: string;
let port: number;
let workstationToken: string;
let accessToken: string;
let appointmentId: string;
let joinToken: string;
const open: Array<RawSocket | HubSocket> = [];

beforeAll(async () => {
  dir = makeTempDir('kep-fuzz-');
  const store = new HubStore(dir.path);
  store.upsertKep({ id: KEP, name: 'ΚΕΠ' });
  workstationToken = store.addWorkstation(KEP, 'desk').token;
  accessToken = await accessTokenFor(store, workstationToken);
  appointmentId = bookAppointment(store, KEP, 5).id;
  joinToken = issueJoinToken(store, appointmentId, 'citizen').token;
  store.close();
  // Limits out of the way: the fuzz is about what reaches the parsers, not about being slowed down.
  const high = 1_000_000;
  writeFileSync(
    join(dir.path, HUB_CONFIG_FILE),
    JSON.stringify({
      limits: {
        connectionsBurst: high,
        connectionsPerSecond: high,
        signalsBurst: high,
        signalsPerSecond: high,
        roomOpsBurst: high,
        roomOpsPerSecond: high,
        addressEventsBurst: high,
        addressEventsPerSecond: high,
        maxViolations: high,
        authAttemptsBurst: high,
        authAttemptsPerMinute: high,
        inboxRequestsBurst: high,
        inboxRequestsPerMinute: high,
      },
    }),
  );
  hub = await startProcess('hub/src/cli.ts', ['serve', '--data-dir', dir.path, '--port', '0']);
  url = String(hub.ready.url);
  port = Number(new URL(url).port);
}, 30_000);

afterAll(async () => {
  for (const s of open) s.close();
  await hub?.stop();
  dir?.remove();
});

const deskAuth = (): string => JSON.stringify({ kind: 'workstation', workstationToken, accessToken });
const citizenAuth = (): string => JSON.stringify({ kind: 'participant', joinToken });
const nested = (n: number, open = '[', close = ']'): string => `${open.repeat(n)}${close.repeat(n)}`;

function expectProcessAlive(): void {
  expect(hub.child.exitCode, hub.output()).toBeNull();
  expect(hub.child.signalCode, hub.output()).toBeNull();
}

/** A desk in the open call and a citizen admitted to it, connected again whenever the hub cut one off. */
class Peers {
  desk!: RawSocket;
  citizen!: RawSocket;

  async connect(): Promise<void> {
    if (!this.desk?.isOpen()) {
      this.desk = await openRawSocket(url, deskAuth());
      open.push(this.desk);
      expect(await this.desk.ask(JSON.stringify(['room:open', { appointmentId }]))).toMatchObject([{ ok: true }]);
    }
    if (!this.citizen?.isOpen()) {
      this.citizen = await openRawSocket(url, citizenAuth());
      open.push(this.citizen);
      // Its connection is set up (lobby, call) just after the handshake; room:join answers once it is.
      await expect.poll(async () => ((await this.citizen.ask('["room:join",{}]'))?.[0] as Ack<JoinedRoom> | undefined)?.ok).toBe(true);
    }
  }
}

/** Payload texts for an event, all hostile; each fits in one packet unless it says `oversize`. */
function hostilePayloads(event: string): Array<{ name: string; json: string; expectInvalid?: boolean; oversize?: boolean }> {
  const envelope = (inner: string): string =>
    `{"appointmentId":"${appointmentId}","to":"abcdefgh12","connection":"conn-fuzz","data":{"type":"transceiverRequest","transceiverRequest":{"kind":"video","init":${inner}}}}`;
  const nearLimit = PACKET_LIMIT - 200 - event.length;
  return [
    { name: 'deep array', json: nested(10_000), expectInvalid: true },
    { name: 'deep object', json: nested(10_000, '{"":', '}').replace(/\{"":\}/, '{}'), expectInvalid: true },
    { name: 'deep inside a valid envelope', json: envelope(`{"streams":${nested(10_000)}}`), expectInvalid: true },
    { name: 'wide array', json: `[${new Array(20_000).fill('0').join(',')}]`, expectInvalid: true },
    { name: 'huge string', json: JSON.stringify('x'.repeat(nearLimit)), expectInvalid: true },
    { name: 'huge key', json: `{"${'k'.repeat(nearLimit)}":1}`, expectInvalid: true },
    { name: 'huge text', json: `{"appointmentId":"${appointmentId}","text":"${'ω'.repeat(Math.floor(nearLimit / 2) - 60)}"}`, expectInvalid: true },
    {
      name: 'huge sdp',
      json: `{"appointmentId":"${appointmentId}","to":"abcdefgh12","connection":"conn-fuzz","data":{"type":"offer","sdp":"${'s'.repeat(nearLimit - 150)}"}}`,
      expectInvalid: true,
    },
    { name: 'over the packet limit', json: JSON.stringify('x'.repeat(PACKET_LIMIT + 100)), oversize: true },
    { name: '__proto__', json: `{"__proto__":{"appointmentId":"${appointmentId}","polluted":true}}` },
    { name: '__proto__ beside', json: `{"appointmentId":"${appointmentId}","__proto__":{"media":{"audio":true,"video":true}}}` },
    { name: 'constructor.prototype', json: '{"constructor":{"prototype":{"polluted":true}}}' },
    { name: 'prototype in init', json: envelope('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},"prototype":null}') },
    ...[
      'null',
      '0',
      '-0',
      '1e400',
      'true',
      '"x"',
      '[]',
      '[[]]',
      `{"appointmentId":123}`,
      `{"appointmentId":null}`,
      `{"appointmentId":["${appointmentId}"]}`,
      `{"appointmentId":{"$gt":""}}`,
    ].map((json) => ({ name: `wrong type ${json}`, json })),
    { name: 'invalid data', json: envelope('"not an object"') },
    { name: 'lone surrogate', json: `{"appointmentId":"${appointmentId}","text":"\\ud800"}` },
  ];
}

/** A binary WebSocket frame (a Socket.IO attachment); a bare Buffer is sent as a text frame. */
const binary = (bytes: number[]): { binary: Buffer } => ({ binary: Buffer.from(bytes) });
type Frame = string | Buffer | { binary: Buffer };
const sendFrame = (socket: RawSocket, frame: Frame): void => {
  if (typeof frame === 'string' || Buffer.isBuffer(frame)) socket.send(frame);
  else socket.send(frame.binary, true);
};

/** Frames that are not even well-formed Socket.IO; most make the hub drop the connection. */
const CRAFTED_FRAMES: Frame[] = [
  '42[123,{}]',
  '421[123,{}]',
  '42[-1]',
  '42[1e308,{}]',
  '42[{},{}]',
  '42[[],{}]',
  '42[null,{}]',
  '42[true]',
  '42[]',
  '42{}',
  '42"x"',
  '42',
  '4',
  '4x',
  '49[1]',
  '42/admin,["room:join",{}]',
  '40/admin,{}',
  '41',
  '43[]',
  '431[1]',
  '4399999999999999999999[1]',
  '421["room:join",{},{}]',
  `421["room:join",{},${nested(10_000)}]`,
  '42["__proto__",{}]',
  '42["constructor",{}]',
  '42["hasOwnProperty",{}]',
  '42["toString"]',
  '42["error",{}]',
  '42["disconnecting",{}]',
  '42["newListener",{}]',
  `42[${nested(10_000)}]`,
  `42["${'e'.repeat(60_000)}",{}]`,
  '451-["signal",{"_placeholder":true,"num":0}]',
  binary([1, 2, 3]),
  `451-["signal",${'{"a":'.repeat(5000)}{"_placeholder":true,"num":0}${'}'.repeat(5000)}]`,
  binary([4]),
  '452-["signal",{"_placeholder":true,"num":7}]',
  binary([1]),
  binary([2]),
  binary([4, 0x34, 0x32]),
  Buffer.from([1, 2, 3]),
  '4511-["signal",{}]',
  Buffer.from([0x34, 0x32, 0xff, 0xfe, 0xfd]), // invalid UTF-8 in a text frame
  '1',
  '5',
  '6',
  '9',
  '',
  '3',
];

describe('a fuzzed hub', () => {
  it('survives malformed packets to every client event, and answers each it can read', async () => {
    const peers = new Peers();
    await peers.connect();
    const codes = new Map<string, number>();
    let answered = 0;

    const attempt = async (
      from: 'desk' | 'citizen',
      event: string,
      payload: { name: string; json: string; expectInvalid?: boolean; oversize?: boolean },
    ): Promise<void> => {
      await peers.connect();
      const packet = `[${JSON.stringify(event)},${payload.json}]`;
      let socket = peers[from];
      let answer = await socket.ask(packet, 5000);
      const what = `${from} ${event} ${payload.name}`;
      if (answer === null && !payload.oversize && !socket.isOpen()) {
        // A crafted frame sent just before may have cost this connection: ask again on a new one.
        await peers.connect();
        socket = peers[from];
        answer = await socket.ask(packet, 5000);
      }
      if (payload.oversize) {
        expect(answer, what).toBeNull(); // the hub drops a connection that sends more than its packet limit
        await socket.closed;
        return;
      }
      expect(answer, what).not.toBeNull();
      const ack = answer?.[0] as Ack<unknown>;
      if (!ack.ok) {
        codes.set(ack.error.code, (codes.get(ack.error.code) ?? 0) + 1);
        expect(REFUSALS, `${what}: ${ack.error.message}`).toContain(ack.error.code);
        expect(ack.error.message.length, what).toBeLessThan(500);
      }
      if (payload.expectInvalid) expect(ack, what).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      answered++;
    };

    // Every event, every hostile payload, from both kinds of socket.
    for (const event of CLIENT_EVENTS) {
      for (const payload of hostilePayloads(event)) {
        for (const from of ['desk', 'citizen'] as const) await attempt(from, event, payload);
      }
    }
    // Then a seeded random walk over the same space, crafted frames mixed in.
    const random = seededRandom(SEED);
    for (let n = 0; n < RANDOM_EVENTS; n++) {
      if (random.next() < 0.2) {
        await peers.connect();
        sendFrame(peers[random.pick(['desk', 'citizen'] as const)], random.pick(CRAFTED_FRAMES));
        continue;
      }
      const event = random.pick(CLIENT_EVENTS);
      await attempt(random.pick(['desk', 'citizen'] as const), event, random.pick(hostilePayloads(event)));
    }
    // Every crafted frame once, in order, then give the hub a moment to fall over if it were going to.
    for (const frame of CRAFTED_FRAMES) {
      await peers.connect();
      sendFrame(peers.desk, frame);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));

    expectProcessAlive();
    expect(answered).toBeGreaterThan(CLIENT_EVENTS.length * 40);
    expect(codes.get('invalid_input')).toBeGreaterThan(CLIENT_EVENTS.length * 16);
    expect(codes.has('internal')).toBe(false);
  }, 45_000);

  it('answers hostile bodies, queries, headers and paths on every REST route with a 4xx', async () => {
    const credential = { authorization: `Bearer ${workstationToken}` };
    const posts = [
      '/enrol',
      '/changes',
      '/audit',
      '/dispatches',
      '/dispatches/status',
      '/dispatches/retry',
      '/auth/sign-in',
      '/auth/refresh',
      '/auth/sign-out',
    ];
    const bodies: Array<[string, string | Uint8Array<ArrayBuffer>]> = [
      ['deep array', nested(10_000)],
      ['deep object', `{"a":${nested(10_000, '{"a":', '}').replace(/\{"a":\}/, '{}')}}`],
      ['deep inside a field', `{"entry":{"details":{"x":${nested(10_000)}}},"change":${nested(10_000)}}`],
      ['a string just under the limit', JSON.stringify({ code: 'x'.repeat(16_000) })],
      ['just over the limit', JSON.stringify({ code: 'x'.repeat(16_400) })],
      ['__proto__', '{"__proto__":{"code":"ABCD-EFGH-JKLM","label":"x","isAdmin":true}}'],
      ['constructor.prototype', '{"constructor":{"prototype":{"polluted":true}}}'],
      ['prototype', '{"prototype":{},"entry":{"__proto__":null}}'],
      ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0x63, 0x6f, 0x64, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
      ['bad JSON', '{"code":'],
      ['not JSON', 'code=1&label=2'],
      ['empty', ''],
      ['BOM', '\ufeff{}'],
      ...['null', '0', '"x"', '[]', '{}', 'true', '1e400'].map((json): [string, string] => [`wrong type ${json}`, json]),
    ];
    for (const path of posts) {
      for (const [name, body] of bodies) {
        const res = await fetch(`${url}/api/v1${path}`, { method: 'POST', headers: { ...credential, 'content-type': 'application/json' }, body });
        expect(res.status, `${path} ${name}`).toBe(400);
        expect(((await res.json()) as { error: { code: string } }).error.code, `${path} ${name}`).toBe('invalid_input');
      }
      const wrongType = await fetch(`${url}/api/v1${path}`, { method: 'POST', headers: { ...credential, 'content-type': 'text/plain' }, body: '{}' });
      expect(wrongType.status, path).toBe(400);
      const announced = await rawRequest(
        `POST /api/v1${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${workstationToken}\r\nContent-Type: application/json\r\nContent-Length: 999999999999\r\n\r\n{}`,
      );
      expect(announced, path).toBe(400);
    }

    const gets = [
      '/api/v1/workstation',
      '/api/v1/appointments',
      '/api/v1/changes',
      '/api/v1/staff',
      '/api/v1/inbox',
      `/api/v1/inbox/documents/${UUID}/1`,
      '/health',
      '/join',
      '/join/assets/citizen.js',
    ];
    const queries = [
      '',
      '?date=__proto__',
      '?__proto__=x&date=2026-11-30',
      '?constructor=1&prototype=2',
      '?date=%ff%fe',
      '?date=%zz',
      '?since=-1',
      '?since=1e400',
      '?since=99999999999999999999',
      '?date=2026-11-30&date=2026-12-01',
      `?date=${'9'.repeat(8000)}`,
    ];
    const credentials = [workstationToken, joinToken, 'x'.repeat(10_000), '', 'Bearer', `${workstationToken}\u00ff`];
    for (const path of gets) {
      for (const query of queries) {
        for (const token of credentials) {
          const status = await rawRequest(
            `GET ${path}${query} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
            'latin1',
          );
          expect(status, `${path}${query}`).toBeGreaterThanOrEqual(200);
          expect(isAnswer(path, status), `${path}${query}: ${status}`).toBe(true);
        }
      }
      for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'HEAD']) {
        const status = await rawRequest(
          `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${workstationToken}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
        );
        expect(isAnswer(path, status), `${method} ${path}: ${status}`).toBe(true);
      }
    }
    for (const path of [
      `/api/v1/inbox/documents/${UUID}\\1`,
      '/api/v1/inbox/documents/%2e%2e/x',
      '/api/v1/x/../inbox',
      '/join/%5c..%5cpackage.json',
      '//evil.example/health',
      'http://evil.example/health',
      'http://[bad',
      '*',
      '/%00',
      '/health/%2E',
    ]) {
      const status = await rawRequest(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${joinToken}\r\nConnection: close\r\n\r\n`);
      expect([400, 404], path).toContain(status);
    }
    expectProcessAlive();
  }, 45_000);

  it('is alive at the end, and serves a well-formed client correctly', async () => {
    expectProcessAlive();
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({ ok: true });
    const workstation = await fetch(`${url}/api/v1/workstation`, { headers: { authorization: `Bearer ${workstationToken}` } });
    expect(((await workstation.json()) as { kep: { id: string } }).kep.id).toBe(KEP);

    const desk = await connectSocket(url, { kind: 'workstation', workstationToken, accessToken });
    const citizen = await connectSocket(url, { kind: 'participant', joinToken });
    open.push(desk, citizen);
    const ask = <T>(socket: HubSocket, event: string, payload: unknown): Promise<Ack<T>> =>
      new Promise((resolve) => (socket.emit as (e: string, p: unknown, a: (r: Ack<T>) => void) => void)(event, payload, resolve));
    const opened = await ask<JoinedRoom>(desk, 'room:open', { appointmentId });
    if (!opened.ok) throw new Error(opened.error.message);
    await expect
      .poll(async () => {
        const joined = await ask<JoinedRoom>(citizen, 'room:join', {});
        return joined.ok && joined.value.room.open && joined.value.room.participants.some((p) => p.role === 'citizen');
      })
      .toBe(true);
    const joined = await ask<JoinedRoom>(citizen, 'room:join', {});
    if (!joined.ok) throw new Error(joined.error.message);
    const arrives = nextEvent(citizen, 'signal');
    expect(
      await ask(desk, 'signal', { appointmentId, to: joined.value.self.id, connection: 'conn-final', data: { type: 'offer', sdp: 'v=0 after the fuzz' } }),
    ).toEqual({ ok: true, value: null });
    expect(await arrives).toEqual({ appointmentId, from: opened.value.self.id, connection: 'conn-final', data: { type: 'offer', sdp: 'v=0 after the fuzz' } });
  });
});

/** A 4xx or a success; the page under /join may say 503 when it is not built in this checkout. */
const isAnswer = (path: string, status: number): boolean => (status >= 200 && status < 500) || (path.startsWith('/join') && status === 503);

/** One request exactly as written; resolves with the status of the answer (0 if none came). */
function rawRequest(text: string, encoding: BufferEncoding = 'utf8'): Promise<number> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1', () => socket.write(Buffer.from(text, encoding)));
    let received = '';
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (status) {
        clearTimeout(timer);
        socket.destroy();
        resolve(Number(status[1]));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0));
    });
  });
}
