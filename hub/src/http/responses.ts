import type { ServerResponse } from 'node:http';
import type { ErrorCode, ErrorReason } from '../../../src-shared/errors';

export const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

export function sendText(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The HTTP status of each error code. `expired` is a session that needs renewing (401) on the
 * desks' API; the citizen's inbox overrides it with 410 for a document that is gone for good.
 */
const ERROR_STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_input: 400,
  unauthorized: 401,
  expired: 401,
  forbidden: 403,
  locked: 423,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

export function statusOf(code: ErrorCode, overrides: Partial<Record<ErrorCode, number>> = {}): number {
  return overrides[code] ?? ERROR_STATUS[code] ?? 500;
}

export function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string, reason?: ErrorReason): void {
  sendJson(res, status, { error: reason ? { code, message, reason } : { code, message } });
}
