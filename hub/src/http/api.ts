import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../src-shared/errors';
import { createLogger } from '../../../src-shared/log';
import type { Role } from '../../../src-shared/domain/roles';
import { API_PREFIX, SESSION_HEADER } from '../../../src-shared/protocol/constants';
import {
  type JsonRouteName,
  type ParsedRequest,
  type RouteName,
  type RouteResponse,
  ROUTES,
  type Routes,
  type RouteSpec,
} from '../../../src-shared/protocol/routes';
import { redeemEnrolmentCode } from '../auth/enrolment';
import { applyChange } from '../changes/apply-change';
import type { UpdateSettings } from '../config';
import { book } from '../booking/book';
import { type BookingContext, bookingAnswer, publicBase } from '../booking/booking-answer';
import { searchKeps } from '../booking/kep-search';
import { cancelBooking, manageView, moveBooking } from '../booking/manage';
import { searchSlots } from '../booking/slot-search';
import type { JoinGrant } from '../auth/join-links';
import { citizenFromRequest } from '../citizen-auth/citizen-session';
import type { CitizenIdentity } from '../../../src-shared/protocol/booking';
import type { DispatchService } from '../dispatch/dispatch-service';
import { recordFleetReport } from '../fleet/fleet-report';
import { computeStats } from '../stats/compute-stats';
import { fleetOf } from '../fleet/fleet-view';
import { storeAuditEntry } from '../audit/store-audit-entry';
import { type AccessClaims, endSession, issueSession, refreshSession, verifyAccessToken } from '../auth/sessions';
import { authenticate } from '../auth/users';
import { authenticateWorkstation } from '../auth/workstation-auth';
import type { HubLimits } from '../limits/limits';
import { clientAddress } from '../limits/client-address';
import { RateLimiter } from '../limits/rate-limiter';
import type { HubStore, Workstation } from '../store/hub-store';
import { feedYaml } from '../updates/feed-yaml';
import { offerFor } from '../updates/offer';
import { updatePolicy } from '../updates/update-policy';
import type { UpdatePlatform } from '../../../src-shared/protocol/updates';
import { linkGrant } from './inbox-api';
import { answerUnexpected, closeAfterAnswerIfUnread } from './last-resort';
import { uploadDispatch } from './dispatch-upload';
import { readJson } from './read-json';
import { UploadTooLarge } from './read-upload';
import { DayAnswers } from './day-answers';
import { type JsonBytes, sendError, sendJson, sendJsonNegotiated, sendText, statusOf } from './responses';
import { matchRoutePath } from './route-path';
import { sendUpdateFile } from './update-files';

const log = createLogger('hub-api');

/** The inbox's routes, answered by inbox-api.ts; this handler answers the rest. */
const INBOX_ROUTES = ['inbox', 'inboxDocument'] as const;
/** Routes whose handler reads the body itself (routes.ts `body`), answered by their own modules. */
type UploadRouteName = 'dispatchUpload';
type ApiRouteName = Exclude<JsonRouteName, (typeof INBOX_ROUTES)[number] | UploadRouteName>;
/** Workstation routes answered with bytes (the update feed and its files). */
type ByteRouteName = { [K in RouteName]: Routes[K]['response'] extends null ? (Routes[K]['auth'] extends 'workstation' ? K : never) : never }[RouteName];
type Caller<K extends RouteName> = Routes[K]['auth'] extends 'workstation'
  ? Routes[K] extends { session: Role | readonly Role[] }
    ? { workstation: Workstation; session: AccessClaims }
    : { workstation: Workstation }
  : Routes[K]['auth'] extends 'citizen'
    ? { citizen: CitizenIdentity }
    : Routes[K]['auth'] extends 'link'
      ? { grant: JoinGrant }
      : Record<string, never>;

