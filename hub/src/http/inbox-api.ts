import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, type ErrorCode } from '../../../src-shared/errors';
import { createLogger } from '../../../src-shared/log';
import { API_PREFIX, INBOX_PATH } from '../../../src-shared/protocol/constants';
import { type RouteResponse, ROUTES } from '../../../src-shared/protocol/routes';
import { type InboxRefusal, verifyInboxToken } from '../auth/join-links';
import { listInbox, takeInboxDocument } from '../dispatch/inbox';
import { clientAddress } from '../limits/client-address';
import type { HubLimits } from '../limits/limits';
import { RateLimiter } from '../limits/rate-limiter';
import type { HubStore } from '../store/hub-store';
import { attachmentDisposition } from './content-disposition';
import { answerUnexpected, closeAfterAnswerIfUnread } from './last-resort';
import { sendError, sendJson, statusOf } from './responses';

const log = createLogger('hub-inbox');

const REFUSALS: Record<InboxRefusal, [ErrorCode, string]> = {
  invalid: ['unauthorized', 'This link is not valid; open the link your KEP sent you.'],
  expired: ['unauthorized', 'This link has expired; ask your KEP to send the document again.'],
  revoked: ['unauthorized', 'This link was withdrawn; ask your KEP for a new one.'],
  not_citizen: ['forbidden', 'An interpreter’s link has no document inbox.'],
};

const DOCUMENT_PATH = new RegExp(`^${INBOX_PATH}/documents/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/(\\d{1,2})$`, 'i');

/**
 * The citizen's document inbox (the `link` routes of routes.ts: GET /api/v1/inbox and its documents). It is not a workstation
 * endpoint: the citizen's join link, sent as a bearer token, is the credential. Requests are
 * limited per link, and those without a valid link per address, like sign-in.
 * Returns false for paths outside the inbox.
 */
export function createInboxHandler(store: HubStore, limits: HubLimits) {
  // Per link, not per address: many citizens share one address behind a mobile carrier's NAT.
  // Requests without a valid link are limited per address, as guesses.
  const perLink = new RateLimiter(limits.inboxRequestsBurst, limits.inboxRequestsPerMinute / 60);
  const guesses = new RateLimiter(limits.inboxRequestsBurst, limits.inboxRequestsPerMinute / 60);
  const tooMany = (): AppError => new AppError('rate_limited', 'Too many requests; wait a minute and try again.');

  const serve = (req: IncomingMessage, res: ServerResponse, url: URL, path: string): void => {
    const address = clientAddress(req.headers, req.socket.remoteAddress, limits.trustProxy);
    const document = DOCUMENT_PATH.exec(path);
    if (path !== ROUTES.inbox.path && !document) throw new AppError('not_found', `There is no endpoint ${url.pathname}.`);
    // Both inbox routes (routes.ts) are GETs.
    if (req.method !== (document ? ROUTES.inboxDocument : ROUTES.inbox).method)
      return sendError(res, 405, 'invalid_input', `${req.method} is not allowed here.`);
    let grant: ReturnType<typeof linkGrant>;
    try {
      grant = linkGrant(store, req);
    } catch (error) {
      throw guesses.take(address) ? error : tooMany();
    }
    if (!perLink.take(grant.linkId)) throw tooMany();
    if (!document) {
      const answer: RouteResponse<'inbox'> = listInbox(store, grant.appointmentId, grant.kepId);
      return sendJson(res, 200, answer);
    }
    const dispatchId = (document[1] ?? '').toLowerCase();
    const index = Number(document[2]);
    const file = takeInboxDocument(store, grant.appointmentId, dispatchId, index, address);
    log.info('inbox document downloaded', { dispatch: dispatchId, index });
    res.writeHead(200, {
      'content-type': 'application/pdf',
      'content-length': file.data.length,
      'content-disposition': attachmentDisposition(file.name),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(file.data);
  };

  return (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    const path = url.pathname.slice(API_PREFIX.length);
    if (!url.pathname.startsWith(API_PREFIX) || (path !== INBOX_PATH && !path.startsWith(`${INBOX_PATH}/`))) return false;
    try {
      serve(req, res, url, path);
    } catch (error) {
      // The inbox reads no body: whatever a client sent with its request is not waited for.
      closeAfterAnswerIfUnread(req, res);
      if (error instanceof AppError && !res.headersSent) sendError(res, statusOf(error.code, { expired: 410 }), error.code, error.message);
      else answerUnexpected(res, log, `inbox request failed: ${url.pathname}`, error);
    }
    return true;
  };
}

/**
 * The grant of the citizen's link sent as a bearer token: for the inbox and for managing the
 * booking (api.ts), both of which outlive the call and a cancellation.
 */
export function linkGrant(store: HubStore, req: IncomingMessage, opens = 'open the inbox') {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{16,2048})$/.exec(req.headers.authorization ?? '');
  if (!match?.[1]) throw new AppError('unauthorized', `Your link is needed to ${opens} (Authorization: Bearer <the token of your link>).`);
  const verdict = verifyInboxToken(store, match[1]);
  if (!verdict.ok) throw new AppError(...REFUSALS[verdict.reason]);
  return verdict.grant;
}
