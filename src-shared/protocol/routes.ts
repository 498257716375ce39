import * as z from 'zod';
import { auditRequestSchema, auditResponseSchema } from './audit';
import {
  bookingKepsQuerySchema,
  bookingKepsResponseSchema,
  bookingResponseSchema,
  catalogueSchema,
  citizenBookingRequestSchema,
  citizenIdentitySchema,
  deskBookingRequestSchema,
  manageCancelRequestSchema,
  manageMoveRequestSchema,
  manageResponseSchema,
  manageSlotsQuerySchema,
  slotsQuerySchema,
  slotsResponseSchema,
} from './booking';
import { changeFeedResponseSchema, changeRequestSchema, changeResponseSchema, staffResponseSchema } from './changes';
import type { Role } from '../domain/roles';
import { INBOX_PATH, UPDATES_PATH } from './constants';
import {
  dispatchRequestSchema,
  dispatchRetryRequestSchema,
  dispatchStatusRequestSchema,
  dispatchStatusResponseSchema,
  dispatchStatusSchema,
  dispatchUploadHeadSchema,
  inboxResponseSchema,
} from './dispatch';
import { fleetReportResponseSchema, fleetReportSchema, fleetResponseSchema } from './fleet';
import {
  appointmentsQuerySchema,
  appointmentsResponseSchema,
  enrolRequestSchema,
  enrolResponseSchema,
  refreshRequestSchema,
  rotateRequestSchema,
  sessionResponseSchema,
  signInRequestSchema,
  workstationResponseSchema,
} from './hub-api';
import { MAX_DISPATCH_BYTES } from './limits';
import { statsQuerySchema, statsResponseSchema } from './stats';
import { updatePolicyQuerySchema, updatePolicySchema } from './updates';

/**
 * The hub's REST API, declared once: the hub's router dispatches from this table and the desk's
 * client builds its requests from it, so a route's path, credential and shapes cannot drift
 * apart. PROTOCOL.md §3 describes each route for a person.
 *
 * `auth`: none (the enrolment code in the body is the credential), workstation (its bearer
 * credential; the route answers only for that workstation's KEP), link (the citizen's join
 * link as the bearer token, §5b.6), or citizen (the session cookie of a citizen signed in
 * through the OpenID provider, §12). `request` is the JSON body of a POST and the query of a GET
 * (its parameters as strings; one given twice counts by its last value). `response` is the
 * body of a 200; null for a route that answers with bytes rather than JSON (the feed's YAML, an
 * update file). A path segment `:name` stands for one segment of the request's path.
 */
export type RouteAuth = 'none' | 'workstation' | 'link' | 'citizen';

export interface RouteSpec {
  method: 'GET' | 'POST';
  /** Under API_PREFIX. */
  path: string;
  auth: RouteAuth;
  request: z.ZodType;
  response: z.ZodType | null;
  /** Counted against the per-address limit on guesses (a credential is being tried). */
  guessable?: true;
  /** The largest body, when larger than the usual 16 KB. */
  maxBodyBytes?: number;
  /**
   * The body is not one JSON value: `request` is its head, one line of JSON, and the handler reads
   * the bytes that follow it (a dispatch's documents, §5b.2a).
   */
  body?: 'head+bytes';
  /** The whole message for a query that fails `request`, when one fixed sentence says it best. */
  queryError?: string;
  /**
   * Also wants a signed-in session of this role (or one of these) at the same workstation: its
   * access token in the `X-Kep-Session` header (SESSION_HEADER). 401 for a token that is not
   * valid there, 403 for another role.
   */
  session?: Role | readonly Role[];
}

/** Nothing asked: a GET's query parameters are ignored. */
const noQuery = z.object({});

/** Decimal digits only, at most 15 (`0` for the whole history). */
const changeCursor = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number);

export const okSchema = z.object({ ok: z.literal(true) });

/** A dispatch carries its PDFs in base64 (4 characters per 3 bytes), with room for the rest of the JSON. */
export const MAX_DISPATCH_BODY_BYTES = Math.ceil(MAX_DISPATCH_BYTES / 3) * 4 + 64 * 1024;

