import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { createLogger } from '../../src-shared/log';
import { API_PREFIX } from '../../src-shared/protocol/hub-api';
import { DEFAULT_MAIL_RETRY, effectiveLimits, type HubConfig, loadHubConfig } from './config';
import { startDispatchService } from './dispatch/dispatch-service';
import { createApiHandler } from './http/api';
import { BookingMailer } from './booking-mail/booking-mailer';
import { issuerProblem } from './citizen-auth/oidc-client';
import { createSignInRoutes } from './citizen-auth/sign-in-routes';
import { createCitizenPageHandler } from './http/citizen-page';
import { createInboxHandler } from './http/inbox-api';
import { answerUnexpected } from './http/last-resort';
import { startupProblem } from './http/public-url';
import { parseRequestTarget } from './http/request-target';
import { sendError, sendJson } from './http/responses';
import { startChangeNotifier } from './realtime/change-notifier';
import { startDispatchPush } from './realtime/dispatch-push';
import { attachSocketServer } from './realtime/socket-server';
import { HubStore } from './store/hub-store';

const log = createLogger('hub');

/**
 * The whole of a request, headers and body, must arrive within this. The largest body, a
 * dispatch of ~21 MB in base64, still fits on a line of ~250 kbit/s; a body that stalls is cut
 * off sooner, by read-json's idle timeout.
 */
const REQUEST_TIMEOUT_MS = 15 * 60_000;
/** Headers are small: a client that takes longer is holding a connection, not sending a request. */
const HEADERS_TIMEOUT_MS = 20_000;

export interface HubOptions {
  dataDir: string;
  host?: string;
  port?: number;
  /** Overrides of <dataDir>/hub-config.json. */
  config?: Partial<HubConfig>;
  /** How often connected sockets' credentials are checked again; 30 s unless told. */
  revalidateMs?: number;
}

export interface RunningHub {
  url: string;
  store: HubStore;
  /** Sends the e-mails bookings owe their citizens; poke() after queueing one. */
  bookingMailer: BookingMailer;
  /** The Socket.IO server, for operations and tests (connected sockets, rooms). */
  io: ReturnType<typeof attachSocketServer>;
  close(): Promise<void>;
}

/**
 * Starts the hub: HTTP API and Socket.IO on one port, loopback unless told otherwise. With a
 * Redis URL, rooms and presence are shared with the other hub processes through the Redis
 * Streams adapter; without one, the hub stands alone and needs no Redis.
 */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  const config = { ...loadHubConfig(options.dataDir), ...options.config };
  const host = options.host ?? '127.0.0.1';
  // Checked before anything opens: a hub that would hand out links to the wrong place never starts.
  const problem = startupProblem(host, config.publicUrl) ?? (config.citizenSignIn ? issuerProblem(config.citizenSignIn.issuer) : null);
  if (problem) throw new Error(problem);
  const store = new HubStore(options.dataDir);
  const limits = effectiveLimits(config);
  // Mail left pending by an earlier run is picked up here, and expired documents are removed.
  const dispatches = startDispatchService(store, config);
  let url = '';
  const bookingMailer = new BookingMailer(store, {
    smtp: config.smtp,
    retry: config.mailRetry ?? DEFAULT_MAIL_RETRY,
    booking: config.booking,
    linkBase: () => config.publicUrl ?? url,
    serviceFor: (code) => store.catalogue.service(code),
  });
  const api = createApiHandler(store, limits, dispatches, config.updates, {
    settings: config.booking,
    publicUrl: config.publicUrl,
    listenHost: host,
    mailConfigured: Boolean(config.smtp),
    mailQueued: () => bookingMailer.poke(),
  });
  // The citizen's inbox is reached with their link, not a workstation credential.
  const inbox = createInboxHandler(store, limits);
  const citizenPage = createCitizenPageHandler();
  // Before the booking page: these three paths under /book are the sign-in's, not the page's.
  const signIn = createSignInRoutes({ store, signIn: config.citizenSignIn, publicUrl: config.publicUrl, listenHost: host });
  const route = (req: IncomingMessage, res: ServerResponse): void => {
    // Routes match the path as the client sent it, never one URL parsing mended (request-target.ts).
    const target = parseRequestTarget(req.url);
    if (!target.ok) return sendError(res, 404, 'not_found', target.message);
    const { url } = target;
    if (url.pathname === '/health') return sendJson(res, 200, { ok: true });
    if (url.pathname.startsWith(`${API_PREFIX}/`)) {
      if (inbox(req, res, url)) return;
      return api(req, res, url);
    }
    if (signIn(req, res, url)) return;
    if (citizenPage(req, res, url)) return;
    return sendError(res, 404, 'not_found', `There is nothing at ${url.pathname}.`);
  };
  const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS }, (req, res) => {
    try {
      route(req, res);
    } catch (error) {
      // The last line of defence: a request no handler expected costs that request only.
      answerUnexpected(res, log, 'request failed', error);
    }
  });

  // One listener function for every connection, not a closure and a `once` wrapper apiece: with
  // ten thousand sockets those cost some 180 bytes each for as long as they stay connected.
  const connections = new Set<Socket>();
  function forgetConnection(this: Socket): void {
    connections.delete(this);
  }
  server.on('connection', (connection: Socket) => {
    connections.add(connection);
    connection.on('close', forgetConnection);
  });

  let redis: ReturnType<typeof createClient> | null = null;
  if (config.redisUrl) {
    redis = createClient({ url: config.redisUrl });
    redis.on('error', (error: Error) => log.error('redis', { error: error.message }));
    await redis.connect();
  }
  const shutdown = { closing: false };
  const io = attachSocketServer(server, store, {
    shutdown,
    listenHost: host,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    ice: { servers: config.iceServers ?? [], ...(config.turn ? { turn: config.turn } : {}) },
    limits,
    ...(options.revalidateMs ? { revalidateMs: options.revalidateMs } : {}),
    ...(redis ? { adapter: createAdapter(redis) } : {}),
  });

  const stopNotifier = startChangeNotifier(io, store);
  const stopDispatchPush = startDispatchPush(io, dispatches);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('listening', { url, redis: Boolean(redis) });
  // Mail owed by bookings made while the hub was down goes now.
  bookingMailer.start();

  let closing: Promise<void> | null = null;
  return {
    url,
    store,
    bookingMailer,
    io,
    close() {
      closing ??= (async () => {
        shutdown.closing = true;
        stopNotifier();
        stopDispatchPush();
        // The connections are cut without a Socket.IO "disconnect" message, so clients see a lost
        // connection and come back on their own when the hub is up again (a restart, a deploy);
        // cutting them (WebSockets included) also keeps the shutdown from waiting on any client.
        for (const connection of connections) connection.destroy();
        await io.close(); // closes the HTTP server too
        // A mail being handed over is given a moment to finish, so its outcome is recorded.
        await dispatches.close();
        await bookingMailer.close();
        await redis?.quit().catch(() => undefined);
        store.close();
        log.info('stopped', { url });
      })();
      return closing;
    },
  };
}
