// Shared code is compiled without DOM or Node typings; every runtime of ours has the WHATWG URL parser.
declare const URL: new (input: string) => { protocol: string; hostname: string; username: string; password: string };

/**
 * What may be wrong with a hub address: `malformed` (not an http(s) address at all) or
 * `cleartext` (http:// to another computer, where the workstation credential and the staff's
 * passwords would cross the network unencrypted).
 */
export type HubAddressProblem = 'malformed' | 'cleartext';

export const HUB_ADDRESS_MESSAGES: Record<HubAddressProblem, string> = {
  malformed: 'Enter the hub address, e.g. https://hub.kep.gov.gr',
  cleartext:
    'The hub address must start with https:// (http:// is allowed only for this computer, e.g. http://127.0.0.1); otherwise the workstation credential and passwords would cross the network unencrypted.',
};

/** 127.0.0.0/8 as the URL parser writes it (it has already turned 0x7f.1 or 2130706433 into dotted decimal). */
const LOOPBACK_IPV4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Hosts that never leave this computer; exact names only, so localhost.evil.com or 127.0.0.1.nip.io are not. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || LOOPBACK_IPV4.test(hostname);
}

/**
 * The one rule for the hub's address, in configuration and at enrolment: https://, or http://
 * only to this computer (tests and the demo's embedded hub). Null when the address is fine.
 */
export function hubAddressProblem(address: string): HubAddressProblem | null {
  let url: InstanceType<typeof URL>;
  try {
    url = new URL(address.trim());
  } catch {
    return 'malformed';
  }
  // "http:hub" parses too; an address IT types always has the slashes.
  if (!/^https?:\/\/[^/]/i.test(address.trim()) || url.hostname === '' || url.username !== '' || url.password !== '') return 'malformed';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') return isLoopbackHost(url.hostname) ? null : 'cleartext';
  return 'malformed';
}
