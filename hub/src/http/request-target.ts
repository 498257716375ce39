/**
 * The request line's path, as the client sent it. Routing must see what a reverse proxy in
 * front of the hub saw: WHATWG URL parsing turns `\` into `/` and resolves `.`/`..` (percent-
 * encoded too), so `/api/v1/inbox/documents/<id>\1` or `/join/../api/v1/…` would reach a route
 * that a proxy's rule on the raw path never matched. Such paths are refused rather than mended.
 */

const BASE = 'http://hub.invalid';

export type RequestTarget = { ok: true; url: URL } | { ok: false; message: string };

/** A dot segment, plain or percent-encoded (`.`, `..`, `%2e`, `.%2E`, …). */
const isDotSegment = (segment: string): boolean => {
  const decoded = segment.replace(/%2e/gi, '.');
  return decoded === '.' || decoded === '..';
};

/**
 * Parses an origin-form request target (`/path?query`). Anything else is refused: an absolute
 * or authority form, `//host/…` (which URL parsing reads as another host), a backslash or its
 * encoding, a dot segment, or a path URL parsing would not keep as it is.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget {
  const refused = (why: string): RequestTarget => ({ ok: false, message: `This path is refused: ${why}.` });
  if (raw === undefined || !raw.startsWith('/') || raw.startsWith('//')) return refused('it must start with a single /');
  const queryAt = raw.indexOf('?');
  const path = queryAt === -1 ? raw : raw.slice(0, queryAt);
  if (path.includes('\\') || /%5c/i.test(path)) return refused('it contains a backslash');
  if (path.split('/').some(isDotSegment)) return refused('it contains a "." or ".." segment');
  if (path.includes('#')) return refused('it contains a fragment');
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return refused('it is not a valid URL path');
  }
  // What routes match must be the path as sent; URL parsing may only have left it alone.
  if (url.pathname !== path) return refused('it is not in canonical form (percent-encode special characters)');
  return { ok: true, url };
}
