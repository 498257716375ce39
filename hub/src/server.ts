import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_PREFIX } from '../../src-shared/protocol/hub-api';
import { createLogger } from '../../src-shared/log';
import { createApiHandler } from './http/api';
import { sendError, sendJson } from './http/responses';
import { attachSocketServer } from './realtime/socket-server';
import { HubStore } from './store/hub-store';

const log = createLogger('hub');

export interface HubOptions {
  dataDir: string;
  host?: string;
  port?: number;
}

export interface RunningHub {
  url: string;
  store: HubStore;
  close(): Promise<void>;
}

/** Starts the hub: HTTP API and Socket.IO on one port, loopback unless told otherwise. */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  const store = new HubStore(options.dataDir);
  const api = createApiHandler(store);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    if (url.pathname === '/health') return sendJson(res, 200, { ok: true });
    if (url.pathname.startsWith(`${API_PREFIX}/`)) return api(req, res, url);
    return sendError(res, 404, 'not_found', `There is nothing at ${url.pathname}.`);
  });
  const io = attachSocketServer(server, store);

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('listening', { url });

  let closing: Promise<void> | null = null;
  return {
    url,
    store,
    close() {
      closing ??= (async () => {
        server.closeAllConnections();
        await io.close(); // closes the HTTP server too
        store.close();
        log.info('stopped', { url });
      })();
      return closing;
    },
  };
}
