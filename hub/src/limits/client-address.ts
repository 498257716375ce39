import type { IncomingHttpHeaders } from 'node:http';

/**
 * The address a request comes from, for rate limits. Behind a reverse proxy every request comes
 * from the proxy, so with `trustProxy` the left-most X-Forwarded-For entry (set by the proxy) is
 * used instead. Only enable it when the hub is reachable through the proxy alone.
 */
export function clientAddress(headers: IncomingHttpHeaders, remoteAddress: string | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return remoteAddress ?? 'unknown';
}
