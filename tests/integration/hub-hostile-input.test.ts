import { connect as tcpConnect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { startHub } from '../../hub/src/server';
import { HubStore } from '../../hub/src/store/hub-store';
import type { Ack } from '../../src-shared/protocol/signaling';
import { bookAppointment } from '../support/booking';
import { startProcess, type StartedProcess } from '../support/processes';
import { openRawSocket, type RawSocket } from '../support/raw-socket';
import { accessTokenFor } from '../support/sockets';
import { makeTempDir } from '../support/temp-dir';

/**
 * Issue 12: nothing a client sends may end the hub. The hub runs in a real child process, so a
 * crash shows as the process gone; each test ends by checking that it is alive and answers.
 */
const KEP = 'kep-athina-kentro';
let dir: ReturnType<typeof makeTempDir>;
let hub: StartedProcess;
let url: string;
let port: number;
let workstationToken: string;
let appointmentId: string;
let joinToken: string;
let accessToken: string;
const desk = (): string => JSON.stringify({ kind: 'workstation', workstationToken, accessToken });
const sockets: RawSocket[] = [];

beforeAll(async () => {
  dir = makeTempDir('kep-hostile-');
  const store = new HubStore(dir.path);
  store.upsertKep({ id: KEP, name: 'ΚΕΠ' });
  workstationToken = store.addWorkstation(KEP, 'desk').token;
  accessToken = await accessTokenFor(store, workstationToken);
  appointmentId = bookAppointment(store, KEP, 5).id; // category 3: interpreters may be invited
  joinToken = issueJoinToken(store, appointmentId, 'citizen').token;
  store.close();
  await startHubProcess();
}, 30_000);

async function startHubProcess(): Promise<void> {
  hub = await startProcess('hub/src/cli.ts', ['serve', '--data-dir', dir.path, '--port', '0']);
  url = String(hub.ready.url);
  port = Number(new URL(url).port);
}

// Each test stands on its own: a hub an earlier test brought down is started again first.
beforeEach(async () => {
  if (
    await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    )
  )
    return;
  await hub.stop('SIGKILL');
  await startHubProcess();
}, 30_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await hub?.stop();
  dir?.remove();
});

async function connectRaw(authJson: string, headers?: Record<string, string>): Promise<RawSocket> {
  const socket = await openRawSocket(url, authJson, headers);
  sockets.push(socket);
  return socket;
}

/** The hub process is still there and answers. */
async function expectAlive(): Promise<void> {
  // A crash may take a moment to show: give the event loop of the child a turn.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(hub.child.exitCode, hub.output()).toBeNull();
  expect(hub.child.signalCode).toBeNull();
  const health = await fetch(`${url}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ ok: true });
}

/** One request exactly as written (no client normalises its path), and the status line's code. */
function rawRequest(lines: string, ms = 3000): Promise<{ status: number; body: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1', () => socket.write(lines));
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${ms} ms to ${lines.split('\r\n')[0]}`));
    }, ms);
    const done = (closed: boolean): void => {
      clearTimeout(timer);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), body: text.slice(text.indexOf('\r\n\r\n') + 4), closed });
    };
    socket.on('data', (d: Buffer) => {
      text += d.toString();
      // One answer is all a test needs; the connection closing is reported when it happens.
      if (/\r\n\r\n/.test(text) && /content-length: (\d+)/i.test(text)) {
        const length = Number(/content-length: (\d+)/i.exec(text)?.[1]);
        if (Buffer.byteLength(text.slice(text.indexOf('\r\n\r\n') + 4)) >= length) setTimeout(() => done(socket.destroyed || socket.readableEnded), 50);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => done(true));
  });
}

const get = (path: string, token: string): Promise<number> =>
  new Promise((resolve, reject) => {
    // node:http sends the path as given: no URL parsing on the way out.
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });

