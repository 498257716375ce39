import { isIP } from 'node:net';

/**
 * The base URL of the links the hub hands out (join links). A link must point where citizens
 * really reach the hub, so it comes from `publicUrl`; only a hub that listens on this machine
 * alone may fall back to the address a loopback client used. A Host header is the client's
 * word: `Host: kep.gov.gr@evil.example` must never become a link a citizen trusts.
 */

/** A host the hub listens on or is reached at that only this machine can use. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return new URL(`http://[${bare}]`).hostname === '[::1]';
  return false;
}

/** A Host header that names a loopback host and nothing else: `127.0.0.1:4300`, `localhost`, `[::1]:80`. */
export function isPlainLoopbackHostHeader(header: string): boolean {
  const match = /^(localhost|\d{1,3}(?:\.\d{1,3}){3}|\[::1\])(?::(\d{1,5}))?$/i.exec(header);
  if (!match?.[1]) return false;
  if (match[2] !== undefined) {
    const port = Number(match[2]);
    if (port < 1 || port > 65_535) return false;
  }
  return isLoopbackHost(match[1]);
}

/**
 * What is wrong with a `publicUrl`, or null: links are opened by citizens over the internet, so
 * it must be https (http only for a loopback address, to try the hub out on one machine), and a
 * plain address: a user, query or fragment would end up in every link.
 */
export function publicUrlProblem(publicUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return 'publicUrl must be an absolute URL such as https://kep.example';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return 'publicUrl must be an https:// address (http:// only for a loopback address such as http://127.0.0.1:4300)';
  }
  if (url.username || url.password || url.search || url.hash) return 'publicUrl must be a plain address, without a user, a query or a fragment';
  return null;
}

/**
 * Why a hub listening on `listenHost` cannot start with this `publicUrl`, or null. Beyond
 * loopback nothing the hub sees tells it where citizens reach it, so it must be told, with https.
 */
export function startupProblem(listenHost: string, publicUrl: string | undefined): string | null {
  if (publicUrl !== undefined) {
    const problem = publicUrlProblem(publicUrl);
    if (problem) return problem;
  }
  if (isLoopbackHost(listenHost)) return null;
  if (publicUrl === undefined || new URL(publicUrl).protocol !== 'https:') {
    return `The hub listens on ${listenHost}, beyond this machine: set publicUrl in hub-config.json to the https:// address citizens reach it at (your reverse proxy's), so the links it hands out point there.`;
  }
  return null;
}

export type LinkBase = { ok: true; base: string } | { ok: false; message: string };

/**
 * The base of a link: `publicUrl` when set; otherwise, for a hub listening on loopback, the plain
 * loopback `host:port` the client reached it at (`http://`). Anything else is refused.
 */
export function linkBase(publicUrl: string | undefined, listenHost: string, clientHost: string | undefined): LinkBase {
  if (publicUrl !== undefined) return { ok: true, base: publicUrl };
  if (isLoopbackHost(listenHost) && clientHost !== undefined && isPlainLoopbackHostHeader(clientHost)) {
    return { ok: true, base: `http://${clientHost.toLowerCase()}` };
  }
  return {
    ok: false,
    message: 'The hub has no publicUrl, so it cannot tell where citizens reach it: set publicUrl (https://…) in hub-config.json, then invite again.',
  };
}