/** One handler per route of the table, given the parsed request; it must answer the route's response type. */
export type ApiHandlers = {
  [K in ApiRouteName]: (request: ParsedRequest<K>, caller: Caller<K>, req: IncomingMessage) => Promise<Answer<K>> | Answer<K>;
};
/** A day's answer is serialized by SQLite and kept (DayAnswers); tests hold it to the route's response schema. */
type Answer<K extends ApiRouteName> = K extends 'appointments' ? JsonBytes : RouteResponse<K>;
/** A bytes route writes its own answer; `params` are its path's `:name` segments. */
type ByteHandlers = {
  [K in ByteRouteName]: (request: ParsedRequest<K>, caller: Caller<K>, params: Record<string, string>, res: ServerResponse) => Promise<void> | void;
};

const API_ROUTES = (Object.keys(ROUTES) as RouteName[])
  .filter((name): name is ApiRouteName | ByteRouteName | UploadRouteName => !(INBOX_ROUTES as readonly RouteName[]).includes(name))
  .map((name) => [name, ROUTES[name] as RouteSpec] as const);

/** Routes whose answers grow with the day: compressed when the desk asks for it (PROTOCOL.md §3). */
const COMPRESSED_ROUTES: ReadonlySet<RouteName> = new Set(['appointments', 'changeFeed']);

