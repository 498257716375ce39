import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../src-shared/errors';
import { createLogger } from '../../../src-shared/log';
import { API_PREFIX } from '../../../src-shared/protocol/constants';
import { type JsonRouteName, type ParsedRequest, type RouteResponse, ROUTES, type Routes, type RouteSpec } from '../../../src-shared/protocol/routes';
import { redeemEnrolmentCode } from '../auth/enrolment';
import { applyChange } from '../changes/apply-change';
import type { DispatchService } from '../dispatch/dispatch-service';
import { storeAuditEntry } from '../audit/store-audit-entry';
import { endSession, issueSession, refreshSession } from '../auth/sessions';
import { authenticate } from '../auth/users';
import { authenticateWorkstation } from '../auth/workstation-auth';
import type { HubLimits } from '../limits/limits';
import { clientAddress } from '../limits/client-address';
import { RateLimiter } from '../limits/rate-limiter';
import type { HubStore, Workstation } from '../store/hub-store';
import { answerUnexpected, closeAfterAnswerIfUnread } from './last-resort';
import { readJson } from './read-json';
import { sendError, sendJson, statusOf } from './responses';

const log = createLogger('hub-api');

/** The routes this handler answers; the citizen's link routes are inbox-api.ts's. */
type ApiRouteName = { [K in JsonRouteName]: Routes[K]['auth'] extends 'link' ? never : K }[JsonRouteName];
type Caller<K extends ApiRouteName> = Routes[K]['auth'] extends 'workstation' ? { workstation: Workstation } : Record<string, never>;

/** One handler per route of the table, given the parsed request; it must answer the route's response type. */
export type ApiHandlers = { [K in ApiRouteName]: (request: ParsedRequest<K>, caller: Caller<K>) => Promise<RouteResponse<K>> | RouteResponse<K> };

const API_ROUTES = (Object.keys(ROUTES) as (keyof Routes)[])
  .filter((name): name is ApiRouteName => ROUTES[name].auth !== 'link')
  .map((name) => [name, ROUTES[name] as RouteSpec] as const);

/** A GET's query, against its route's schema; a parameter given twice counts by its last value. */
function parseQuery(route: RouteSpec, url: URL): unknown {
  const query = route.request.safeParse(Object.fromEntries(url.searchParams));
  if (query.success) return query.data;
  throw new AppError('invalid_input', route.queryError ?? `Invalid query: ${query.error.issues[0]?.message ?? 'query'}`);
}

/**
 * The hub's HTTP API (routes.ts). A workstation's credential decides its KEP: no parameter lets
 * one KEP ask for another's data. Guessable endpoints (enrolment, sign-in) are rate-limited per address.
 */
export function createApiHandler(store: HubStore, limits: HubLimits, dispatches: DispatchService) {
  const guesses = new RateLimiter(limits.authAttemptsBurst, limits.authAttemptsPerMinute / 60);

  const handlers: ApiHandlers = {
    enrol: ({ code, label }) => {
      const { workstation, token, kep } = redeemEnrolmentCode(store, code, label);
      log.info('workstation enrolled', { workstation: workstation.id, kep: kep.id });
      return { workstationId: workstation.id, kep, workstationToken: token };
    },
    workstation: (_request, { workstation: ws }) => ({ kep: store.getKep(ws.kepId)!, workstationId: ws.id }),
    appointments: ({ date }, { workstation: ws }) => {
      // The cursor is read first: a change racing this answer is pulled again, never missed.
      const cursor = store.latestChange();
      const appointments = store.listAppointments(ws.kepId, date);
      return { kepId: ws.kepId, date, serverTime: new Date().toISOString(), appointments, work: store.getWork(appointments.map((a) => a.id)), cursor };
    },
    changeFeed: ({ since }, { workstation: ws }) => {
      const cursor = store.latestChange();
      // A cursor from the future means this hub's store is not the one the app knew: start over.
      if (since > cursor) return { cursor, reset: true, appointments: [], work: [] };
      const ids = store.appointmentsChangedSince(ws.kepId, since);
      const appointments = ids.map((id) => store.getAppointment(id)).filter((a) => a !== null);
      return { cursor, reset: false, appointments, work: store.getWork(ids) };
    },
    change: (request, { workstation: ws }) => applyChange(store, ws, request),
    staff: (_request, { workstation: ws }) => ({ staff: store.listStaff(ws.kepId) }),
    audit: ({ entry }, { workstation: ws }) => storeAuditEntry(store, ws, entry),
    dispatch: (request, { workstation: ws }) => dispatches.accept(ws, request),
    dispatchStatus: ({ ids }, { workstation: ws }) => ({ dispatches: dispatches.status(ws, ids) }),
    dispatchRetry: ({ dispatchId }, { workstation: ws }) => dispatches.retry(ws, dispatchId),
    signIn: async ({ username, password, actorKey }, { workstation: ws }) => {
      const user = await authenticate(store, ws, username, password);
      log.info('signed in', { user: user.id, workstation: ws.id });
      return issueSession(store, user, ws, { actorKey });
    },
    refresh: ({ refreshToken, nextRefreshToken }, { workstation: ws }) => refreshSession(store, refreshToken, ws, nextRefreshToken),
    signOut: ({ refreshToken }, { workstation: ws }) => {
      endSession(store, refreshToken, ws);
      return { ok: true };
    },
  };

  const answer = async (req: IncomingMessage, url: URL, name: ApiRouteName, route: RouteSpec, caller: object): Promise<unknown> => {
    const request = route.method === 'GET' ? parseQuery(route, url) : await readJson(req, route.request, route.maxBodyBytes);
    // The table ties each handler to its route's types; the lookup by name cannot say so to the compiler.
    return (handlers[name] as (request: unknown, caller: unknown) => unknown)(request, caller);
  };

  return (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    void (async () => {
      const path = url.pathname.slice(API_PREFIX.length);
      try {
        const found = API_ROUTES.find(([, route]) => route.method === req.method && route.path === path);
        if (!found) {
          // Enrolment has no credential to check: a wrong method there is as unknown as any path.
          const known = API_ROUTES.some(([, route]) => route.auth === 'workstation' && route.path === path);
          return known
            ? sendError(res, 405, 'invalid_input', `${req.method} is not allowed here.`)
            : sendError(res, 404, 'not_found', `There is no endpoint ${url.pathname}.`);
        }
        const [name, route] = found;
        if (route.guessable && !guesses.take(clientAddress(req.headers, req.socket.remoteAddress, limits.trustProxy))) {
          throw new AppError('rate_limited', 'Too many attempts; wait a minute and try again.');
        }
        if (route.auth !== 'workstation') return sendJson(res, 200, await answer(req, url, name, route, {}));
        const workstation = authenticateWorkstation(store, req);
        if (!workstation) {
          log.warn('rejected request without a valid workstation credential', { path: url.pathname });
          return sendError(res, 401, 'unauthorized', 'A valid workstation credential is required.');
        }
        return sendJson(res, 200, await answer(req, url, name, route, { workstation }));
      } catch (error) {
        closeAfterAnswerIfUnread(req, res);
        if (error instanceof AppError && !res.headersSent) return sendError(res, statusOf(error.code), error.code, error.message);
        return answerUnexpected(res, log, `request failed: ${req.method} ${path}`, error);
      }
    })().catch((error: unknown) => answerUnexpected(res, log, 'answering a request failed', error));
  };
}
