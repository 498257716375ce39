import type { WebFrameMain } from 'electron';

/**
 * Only the app's own top-level page may call main. `rendererUrl` is app://kep/index.html, or in
 * development the dev server's URL (see app-protocol.ts).
 */
export function isTrustedSender(frame: WebFrameMain | null | undefined, rendererUrl: string): boolean {
  if (!frame || frame.parent !== null) return false;
  return isOwnPage(frame.url, rendererUrl);
}

/**
 * Is `url` (a page or an origin) the app's own: the same scheme, host and port as its page?
 * Compared part by part because URL's `origin` is "null" for a custom scheme such as app:;
 * file: has no host, so a file is never the app's page.
 */
export function isOwnPage(url: string, rendererUrl: string): boolean {
  try {
    const actual = new URL(url);
    const expected = new URL(rendererUrl);
    if (actual.username || actual.password || actual.host === '') return false;
    return actual.protocol === expected.protocol && actual.host === expected.host;
  } catch {
    return false;
  }
}
