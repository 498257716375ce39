import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { HubApiClient } from '../../src-main/hub/hub-api-client';
import { answerText, HubAnswerUnreadableError, hubHttp, HubUnreachableError } from '../../src-main/hub/hub-http';

/**
 * The desk's HTTP to the hub against a real server on loopback that answers as a hub, a proxy in
 * front of one, or a failing network would: each case the transport must read or name correctly.
 */
let server: Server | null = null;
let connections = 0;

async function serve(handler: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void): Promise<string> {
  connections = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks), res));
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stop(): Promise<void> {
  const running = server;
  server = null;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
}
afterEach(stop);

/** Which request on its connection each one is (1 for a connection's first). */
function requestNumber(): (req: IncomingMessage) => number {
  const served = new WeakMap<object, number>();
  return (req) => {
    const count = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, count);
    return count;
  };
}

const json = { kepId: 'kep-1', words: 'Ραντεβού της ημέρας '.repeat(200) };

describe('hubHttp', () => {
  it('asks for gzip and inflates a gzip answer; takes a plain one as it is', async () => {
    const seen: Array<string | undefined> = [];
    const url = await serve((req, _body, res) => {
      seen.push(req.headers['accept-encoding']);
      const bytes = Buffer.from(JSON.stringify(json));
      if (req.url === '/gzip') res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(bytes));
      else res.writeHead(200).end(bytes);
    });
    for (const path of ['/gzip', '/plain']) {
      const answer = await hubHttp({ method: 'GET', url: new URL(path, url), headers: {}, timeoutMs: 5000 });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body.toString('utf8'))).toEqual(json);
    }
    expect(seen).toEqual(['gzip', 'gzip']);
  });

  it('sends the body parts in order with their length, on one kept-alive connection', async () => {
    const received: Array<{ length: string | undefined; body: string }> = [];
    const url = await serve((req, body, res) => {
      received.push({ length: req.headers['content-length'], body: body.toString('utf8') });
      res.writeHead(201).end('{}');
    });
    for (let i = 0; i < 3; i++) {
      const parts = [Buffer.from('{"head":1}\n'), new Uint8Array([0x25, 0x50, 0x44, 0x46]), Buffer.from(String(i))];
      const answer = await hubHttp({ method: 'POST', url: new URL('/upload', url), headers: {}, body: parts, timeoutMs: 5000 });
      expect(answer.status).toBe(201);
    }
    expect(received).toEqual([0, 1, 2].map((i) => ({ length: '16', body: `{"head":1}\n%PDF${i}` })));
    expect(connections).toBe(1);
  });

  it('opens a new connection once the server has closed an idle one', async () => {
    const url = await serve((_req, _body, res) => res.writeHead(200).end('{}'));
    (server as Server).keepAliveTimeout = 50;
    await hubHttp({ method: 'GET', url: new URL('/a', url), headers: {}, timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    // A POST, which is never asked twice: it succeeds only if the closed connection was not used.
    const answer = await hubHttp({ method: 'POST', url: new URL('/b', url), headers: {}, body: [Buffer.from('{}')], timeoutMs: 5000 });
    expect(answer.status).toBe(200);
    expect(connections).toBe(2);
  });

  it('asks again on a new connection when a kept-alive one was closed under a GET; not a POST', async () => {
    // The second request on any connection finds it closed, as when a proxy drops an idle
    // connection just as the desk sends on it.
    const nth = requestNumber();
    const url = await serve((req, _body, res) => {
      const count = nth(req);
      if (count > 1) return void req.socket.destroy();
      res.writeHead(200).end('{}');
    });
    await hubHttp({ method: 'GET', url: new URL('/a', url), headers: {}, timeoutMs: 5000 });
    const again = await hubHttp({ method: 'GET', url: new URL('/b', url), headers: {}, timeoutMs: 5000 });
    expect(again.status).toBe(200);
    expect(connections).toBe(2);
    // A POST may have been taken before the connection closed: the caller decides (its outbox retries).
    await hubHttp({ method: 'GET', url: new URL('/c', url), headers: {}, timeoutMs: 5000 });
    await expect(hubHttp({ method: 'POST', url: new URL('/d', url), headers: {}, body: [Buffer.from('{}')], timeoutMs: 5000 })).rejects.toBeInstanceOf(
      HubUnreachableError,
    );
  });

  it('gives a GET asked again only what is left of its deadline', async () => {
    // The second request on a connection is cut off after 700 ms; a new connection never answers.
    const nth = requestNumber();
    const url = await serve((req) => {
      const count = nth(req);
      if (count === 1 && req.url === '/first') return void req.socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}');
      if (count > 1) setTimeout(() => req.socket.destroy(), 700);
    });
    await hubHttp({ method: 'GET', url: new URL('/first', url), headers: {}, timeoutMs: 5000 });
    const started = Date.now();
    await expect(hubHttp({ method: 'GET', url: new URL('/second', url), headers: {}, timeoutMs: 1000 })).rejects.toThrow(/within 1000 ms/);
    // 700 ms on the first connection, then the rest of the 1000 on the second; not 1000 more.
    expect(Date.now() - started).toBeLessThan(1500);
    expect(connections).toBe(2);
  });

  it('does not ask a GET again once its answer had begun', async () => {
    const nth = requestNumber();
    const url = await serve((req, _body, res) => {
      const count = nth(req);
      if (count === 1) return void res.writeHead(200).end('{}');
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"appointments":[');
      setTimeout(() => req.socket.destroy(), 20);
    });
    await hubHttp({ method: 'GET', url: new URL('/a', url), headers: {}, timeoutMs: 5000 });
    await expect(hubHttp({ method: 'GET', url: new URL('/b', url), headers: {}, timeoutMs: 5000 })).rejects.toBeInstanceOf(HubUnreachableError);
    expect(connections).toBe(1);
  });

  it.each([
    ['sent plain', (res: ServerResponse) => res.writeHead(200).end(Buffer.alloc(5000, 0x20))],
    ['once inflated', (res: ServerResponse) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(5000, 0x20)))],
  ])('refuses an answer larger than its limit, %s', async (_how, answer) => {
    const url = await serve((_req, _body, res) => answer(res));
    const asked = hubHttp({ method: 'GET', url: new URL('/', url), headers: {}, timeoutMs: 5000, maxAnswerBytes: 4096 });
    await expect(asked).rejects.toBeInstanceOf(HubAnswerUnreadableError);
    const fits = await hubHttp({ method: 'GET', url: new URL('/', url), headers: {}, timeoutMs: 5000, maxAnswerBytes: 5000 });
    expect(fits.body.length).toBe(5000);
  });

  it.each([
    ['an encoding it does not read', (res: ServerResponse) => res.writeHead(200, { 'content-encoding': 'br' }).end(Buffer.from('{}'))],
    ['a broken gzip stream', (res: ServerResponse) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.from('{"a":1}')).subarray(0, 12))],
  ])('calls %s unreadable', async (_what, answer) => {
    const url = await serve((_req, _body, res) => answer(res));
    await expect(hubHttp({ method: 'GET', url: new URL('/', url), headers: {}, timeoutMs: 5000 })).rejects.toBeInstanceOf(HubAnswerUnreadableError);
  });

  it('calls an answer broken off midway, a silent server and a refused connection unreachable', async () => {
    const url = await serve((req, _body, res) => {
      if (req.url === '/cut') {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('{"appointments":[');
        setTimeout(() => res.destroy(), 20);
      }
      // '/silent' never answers.
    });
    await expect(hubHttp({ method: 'GET', url: new URL('/cut', url), headers: {}, timeoutMs: 5000 })).rejects.toBeInstanceOf(HubUnreachableError);
    const started = Date.now();
    await expect(hubHttp({ method: 'GET', url: new URL('/silent', url), headers: {}, timeoutMs: 200 })).rejects.toThrow(/within 200 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
    await stop();
    await expect(hubHttp({ method: 'GET', url: new URL('/', url), headers: {}, timeoutMs: 5000 })).rejects.toBeInstanceOf(HubUnreachableError);
  });
});

