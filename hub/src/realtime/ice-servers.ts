import { createHmac } from 'node:crypto';
import type { IceServer } from '../../../src-shared/protocol/signaling';

export interface IceConfig {
  /** Public STUN servers or TURN servers with static credentials, given as is. */
  servers: IceServer[];
  /** TURN servers sharing a secret with the hub (coturn `use-auth-secret`). */
  turn?: { urls: string[]; secret: string; ttlSeconds: number };
}

/**
 * ICE servers for one participant. TURN credentials follow the TURN REST scheme coturn
 * accepts: username `expiry:id`, password base64(HMAC-SHA1(secret, username)); they expire.
 */
export function iceServersFor(config: IceConfig, participantId: string, now = Date.now()): IceServer[] {
  if (!config.turn) return config.servers;
  const username = `${Math.floor(now / 1000) + config.turn.ttlSeconds}:${participantId}`;
  const credential = createHmac('sha1', config.turn.secret).update(username).digest('base64');
  return [...config.servers, { urls: config.turn.urls, username, credential }];
}