const deep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('a hub under hostile input', () => {
  it('(1) takes event names that are not strings as unknown events, and lives', async () => {
    const socket = await connectRaw(desk());
    for (const frame of ['42[123,{}]', '42[1.5]', '4277[-1,{"a":1}]', '42[0]']) socket.send(frame);
    const client = io(url, { auth: { kind: 'participant', joinToken }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('connect_error', reject);
    });
    (client.emit as (event: unknown, payload: unknown) => void)(5, {});
    await expectAlive();
    // The socket was only charged a violation: it is still served.
    expect(await socket.ask('["kep:rooms",{}]')).toMatchObject([{ ok: true }]);
    client.close();
  });

  it('(2) refuses a signal nested 10,000 deep with invalid_input, and a handshake as deep', async () => {
    const socket = await connectRaw(desk());
    expect(await socket.ask(JSON.stringify(['room:open', { appointmentId }]))).toMatchObject([{ ok: true }]);
    const init = `{"streams":${deep(10_000)}}`;
    const signal = `["signal",{"appointmentId":"${appointmentId}","to":"abcdefgh12","connection":"conn-1","data":{"type":"transceiverRequest","transceiverRequest":{"kind":"audio","init":${init}}}}]`;
    const [answer] = (await socket.ask(signal)) ?? [];
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((answer as Extract<Ack<null>, { ok: false }>).error.message).toMatch(/nested deeper than 32 levels/);
    // A signal within the limit still goes through.
    expect(
      await socket.ask(
        JSON.stringify([
          'signal',
          {
            appointmentId,
            to: 'abcdefgh12',
            connection: 'conn-1',
            data: { type: 'transceiverRequest', transceiverRequest: { kind: 'audio', init: { streams: [[[]]] } } },
          },
        ]),
      ),
    ).toEqual([{ ok: true, value: null }]);
    await expect(openRawSocket(url, `{"kind":"participant","joinToken":"${joinToken}","x":{"y":${deep(10_000)}}}`)).rejects.toThrow('unauthorized');
    await expectAlive();
  });

  it('(3) answers 400, not 500, to REST bodies nested 8,000 deep, on every route that reads one', async () => {
    for (const path of [
      '/audit',
      '/changes',
      '/dispatches',
      '/dispatches/status',
      '/dispatches/retry',
      '/auth/sign-in',
      '/auth/refresh',
      '/auth/sign-out',
      '/enrol',
    ]) {
      const res = await fetch(`${url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${workstationToken}`, 'content-type': 'application/json' },
        // A valid audit entry but for its details: before the fix, storing them threw a RangeError (500).
        body: `{"entry":{"seq":1,"at":"2026-11-30T08:00:00.000Z","actorId":null,"workstationId":null,"kind":"test","appointmentId":null,"details":{"a":${deep(8000)}},"prevHash":"${'0'.repeat(64)}","hash":"${'a'.repeat(64)}"}}`,
      });
      expect(res.status, path).toBe(400);
      expect(await res.json(), path).toMatchObject({ error: { code: 'invalid_input', message: expect.stringMatching(/deeper than 32 levels/) } });
    }
    await expectAlive();
  });

  it('(4) answers a request whose target no URL parser takes, instead of throwing', async () => {
    const answer = await rawRequest('GET http://[bad HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(404);
    await expectAlive();
  });

  it('(5) refuses at once a body announced larger than the route allows, and closes the connection', async () => {
    const started = Date.now();
    const answer = await rawRequest(
      `POST /api/v1/audit HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${workstationToken}\r\nContent-Type: application/json\r\nContent-Length: 999999999999\r\n\r\n{}`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'invalid_input', message: 'The request body is larger than 16384 bytes.' } });
    expect(answer.closed).toBe(true);
    await expectAlive();
  });

  it('(6) routes on the raw path: backslashes and dot segments are refused, never mended', async () => {
    const citizen = joinToken;
    // Each of these reaches a real endpoint once WHATWG URL parsing has mended it.
    for (const [path, token] of [
      ['/api/v1\\workstation', workstationToken],
      ['/api/v1%5cworkstation', workstationToken],
      ['/join/../api/v1/workstation', workstationToken],
      ['/api/v1/x/%2e%2e/workstation', workstationToken],
      ['/api/v1/x/.%2E/workstation', workstationToken],
      ['/api/v1/./workstation', workstationToken],
      ['/api/v1\\inbox', citizen],
      ['/x/../health', citizen],
    ] as const) {
      expect(await get(path, token), path).toBe(404);
    }
    // The same endpoints, asked plainly, answer.
    expect(await get('/api/v1/workstation', workstationToken)).toBe(200);
    expect(await get('/api/v1/inbox', citizen)).toBe(200);
    await expectAlive();
  });

  it('(7) builds an interpreter link from the Host header only when it is a plain loopback address', async () => {
    const fooled = await connectRaw(desk(), { host: 'kep.gov.gr@evil.example' });
    const [refused] = (await fooled.ask(JSON.stringify(['interpreter:invite', { appointmentId }]))) ?? [];
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('set publicUrl') } });
    const local = await connectRaw(desk(), { host: `127.0.0.1:${port}` });
    const [invited] = (await local.ask(JSON.stringify(['interpreter:invite', { appointmentId }]))) ?? [];
    expect(invited).toMatchObject({ ok: true, value: { url: expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:${port}/join#`)) } });
    await expectAlive();
  });

  it('(7) will not start beyond loopback without an https publicUrl, nor with an http one for another host', async () => {
    const other = makeTempDir('kep-hostile-start-');
    try {
      // 192.0.2.1 (TEST-NET) is no address of this machine: a hub that did not refuse first fails to bind, with another message.
      await expect(startHub({ dataDir: other.path, host: '192.0.2.1', port: 0 })).rejects.toThrow(/set publicUrl in hub-config\.json to the https:\/\//);
      await expect(startHub({ dataDir: other.path, host: '192.0.2.1', port: 0, config: { publicUrl: 'http://kep.example' } })).rejects.toThrow(
        /publicUrl must be an https:\/\//,
      );
      const started = await startHub({ dataDir: other.path, port: 0, config: { publicUrl: 'http://kep.example' } }).then(
        async (running) => {
          await running.close();
          return 'started';
        },
        (error: Error) => error.message,
      );
      expect(started).toMatch(/publicUrl must be an https:\/\//);
    } finally {
      other.remove();
    }
  });
});
