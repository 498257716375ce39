import { createLogger } from '../../src-shared/log';

const log = createLogger('external-links');

/** gov.gr and its subdomains (www.gov.gr, the ministries' sites), over https on the default port. */
function isGovGr(url: URL): boolean {
  return url.protocol === 'https:' && url.port === '' && (url.hostname === 'gov.gr' || url.hostname.endsWith('.gov.gr'));
}

/**
 * May a link the page opens (target=_blank, window.open) go to the system browser? Only to the
 * configured hub's origin or to gov.gr: anything else a page could be tricked into opening
 * (another scheme, a lookalike host) stays closed.
 */
export function mayOpenExternally(link: string, hubUrl: string | null): boolean {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (isGovGr(url)) return true;
  if (!hubUrl) return false;
  try {
    const hub = new URL(hubUrl);
    return (hub.protocol === 'https:' || hub.protocol === 'http:') && url.origin === hub.origin;
  } catch {
    return false;
  }
}

/** The same decision, logged when refused (the origin only: the rest of a link may carry personal data). */
export function checkExternalLink(link: string, hubUrl: string | null): boolean {
  if (mayOpenExternally(link, hubUrl)) return true;
  let origin = 'unparseable';
  try {
    origin = new URL(link).origin;
  } catch {
    // keep 'unparseable'
  }
  log.warn('refused to open a link outside the allow-list (the hub and gov.gr)', { origin });
  return false;
}