describe('answerText', () => {
  it('reads UTF-8 (Greek, characters beyond U+FFFF) and ASCII answers as the hub meant them', () => {
    const greek = JSON.stringify({ subject: 'Βεβαίωση μόνιμης κατοικίας 🏠', citizen: 'Ελένη Παπαδοπούλου', afm: '123456783' });
    expect(answerText(Buffer.from(greek))).toBe(greek);
    expect(answerText(Buffer.from('{"subject":"\\u0392 ok"}'))).toBe('{"subject":"\\u0392 ok"}');
    expect(answerText(Buffer.alloc(0))).toBe('');
  });

  it('reads bytes that are no UTF-8 as Node does: each bad sequence a U+FFFD, for the schema check to refuse', () => {
    for (const bytes of [
      [0x7b, 0xce, 0x92, 0xff, 0x7d], // an invalid byte
      [0x7b, 0xed, 0xa0, 0x80, 0x7d], // an encoded surrogate
      [0x7b, 0xce], // cut off in the middle of a character
      [0xc0, 0xaf], // an overlong encoding
    ]) {
      const buffer = Buffer.from(bytes);
      expect(answerText(buffer)).toBe(buffer.toString('utf8'));
    }
    expect(answerText(Buffer.from([0x7b, 0xce, 0x92, 0xff, 0x7d]))).toBe('{Β\ufffd}');
    expect(answerText(Buffer.from([0x7b, 0xce]))).toBe('{\ufffd');
  });
});

