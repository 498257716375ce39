import type { IncomingMessage } from 'node:http';
import type { HubStore, Workstation } from '../store/hub-store';

/**
 * The workstation a request's bearer token belongs to, or null. The token is opaque and looked
 * up by the SHA-256 of exactly these characters, never decoded, so each has one spelling only.
 */
export function authenticateWorkstation(store: HubStore, req: IncomingMessage): Workstation | null {
  const header = req.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9._~+/=-]{16,512})$/.exec(header) : null;
  return match?.[1] ? store.findWorkstationByToken(match[1]) : null;
}