/** A desk reports every few minutes and when its update state changes; more than this is a desk gone wrong. */
const FLEET_REPORTS_BURST = 12;
const FLEET_REPORTS_PER_MINUTE = 3;

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
export function createApiHandler(store: HubStore, limits: HubLimits, dispatches: DispatchService, updates: UpdateSettings, booking: BookingContext) {
  const guesses = new RateLimiter(limits.authAttemptsBurst, limits.authAttemptsPerMinute / 60);
  // A citizen's link is limited like their inbox: per link, and per address while it is not valid.
  const perLink = new RateLimiter(limits.inboxRequestsBurst, limits.inboxRequestsPerMinute / 60);
  const linkGuesses = new RateLimiter(limits.inboxRequestsBurst, limits.inboxRequestsPerMinute / 60);
  const fleetReports = new RateLimiter(FLEET_REPORTS_BURST, FLEET_REPORTS_PER_MINUTE / 60);
  const dayAnswers = new DayAnswers(store);

  const handlers: ApiHandlers = {
    enrol: ({ code, label }) => {
      const { workstation, token, kep } = redeemEnrolmentCode(store, code, label);
      log.info('workstation enrolled', { workstation: workstation.id, kep: kep.id });
      return { workstationId: workstation.id, kep, workstationToken: token };
    },
    workstation: (_request, { workstation: ws }) => ({ kep: store.getKep(ws.kepId)!, workstationId: ws.id }),
    appointments: ({ date }, { workstation: ws }) => dayAnswers.answer(ws.kepId, date),
    changeFeed: ({ since }, { workstation: ws }) => {
      const cursor = store.latestChange();
      // A cursor from the future means this hub's store is not the one the app knew: start over.
      if (since > cursor) return { cursor, reset: true, appointments: [], work: [] };
      const ids = store.appointmentsChangedSince(ws.kepId, since);
      const appointments = ids.map((id) => store.getAppointment(id)).filter((a) => a !== null);
      return { cursor, reset: false, appointments, work: store.getWork(ids) };
    },
    change: (request, { workstation: ws }) => {
      const answer = applyChange(store, ws, request, booking.settings);
      if (answer.applied && !answer.duplicate) booking.mailQueued();
      return answer;
    },
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
    updatePolicy: ({ platform }, { workstation: ws }) => updatePolicy(store, ws, platform, updates),
    fleetReport: (report, { workstation: ws }) => {
      if (!fleetReports.take(ws.id)) throw new AppError('rate_limited', 'Too many fleet reports from this workstation; send one every few minutes.');
      return recordFleetReport(store, ws, report);
    },
    fleet: (_request, { workstation: ws }) => fleetOf(store, ws.kepId),
    // The workstation's KEP, never a parameter: a supervisor sees their own KEP's figures only.
    stats: (query, { workstation: ws }) => computeStats(store, ws.kepId, query),
    // Withdrawn services too: the desk still names the service of an older appointment.
    catalogue: () => store.catalogue.get(),
    deskSlots: (query, { workstation: ws }) => searchSlots(store, ws.kepId, query, booking.settings.leadMinutes),
    deskBooking: ({ citizen, ...details }, { workstation: ws, session }, req) => {
      const base = publicBase(booking, req.headers.host);
      const employeeName = store.users.findActive(session.sub)?.display_name ?? null;
      const appointment = book(store, booking.settings, { kepId: ws.kepId, details, citizen, bookedBy: { via: 'desk', employeeName } });
      log.info('booked at a desk', { appointment: appointment.id, kep: ws.kepId, user: session.sub });
      booking.mailQueued();
      return bookingAnswer(store, booking, appointment, base);
    },
    citizenMe: (_request, { citizen }) => citizen,
    citizenKeps: ({ q }) => ({ keps: searchKeps(store.keps.bookable(), q) }),
    citizenCatalogue: () => {
      const catalogue = store.catalogue.get();
      return { ...catalogue, services: catalogue.services.filter((s) => s.active) };
    },
    citizenSlots: ({ kepId, ...query }) => {
      if (!kepId) throw new AppError('invalid_input', 'Choose a KEP first (kepId).');
      return searchSlots(store, kepId, query, booking.settings.leadMinutes);
    },
    citizenBooking: ({ kepId, ...details }, { citizen }, req) => {
      const base = publicBase(booking, req.headers.host);
      const appointment = book(store, booking.settings, { kepId, details, citizen, bookedBy: { via: 'online', employeeName: null } });
      log.info('booked online', { appointment: appointment.id, kep: kepId });
      booking.mailQueued();
      return bookingAnswer(store, booking, appointment, base);
    },
    manageBooking: (_request, { grant }) => manageView(store, booking.settings, grant.appointmentId),
    manageSlots: (query, { grant }) => searchSlots(store, grant.kepId, query, booking.settings.leadMinutes),
    manageCancel: ({ reason }, { grant }) => {
      log.info('cancelled from the link', { appointment: grant.appointmentId });
      const answer = cancelBooking(store, booking.settings, grant.appointmentId, reason);
      booking.mailQueued();
      return answer;
    },
    manageMove: ({ startsAt }, { grant }) => {
      log.info('moved from the link', { appointment: grant.appointmentId });
      const answer = moveBooking(store, booking.settings, grant.appointmentId, startsAt);
      booking.mailQueued();
      return answer;
    },
  };

  const feed =
    (platform: UpdatePlatform) =>
    (_request: unknown, { workstation: ws }: { workstation: Workstation }, _params: unknown, res: ServerResponse): void => {
      const offer = offerFor(store, ws.kepId, ws.id, platform);
      if (!offer) throw new AppError('not_found', 'No update is offered to this workstation now.');
      sendText(res, 200, 'text/yaml; charset=utf-8', feedYaml(offer));
    };
  const byteHandlers: ByteHandlers = {
    updateFeedWin: feed('win'),
    updateFeedLinux: feed('linux'),
    updateFile: (_request, { workstation: ws }, params, res) => sendUpdateFile(store, ws, params.releaseId ?? '', params.fileName ?? '', res),
  };

  const answer = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    name: ApiRouteName | ByteRouteName | UploadRouteName,
    route: RouteSpec,
    caller: object,
    params: Record<string, string>,
  ): Promise<void> => {
    if (route.body === 'head+bytes') return sendJson(res, 200, await uploadDispatch(dispatches, req, (caller as { workstation: Workstation }).workstation));
    const request = route.method === 'GET' ? parseQuery(route, url) : await readJson(req, route.request, route.maxBodyBytes);
    // The table ties each handler to its route's types; the lookup by name cannot say so to the compiler.
    if (name in byteHandlers) {
      const write = byteHandlers[name as ByteRouteName] as (request: unknown, caller: unknown, params: Record<string, string>, res: ServerResponse) => unknown;
      return void (await write(request, caller, params, res));
    }
    const body = await (handlers[name as ApiRouteName] as (request: unknown, caller: unknown, req: IncomingMessage) => unknown)(request, caller, req);
    if (COMPRESSED_ROUTES.has(name)) return sendJsonNegotiated(req, res, 200, body);
    sendJson(res, 200, body);
  };

  /** The signed-in session a route asks for, at this workstation and with its role. */
  const sessionFor = (req: IncomingMessage, workstation: Workstation, role: Role | readonly Role[]): AccessClaims => {
    const header = req.headers[SESSION_HEADER];
    const claims = typeof header === 'string' ? verifyAccessToken(store, header, workstation) : null;
    if (!claims) throw new AppError('unauthorized', 'Sign in again: this needs the access token of a session at this workstation (X-Kep-Session).');
    const roles: readonly Role[] = typeof role === 'string' ? [role] : role;
    if (!roles.includes(claims.role)) throw new AppError('forbidden', `Only ${roles.join(' or ')} staff may ${req.method === 'GET' ? 'see' : 'do'} this.`);
    return claims;
  };

  /** The citizen's link as the bearer, checked like the inbox's: a cancelled booking's link still reads it. */
  const linkCaller = (req: IncomingMessage): { grant: JoinGrant } => {
    let grant: JoinGrant;
    try {
      grant = linkGrant(store, req, 'manage your booking');
    } catch (error) {
      throw linkGuesses.take(clientAddress(req.headers, req.socket.remoteAddress, limits.trustProxy))
        ? error
        : new AppError('rate_limited', 'Too many requests; wait a minute and try again.');
    }
    if (!perLink.take(grant.linkId)) throw new AppError('rate_limited', 'Too many requests; wait a minute and try again.');
    return { grant };
  };

  const citizenCaller = (req: IncomingMessage): { citizen: CitizenIdentity } => {
    const citizen = citizenFromRequest(store, req);
    if (!citizen) throw new AppError('unauthorized', 'Sign in to book.');
    return { citizen };
  };

  return (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    void (async () => {
      const path = url.pathname.slice(API_PREFIX.length);
      try {
        const found = API_ROUTES.map(([name, route]) => ({ name, route, params: route.method === req.method ? matchRoutePath(route.path, path) : null })).find(
          (candidate) => candidate.params !== null,
        );
        if (!found?.params) {
          // Enrolment has no credential to check: a wrong method there is as unknown as any path.
          const known = API_ROUTES.some(([, route]) => route.auth !== 'none' && matchRoutePath(route.path, path) !== null);
          return known
            ? sendError(res, 405, 'invalid_input', `${req.method} is not allowed here.`)
            : sendError(res, 404, 'not_found', `There is no endpoint ${url.pathname}.`);
        }
        const { name, route, params } = found;
        if (route.guessable && !guesses.take(clientAddress(req.headers, req.socket.remoteAddress, limits.trustProxy))) {
          throw new AppError('rate_limited', 'Too many attempts; wait a minute and try again.');
        }
        if (route.auth === 'citizen') return await answer(req, res, url, name, route, citizenCaller(req), params);
        if (route.auth === 'link') return await answer(req, res, url, name, route, linkCaller(req), params);
        if (route.auth !== 'workstation') return await answer(req, res, url, name, route, {}, params);
        const workstation = authenticateWorkstation(store, req);
        if (!workstation) {
          log.warn('rejected request without a valid workstation credential', { path: url.pathname });
          return sendError(res, 401, 'unauthorized', 'A valid workstation credential is required.');
        }
        const caller = route.session ? { workstation, session: sessionFor(req, workstation, route.session) } : { workstation };
        return await answer(req, res, url, name, route, caller, params);
      } catch (error) {
        closeAfterAnswerIfUnread(req, res);
        if (error instanceof AppError && !res.headersSent)
          return sendError(res, error instanceof UploadTooLarge ? 413 : statusOf(error.code), error.code, error.message, error.reason);
        return answerUnexpected(res, log, `request failed: ${req.method} ${path}`, error);
      }
    })().catch((error: unknown) => answerUnexpected(res, log, 'answering a request failed', error));
  };
}
