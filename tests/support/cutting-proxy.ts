import { createServer, request } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface CuttingProxy {
  url: string;
  /**
   * The next request to `path` is forwarded and answered by the hub, then `onAnswered` runs and
   * the client never gets the answer: the moment a crash between the hub's commit and the
   * client's own write would leave.
   */
  cutNext(path: string, onAnswered: () => Promise<void> | void): Promise<void>;
  /** Requests to `path` get the 404 a hub gives a path it does not know, as a hub from before that route would. */
  pretendMissing(path: string): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of a hub (WebSocket upgrades pass through untouched) that can
 * swallow one answer. Deterministic where a random kill would only sometimes hit the window.
 */
export async function startCuttingProxy(target: string): Promise<CuttingProxy> {
  const upstream = new URL(target);
  let cut: { path: string; onAnswered: () => Promise<void> | void; done: () => void } | null = null;
  const missing = new Set<string>();
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0] ?? '';
    if (missing.has(path)) {
      req.resume();
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: { code: 'not_found', message: `There is no endpoint ${path}.` } }));
      return;
    }
    const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const pending = cut;
        if (pending && path === pending.path) {
          cut = null;
          void Promise.resolve(pending.onAnswered()).finally(() => {
            res.destroy();
            pending.done();
          });
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(Buffer.concat(chunks));
      });
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req, socket: Socket, head: Buffer) => {
    const hub = connect(Number(upstream.port), upstream.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`), '', ''];
      hub.write(lines.join('\r\n'));
      if (head.length) hub.write(head);
      hub.pipe(socket).pipe(hub);
    });
    sockets.add(hub);
    hub.once('close', () => sockets.delete(hub));
    hub.on('error', () => socket.destroy());
    socket.on('error', () => hub.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cutNext: (path, onAnswered) =>
      new Promise<void>((done) => {
        cut = { path, onAnswered, done };
      }),
    pretendMissing: (path) => void missing.add(path),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