describe('HubApiClient over it', () => {
  it('names what went wrong as the desk shows it', async () => {
    const url = await serve((req, _body, res) => {
      if (req.url?.startsWith('/api/v1/workstation')) res.writeHead(200, { 'content-encoding': 'br' }).end('{}');
      else if (req.url?.startsWith('/api/v1/staff')) res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Service Unavailable</h1>');
      else if (req.url?.startsWith('/api/v1/catalogue')) res.writeHead(401).end();
      else if (req.url?.startsWith('/api/v1/updates/policy')) res.writeHead(401, { 'content-encoding': 'br' }).end('x');
      else if (req.url?.startsWith('/api/v1/enrol')) res.writeHead(301, { location: 'https://hub.example/api/v1/enrol' }).end();
      else res.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'conflict', message: 'Το ραντεβού άλλαξε.' } }));
    });
    const client = new HubApiClient({ baseUrl: url, token: 'workstation-token' });
    await expect(client.workstation()).rejects.toMatchObject({ code: 'hub_error', message: 'The hub sent data this version of the app cannot read.' });
    await expect(client.staff()).rejects.toMatchObject({ code: 'hub_error', message: 'The hub answered HTTP 503.' });
    await expect(client.catalogue()).rejects.toMatchObject({ code: 'unauthorized' });
    // A refusal in a coding the desk does not read is still a refusal.
    await expect(client.updatePolicy('linux')).rejects.toMatchObject({ code: 'unauthorized' });
    // An address that redirects (http to https, an old name): IT is told to enter the address it ends at.
    await expect(client.enrol('ABCD-EFGH-JKLM', 'Γκισέ 1')).rejects.toMatchObject({ code: 'hub_error', reason: 'hub.redirected' });
    await expect(client.changes(0)).rejects.toMatchObject({ code: 'conflict', message: 'Το ραντεβού άλλαξε.' });
    await expect(new HubApiClient({ baseUrl: 'http://127.0.0.1:1', token: null }).workstation()).rejects.toMatchObject({ code: 'hub_unreachable' });
  });
});