export const ROUTES = {
  enrol: { method: 'POST', path: '/enrol', auth: 'none', guessable: true, request: enrolRequestSchema, response: enrolResponseSchema },
  workstation: { method: 'GET', path: '/workstation', auth: 'workstation', request: noQuery, response: workstationResponseSchema },
  appointments: { method: 'GET', path: '/appointments', auth: 'workstation', request: appointmentsQuerySchema, response: appointmentsResponseSchema },
  changeFeed: {
    method: 'GET',
    path: '/changes',
    auth: 'workstation',
    request: z.object({ since: changeCursor }),
    response: changeFeedResponseSchema,
    queryError: 'since must be a change cursor (a whole number ≥ 0).',
  },
  change: { method: 'POST', path: '/changes', auth: 'workstation', request: changeRequestSchema, response: changeResponseSchema },
  staff: { method: 'GET', path: '/staff', auth: 'workstation', request: noQuery, response: staffResponseSchema },
  audit: { method: 'POST', path: '/audit', auth: 'workstation', request: auditRequestSchema, response: auditResponseSchema },
  dispatch: {
    method: 'POST',
    path: '/dispatches',
    auth: 'workstation',
    request: dispatchRequestSchema,
    response: dispatchStatusSchema,
    maxBodyBytes: MAX_DISPATCH_BODY_BYTES,
  },
  /** The same dispatch with its documents as raw bytes after a JSON head: nothing is base64-encoded. */
  dispatchUpload: {
    method: 'POST',
    path: '/dispatches/upload',
    auth: 'workstation',
    request: dispatchUploadHeadSchema,
    response: dispatchStatusSchema,
    body: 'head+bytes',
  },
  dispatchStatus: {
    method: 'POST',
    path: '/dispatches/status',
    auth: 'workstation',
    request: dispatchStatusRequestSchema,
    response: dispatchStatusResponseSchema,
  },
  dispatchRetry: { method: 'POST', path: '/dispatches/retry', auth: 'workstation', request: dispatchRetryRequestSchema, response: dispatchStatusSchema },
  signIn: { method: 'POST', path: '/auth/sign-in', auth: 'workstation', guessable: true, request: signInRequestSchema, response: sessionResponseSchema },
  refresh: { method: 'POST', path: '/auth/refresh', auth: 'workstation', request: rotateRequestSchema, response: sessionResponseSchema },
  signOut: { method: 'POST', path: '/auth/sign-out', auth: 'workstation', request: refreshRequestSchema, response: okSchema },
  inbox: { method: 'GET', path: INBOX_PATH, auth: 'link', request: noQuery, response: inboxResponseSchema },
  updatePolicy: {
    method: 'GET',
    path: `${UPDATES_PATH}/policy`,
    auth: 'workstation',
    request: updatePolicyQuerySchema,
    response: updatePolicySchema,
    queryError: 'platform must be win or linux.',
  },
  /** electron-updater's feed (FEED_FILES), in YAML; 404 while nothing is offered to this workstation. */
  updateFeedWin: { method: 'GET', path: `${UPDATES_PATH}/latest.yml`, auth: 'workstation', request: noQuery, response: null },
  updateFeedLinux: { method: 'GET', path: `${UPDATES_PATH}/latest-linux.yml`, auth: 'workstation', request: noQuery, response: null },
  /** `updateFileUrl(releaseId, fileName)` relative to the feed: an update file of the workstation's own channel. */
  updateFile: { method: 'GET', path: `${UPDATES_PATH}/files/:releaseId/:fileName`, auth: 'workstation', request: noQuery, response: null },
  fleetReport: { method: 'POST', path: '/fleet/report', auth: 'workstation', request: fleetReportSchema, response: fleetReportResponseSchema },
  fleet: { method: 'GET', path: '/fleet', auth: 'workstation', session: 'it-admin', request: noQuery, response: fleetResponseSchema },
  stats: { method: 'GET', path: '/stats', auth: 'workstation', session: 'supervisor', request: statsQuerySchema, response: statsResponseSchema },
  catalogue: { method: 'GET', path: '/catalogue', auth: 'workstation', request: noQuery, response: catalogueSchema },
  deskSlots: {
    method: 'GET',
    path: '/bookings/slots',
    auth: 'workstation',
    request: slotsQuerySchema.omit({ kepId: true }),
    response: slotsResponseSchema,
  },
  deskBooking: {
    method: 'POST',
    path: '/bookings',
    auth: 'workstation',
    session: ['employee', 'supervisor'],
    request: deskBookingRequestSchema,
    response: bookingResponseSchema,
  },
  citizenMe: { method: 'GET', path: '/booking/me', auth: 'citizen', request: noQuery, response: citizenIdentitySchema },
  citizenKeps: { method: 'GET', path: '/booking/keps', auth: 'citizen', request: bookingKepsQuerySchema, response: bookingKepsResponseSchema },
  citizenCatalogue: { method: 'GET', path: '/booking/catalogue', auth: 'citizen', request: noQuery, response: catalogueSchema },
  citizenSlots: { method: 'GET', path: '/booking/slots', auth: 'citizen', request: slotsQuerySchema, response: slotsResponseSchema },
  citizenBooking: { method: 'POST', path: '/booking', auth: 'citizen', request: citizenBookingRequestSchema, response: bookingResponseSchema },
  manageBooking: { method: 'GET', path: '/booking/manage', auth: 'link', request: noQuery, response: manageResponseSchema },
  manageSlots: { method: 'GET', path: '/booking/manage/slots', auth: 'link', request: manageSlotsQuerySchema, response: slotsResponseSchema },
  manageCancel: { method: 'POST', path: '/booking/manage/cancel', auth: 'link', request: manageCancelRequestSchema, response: manageResponseSchema },
  manageMove: { method: 'POST', path: '/booking/manage/move', auth: 'link', request: manageMoveRequestSchema, response: manageResponseSchema },
  /** `inboxDocumentPath(dispatchId, index)`: the PDF itself. */
  inboxDocument: { method: 'GET', path: `${INBOX_PATH}/documents/:dispatchId/:index`, auth: 'link', request: noQuery, response: null },
} as const satisfies Record<string, RouteSpec>;

export type Routes = typeof ROUTES;
export type RouteName = keyof Routes;
/** Routes answered with JSON. */
export type JsonRouteName = { [K in RouteName]: Routes[K]['response'] extends z.ZodType ? K : never }[RouteName];
/** What a route takes on the wire (the client's side)... */
export type RouteRequest<K extends RouteName> = z.input<Routes[K]['request']>;
/** ...and what the hub's handler gets, parsed. */
export type ParsedRequest<K extends RouteName> = z.output<Routes[K]['request']>;
export type RouteResponse<K extends JsonRouteName> = z.output<Extract<Routes[K]['response'], z.ZodType>>;
