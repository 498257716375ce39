import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../src-shared/errors';
import { createLogger } from '../../../src-shared/log';
import {
  API_PREFIX,
  type AppointmentsResponse,
  appointmentsQuerySchema,
  type EnrolResponse,
  enrolRequestSchema,
  refreshRequestSchema,
  rotateRequestSchema,
  signInRequestSchema,
  type WorkstationResponse,
} from '../../../src-shared/protocol/hub-api';
import { type ChangeFeedResponse, changeRequestSchema, type StaffResponse } from '../../../src-shared/protocol/changes';
import { redeemEnrolmentCode } from '../auth/enrolment';
import { applyChange } from '../changes/apply-change';
import { auditRequestSchema } from '../../../src-shared/protocol/audit';
import {
  dispatchRequestSchema,
  dispatchRetryRequestSchema,
  dispatchStatusRequestSchema,
  type DispatchStatusResponse,
} from '../../../src-shared/protocol/dispatch';
import { MAX_DISPATCH_BYTES } from '../../../src-shared/protocol/limits';
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


/** A dispatch carries its PDFs in base64 (4 characters per 3 bytes), with room for the rest of the JSON. */
export const MAX_DISPATCH_BODY_BYTES = Math.ceil(MAX_DISPATCH_BYTES / 3) * 4 + 64 * 1024;

type Handler = (req: IncomingMessage, url: URL, workstation: Workstation) => Promise<unknown> | unknown;

/**
 * The hub's HTTP API. A workstation's credential decides its KEP: no parameter lets one KEP ask
 * for another's data. Guessable endpoints (enrolment, sign-in) are rate-limited per address.
 */
export function createApiHandler(store: HubStore, limits: HubLimits, dispatches: DispatchService) {
  const guesses = new RateLimiter(limits.authAttemptsBurst, limits.authAttemptsPerMinute / 60);

  const authenticated: Record<string, Handler> = {
    'GET /workstation': (_req, _url, ws): WorkstationResponse => ({ kep: store.getKep(ws.kepId)!, workstationId: ws.id }),
    'GET /appointments': (_req, url, ws): AppointmentsResponse => {
      const query = appointmentsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) throw new AppError('invalid_input', `Invalid query: ${query.error.issues[0]?.message ?? 'date'}`);
      // The cursor is read first: a change racing this answer is pulled again, never missed.
      const cursor = store.latestChange();
      const appointments = store.listAppointments(ws.kepId, query.data.date);
      return {
        kepId: ws.kepId,
        date: query.data.date,
        serverTime: new Date().toISOString(),
        appointments,
        work: store.getWork(appointments.map((a) => a.id)),
        cursor,
      };
    },
    'GET /changes': (_req, url, ws): ChangeFeedResponse => {
      const raw = url.searchParams.get('since') ?? '';
      const since = Number(raw);
      if (!/^\d{1,15}$/.test(raw)) throw new AppError('invalid_input', 'since must be a change cursor (a whole number ≥ 0).');
      const cursor = store.latestChange();
      // A cursor from the future means this hub's store is not the one the app knew: start over.
      if (since > cursor) return { cursor, reset: true, appointments: [], work: [] };
      const ids = store.appointmentsChangedSince(ws.kepId, since);
      const appointments = ids.map((id) => store.getAppointment(id)).filter((a) => a !== null);
      return { cursor, reset: false, appointments, work: store.getWork(ids) };
    },
    'POST /changes': async (req, _url, ws) => applyChange(store, ws, await readJson(req, changeRequestSchema)),
    'GET /staff': (_req, _url, ws): StaffResponse => ({ staff: store.listStaff(ws.kepId) }),
    'POST /audit': async (req, _url, ws) => storeAuditEntry(store, ws, (await readJson(req, auditRequestSchema)).entry),
    'POST /dispatches': async (req, _url, ws) => dispatches.accept(ws, await readJson(req, dispatchRequestSchema, MAX_DISPATCH_BODY_BYTES)),
    'POST /dispatches/status': async (req, _url, ws): Promise<DispatchStatusResponse> => ({
      dispatches: dispatches.status(ws, (await readJson(req, dispatchStatusRequestSchema)).ids),
    }),
    'POST /dispatches/retry': async (req, _url, ws) => dispatches.retry(ws, (await readJson(req, dispatchRetryRequestSchema)).dispatchId),
    'POST /auth/sign-in': async (req, _url, ws) => {
      const { username, password, actorKey } = await readJson(req, signInRequestSchema);
      const user = await authenticate(store, ws, username, password);
      log.info('signed in', { user: user.id, workstation: ws.id });
      return issueSession(store, user, ws, { actorKey });
    },
    'POST /auth/refresh': async (req, _url, ws) => {
      const { refreshToken, nextRefreshToken } = await readJson(req, rotateRequestSchema);
      return refreshSession(store, refreshToken, ws, nextRefreshToken);
    },
    'POST /auth/sign-out': async (req, _url, ws) => {
      endSession(store, (await readJson(req, refreshRequestSchema)).refreshToken, ws);
      return { ok: true };
    },
  };

  const enrol = async (req: IncomingMessage): Promise<EnrolResponse> => {
    const { code, label } = await readJson(req, enrolRequestSchema);
    const { workstation, token, kep } = redeemEnrolmentCode(store, code, label);
    log.info('workstation enrolled', { workstation: workstation.id, kep: kep.id });
    return { workstationId: workstation.id, kep, workstationToken: token };
  };

  return (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    void (async () => {
      const route = `${req.method} ${url.pathname.slice(API_PREFIX.length)}`;
      try {
        if (route === 'POST /enrol' || route === 'POST /auth/sign-in') {
          if (!guesses.take(clientAddress(req.headers, req.socket.remoteAddress, limits.trustProxy))) throw new AppError('rate_limited', 'Too many attempts; wait a minute and try again.');
        }
        if (route === 'POST /enrol') return sendJson(res, 200, await enrol(req));
        const handler = authenticated[route];
        if (!handler) {
          const known = Object.keys(authenticated).some((r) => r.endsWith(` ${url.pathname.slice(API_PREFIX.length)}`));
          return known
            ? sendError(res, 405, 'invalid_input', `${req.method} is not allowed here.`)
            : sendError(res, 404, 'not_found', `There is no endpoint ${url.pathname}.`);
        }
        const workstation = authenticateWorkstation(store, req);
        if (!workstation) {
          log.warn('rejected request without a valid workstation credential', { path: url.pathname });
          return sendError(res, 401, 'unauthorized', 'A valid workstation credential is required.');
        }
        return sendJson(res, 200, await handler(req, url, workstation));
      } catch (error) {
        closeAfterAnswerIfUnread(req, res);
        if (error instanceof AppError && !res.headersSent) return sendError(res, statusOf(error.code), error.code, error.message);
        return answerUnexpected(res, log, `request failed: ${route}`, error);
      }
    })().catch((error: unknown) => answerUnexpected(res, log, 'answering a request failed', error));
  };
}
