import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants, gzip } from 'node:zlib';
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

/** An answer already serialized (by SQLite, for a day of appointments): sent as these bytes. */
export class JsonBytes {
  constructor(readonly bytes: Buffer) {}

  /** `{"key":<value's JSON>,...}` from parts of which some are serialized already. */
  static object(fields: Record<string, unknown>): JsonBytes {
    const parts: Buffer[] = [];
    for (const [key, value] of Object.entries(fields)) {
      parts.push(Buffer.from(`${parts.length ? ',' : '{'}${JSON.stringify(key)}:`));
      parts.push(value instanceof JsonBytes ? value.bytes : Buffer.from(JSON.stringify(value)));
    }
    parts.push(Buffer.from(parts.length ? '}' : '{}'));
    return new JsonBytes(Buffer.concat(parts));
  }
}

/** Smaller answers go as they are: compressing them would save less than it costs. */
const GZIP_FROM_BYTES = 1024;

/**
 * Whether `accept-encoding` allows gzip: named (or `*`) without `q=0`. A client that does not
 * ask never gets it.
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const allowed = new Map<string, boolean>();
  for (const part of String(header ?? '').split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (coding) allowed.set(coding.trim(), q === undefined || Number(q.slice(2)) > 0);
  }
  return allowed.get('gzip') ?? allowed.get('x-gzip') ?? allowed.get('*') ?? false;
}

/**
 * A JSON answer gzip-compressed when the request allows it (a day of 2,000 appointments is
 * 1.1 MB of JSON, ~0.1 MB gzipped). The fastest level: on a LAN its time would outweigh what a
 * higher one saves. Compressed on libuv's thread pool, so other requests are not held up.
 */
export function sendJsonNegotiated(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const payload = body instanceof JsonBytes ? body.bytes : Buffer.from(JSON.stringify(body));
  const headers = { ...COMMON_HEADERS, 'content-type': 'application/json; charset=utf-8', vary: 'accept-encoding' };
  if (payload.length < GZIP_FROM_BYTES || !acceptsGzip(req.headers['accept-encoding'])) {
    res.writeHead(status, { ...headers, 'content-length': payload.length });
    return void res.end(payload);
  }
  gzip(payload, { level: constants.Z_BEST_SPEED }, (error, compressed) => {
    if (res.destroyed) return;
    if (error) {
      res.writeHead(status, { ...headers, 'content-length': payload.length });
      return void res.end(payload);
    }
    res.writeHead(status, { ...headers, 'content-encoding': 'gzip', 'content-length': compressed.length });
    res.end(compressed);
  });
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
