import { randomUUID } from 'node:crypto';
import type { ParticipantRole } from '../../../src-shared/protocol/signaling';
import type { HubStore } from '../store/hub-store';
import { hubSecret } from './secrets';
import { signToken, type TokenClaims, verifyToken } from './signed-token';

/** A join link opens 15 minutes before the slot and closes 30 minutes after it ends. */
export const OPENS_BEFORE_MINUTES = 15;
export const CLOSES_AFTER_MINUTES = 30;

export type LinkRole = Exclude<ParticipantRole, 'employee'>;

interface JoinClaims extends TokenClaims {
  typ: 'join';
  nbf: number;
  exp: number;
  apt: string;
  role: LinkRole;
  jti: string;
}

export interface JoinGrant {
  appointmentId: string;
  role: LinkRole;
  linkId: string;
  kepId: string;
}

export type JoinRefusal = 'invalid' | 'not_yet_valid' | 'expired' | 'revoked' | 'cancelled';

/** Signs a link for one appointment and one role, valid only around the appointment's slot. */
export function issueJoinToken(store: HubStore, appointmentId: string, role: LinkRole): { token: string; validFrom: string; validUntil: string } {
  const appointment = store.getAppointment(appointmentId);
  if (!appointment) throw new Error(`There is no appointment ${appointmentId}.`);
  const nbf = Math.floor(new Date(appointment.startsAt).getTime() / 1000) - OPENS_BEFORE_MINUTES * 60;
  const exp = Math.floor(new Date(appointment.endsAt).getTime() / 1000) + CLOSES_AFTER_MINUTES * 60;
  const claims: JoinClaims = { typ: 'join', nbf, exp, apt: appointmentId, role, jti: randomUUID() };
  return {
    token: signToken(claims, hubSecret(store.db, 'join-link')),
    validFrom: new Date(nbf * 1000).toISOString(),
    validUntil: new Date(exp * 1000).toISOString(),
  };
}

/** Checks a join token now: signature, time window, revocation, and that the booking still stands. */
export function verifyJoinToken(store: HubStore, token: string, now = Date.now()): { ok: true; grant: JoinGrant } | { ok: false; reason: JoinRefusal } {
  const result = verifyToken<JoinClaims>(token, hubSecret(store.db, 'join-link'), 'join', now);
  if (!result.ok) {
    return { ok: false, reason: result.reason === 'expired' || result.reason === 'not_yet_valid' ? result.reason : 'invalid' };
  }
  const { apt, role, jti } = result.claims;
  if (role !== 'citizen' && role !== 'interpreter') return { ok: false, reason: 'invalid' };
  if (store.db.prepare('SELECT 1 FROM revoked_join_links WHERE link_id = ?').get(jti)) return { ok: false, reason: 'revoked' };
  const appointment = store.getAppointment(apt);
  if (!appointment) return { ok: false, reason: 'invalid' };
  if (appointment.status !== 'booked') return { ok: false, reason: 'cancelled' };
  return { ok: true, grant: { appointmentId: apt, role, linkId: jti, kepId: appointment.kepId } };
}

/** Revokes one link by its id (the `jti`), e.g. an interpreter invited by mistake. */
export function revokeJoinLink(store: HubStore, linkId: string, appointmentId: string): void {
  store.db
    .prepare('INSERT INTO revoked_join_links (link_id, appointment_id, revoked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
    .run(linkId, appointmentId, new Date().toISOString());
}
