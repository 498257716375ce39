import type { WebFrameMain } from 'electron';

/**
 * Only the app's own top-level page may call main. `rendererUrl` is the dev server's URL in
 * development and the file URL of the built index.html otherwise.
 */
export function isTrustedSender(frame: WebFrameMain | null | undefined, rendererUrl: string): boolean {
  if (!frame || frame.parent !== null) return false;
  return isOwnPage(frame.url, rendererUrl);
}

/** Is `url` the app's own page (its file, or in development its dev server's origin)? */
export function isOwnPage(url: string, rendererUrl: string): boolean {
  try {
    const actual = new URL(url);
    const expected = new URL(rendererUrl);
    if (expected.protocol === 'file:') return actual.protocol === 'file:' && actual.pathname === expected.pathname;
    return actual.origin === expected.origin;
  } catch {
    return false;
  }
}
