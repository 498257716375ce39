import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzip } from 'node:zlib';
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

/**
 * An answer already serialized (by SQLite, for a day of appointments): sent as these bytes, or as
 * `gzipped` when given and the client takes gzip. The bytes may be made only when asked for: a
 * kept day is kept gzipped, and only a client refusing gzip needs it whole.
 */
export class JsonBytes {
  private made: Buffer | null = null;

  constructor(
    private readonly source: Buffer | (() => Buffer),
    readonly gzipped: Buffer | null = null,
  ) {}

  get bytes(): Buffer {
    return Buffer.isBuffer(this.source) ? this.source : (this.made ??= this.source());
  }

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

/**
 * zlib's level 2, not 1 (Z_BEST_SPEED): measured on a day of 2,000 appointments (1.1 MB), level
 * 1 took 3.8 ms to compress, 8.3 ms to decompress and made 130 KB; level 2 took 2.9 ms, 1.5 ms and
 * 126 KB. Level 1's matcher leaves a stream that is slow to undo, and the desk undoes it at every sync.
 */
export const GZIP_LEVEL = 2;

/** Smaller answers go as they are: compressing them would save less than it costs. */
export const GZIP_FROM_BYTES = 1024;

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
 * 1.1 MB of JSON, ~0.1 MB gzipped). A fast level: on a LAN a slower one's time would outweigh
 * what it saves. Compressed on libuv's thread pool, so other requests are not held up; an
 * answer compressed already (JsonBytes.gzipped) goes as it is.
 */
export function sendJsonNegotiated(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const headers = { ...COMMON_HEADERS, 'content-type': 'application/json; charset=utf-8', vary: 'accept-encoding' };
  const gzipOk = acceptsGzip(req.headers['accept-encoding']);
  if (gzipOk && body instanceof JsonBytes && body.gzipped) {
    res.writeHead(status, { ...headers, 'content-encoding': 'gzip', 'content-length': body.gzipped.length });
    return void res.end(body.gzipped);
  }
  const payload = body instanceof JsonBytes ? body.bytes : Buffer.from(JSON.stringify(body));
  if (payload.length < GZIP_FROM_BYTES || !gzipOk) {
    res.writeHead(status, { ...headers, 'content-length': payload.length });
    return void res.end(payload);
  }
  gzip(payload, { level: GZIP_LEVEL }, (error, compressed) => {
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
