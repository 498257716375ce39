import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createLogger } from '../../../src-shared/log';
import { JOIN_PATH } from '../../../src-shared/protocol/hub-api';

const log = createLogger('hub-citizen-page');

/** Where `npm run build:citizen` puts the page (hub/dist/web), beside this module's hub/src. */
export const CITIZEN_PAGE_DIR = resolve(__dirname, '../../dist/web');

export const ASSETS_PATH = `${JOIN_PATH}/assets/`;

/** The citizen's booking page (issue 17), built from the same sources beside the join page. */
export const BOOK_PATH = '/book';
export const BOOK_ASSETS_PATH = `${BOOK_PATH}/assets/`;

/** The sign-in's own paths under /book, answered by the sign-in handler (or the hub's 404), never by the page. */
const SIGN_IN_PATHS: ReadonlySet<string> = new Set([`${BOOK_PATH}/sign-in`, `${BOOK_PATH}/callback`, `${BOOK_PATH}/sign-out`]);

/**
 * The page handles a one-time credential and the camera: it may load only itself, talk only to
 * this hub, never be framed, and never tell another site where it was.
 */
export const CITIZEN_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'permissions-policy': 'camera=(self), microphone=(self), display-capture=()',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

/** The booking page: the same policy, but it has no use for the camera or the microphone. */
export const BOOKING_PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...CITIZEN_PAGE_HEADERS,
  'permissions-policy': 'camera=(), microphone=(), display-capture=()',
};

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** The only files served, by their URL path: nothing else under /join or /book is reachable. */
const FILES: ReadonlyMap<string, { file: string; type: string; cache: string; headers: Readonly<Record<string, string>> }> = new Map([
  [JOIN_PATH, { file: 'index.html', type: HTML, cache: 'no-store', headers: CITIZEN_PAGE_HEADERS }],
  [`${JOIN_PATH}/`, { file: 'index.html', type: HTML, cache: 'no-store', headers: CITIZEN_PAGE_HEADERS }],
  // Not content-hashed names: the browser must ask again each time (a 304 costs little).
  [`${ASSETS_PATH}citizen.js`, { file: 'citizen.js', type: JS, cache: 'no-cache', headers: CITIZEN_PAGE_HEADERS }],
  [`${ASSETS_PATH}citizen.css`, { file: 'citizen.css', type: CSS, cache: 'no-cache', headers: CITIZEN_PAGE_HEADERS }],
  [BOOK_PATH, { file: 'book.html', type: HTML, cache: 'no-store', headers: BOOKING_PAGE_HEADERS }],
  [`${BOOK_PATH}/`, { file: 'book.html', type: HTML, cache: 'no-store', headers: BOOKING_PAGE_HEADERS }],
  [`${BOOK_ASSETS_PATH}booking.js`, { file: 'booking.js', type: JS, cache: 'no-cache', headers: BOOKING_PAGE_HEADERS }],
  [`${BOOK_ASSETS_PATH}booking.css`, { file: 'booking.css', type: CSS, cache: 'no-cache', headers: BOOKING_PAGE_HEADERS }],
]);

const isUnder = (pathname: string, base: string): boolean => pathname === base || pathname.startsWith(`${base}/`);

const NOT_BUILT = 'The citizen page is not built: run npm run build:citizen\n';

interface Cached {
  mtimeMs: number;
  size: number;
  body: Buffer;
  /** The same, compressed once: the script is mostly React, and citizens are often on a phone. */
  gzipped: Buffer;
  etag: string;
}

const acceptsGzip = (req: IncomingMessage): boolean => /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));

/**
 * Serves the citizen's and interpreter's page at /join, the booking page at /book, and their
 * assets (the sign-in's paths under /book are left to its handler). Returns false for
 * any other path, so the caller can answer it. Files are read from disk (and kept while they do
 * not change), so a rebuild is served without restarting the hub.
 */
export function createCitizenPageHandler(dir = CITIZEN_PAGE_DIR): (req: IncomingMessage, res: ServerResponse, url: URL) => boolean {
  const cache = new Map<string, Cached>();

  const load = async (file: string): Promise<Cached | null> => {
    const path = join(dir, file);
    try {
      const info = await stat(path);
      const known = cache.get(file);
      if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) return known;
      const body = await readFile(path);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      const entry = { mtimeMs: info.mtimeMs, size: info.size, body, gzipped: gzipSync(body, { level: 9 }), etag };
      cache.set(file, entry);
      return entry;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.error('reading the page failed', { file, error: String(error) });
      return null;
    }
  };

  const plain = (res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}, policy = CITIZEN_PAGE_HEADERS): void => {
    res.writeHead(status, {
      ...policy,
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(text),
      ...extra,
    });
    res.end(text);
  };

  return (req, res, url) => {
    const booking = isUnder(url.pathname, BOOK_PATH);
    if (!booking && !isUnder(url.pathname, JOIN_PATH)) return false;
    if (SIGN_IN_PATHS.has(url.pathname)) return false;
    const policy = booking ? BOOKING_PAGE_HEADERS : CITIZEN_PAGE_HEADERS;
    const entry = FILES.get(url.pathname);
    if (!entry) {
      plain(res, 404, `There is nothing at ${url.pathname}.\n`, {}, policy);
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      plain(res, 405, `${req.method ?? 'This method'} is not allowed here.\n`, { allow: 'GET, HEAD' }, policy);
      return true;
    }
    void load(entry.file)
      .then((file) => {
        if (!file) return plain(res, 503, NOT_BUILT, {}, policy);
        const gzip = acceptsGzip(req);
        // Each encoding is its own representation, with its own tag.
        const etag = gzip ? file.etag.replace(/"$/, '-gz"') : file.etag;
        const headers = { ...entry.headers, 'content-type': entry.type, 'cache-control': entry.cache, etag, vary: 'accept-encoding' };
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, headers);
          return res.end();
        }
        const body = gzip ? file.gzipped : file.body;
        res.writeHead(200, { ...headers, ...(gzip ? { 'content-encoding': 'gzip' } : {}), 'content-length': body.length });
        res.end(req.method === 'HEAD' ? undefined : body);
      })
      // A failure while answering too (not only while reading): a rejection nobody handles ends the process.
      .catch((error: unknown) => {
        log.error('serving the page failed', { error: String(error) });
        if (res.headersSent) return res.destroy();
        plain(res, 500, 'The page could not be served.\n', {}, policy);
      })
      .catch(() => res.destroy());
    return true;
  };
}
