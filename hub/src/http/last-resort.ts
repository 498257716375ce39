import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../src-shared/log';
import { sendError } from './responses';

/**
 * An exception no handler expected: it costs this request, never the hub. The client gets a
 * 500 if nothing was sent yet; otherwise the half-sent answer is cut off.
 */
export function answerUnexpected(res: ServerResponse, log: Logger, what: string, error: unknown): void {
  log.error(what, { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  try {
    if (res.headersSent) res.destroy();
    else sendError(res, 500, 'internal', 'The hub could not complete the request.');
  } catch {
    res.destroy();
  }
}

/**
 * An error answered before the request's body was read: the connection is closed after the
 * answer, so the hub never waits on (or reads into the next request) a body it does not want.
 */
export function closeAfterAnswerIfUnread(req: IncomingMessage, res: ServerResponse): void {
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (hasBody && !req.complete && !res.headersSent) res.setHeader('connection', 'close');
}
