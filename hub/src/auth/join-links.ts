import { randomUUID } from 'node:crypto';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { callWindow } from '../../../src-shared/domain/call-window';
import type { ParticipantRole } from '../../../src-shared/protocol/signaling';
import type { HubStore } from '../store/hub-store';
import { hubSecret } from './secrets';
import { signToken, timeProblem, type TokenClaims, verifyToken } from './signed-token';

export { CLOSES_AFTER_MINUTES, OPENS_BEFORE_MINUTES } from '../../../src-shared/domain/call-window';

export type LinkRole = Exclude<ParticipantRole, 'employee'>;

export interface JoinClaims extends TokenClaims {
  typ: 'join';
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

/** A link outlives its first slot this long at most, so a rescheduled appointment keeps its link. */
const LINK_LIFETIME_DAYS = 90;

/** The last moment a link issued for this appointment can open anything, its inbox included. */
export const linksEndAt = (appointment: Appointment): number => joinWindow(appointment).closes + LINK_LIFETIME_DAYS * 86_400_000;

/** When an appointment's links let people in: its call window. */
export const joinWindow = callWindow;

/**
 * Signs a link for one appointment and one role. The window is not in the token but read from
 * the booking at each use, so the link follows a rescheduled appointment.
 */
export function issueJoinToken(store: HubStore, appointmentId: string, role: LinkRole): { token: string; validFrom: string; validUntil: string } {
  const appointment = store.getAppointment(appointmentId);
  if (!appointment) throw new Error(`There is no appointment ${appointmentId}.`);
  const { opens, closes } = joinWindow(appointment);
  const exp = Math.floor(closes / 1000) + LINK_LIFETIME_DAYS * 86_400;
  const claims: JoinClaims = { typ: 'join', exp, apt: appointmentId, role, jti: randomUUID() };
  return {
    token: signToken(claims, hubSecret(store, 'join-link')),
    validFrom: new Date(opens).toISOString(),
    validUntil: new Date(closes).toISOString(),
  };
}

export type JoinVerdict = { ok: true; grant: JoinGrant; claims: JoinClaims } | { ok: false; reason: JoinRefusal };

/** Checks a join token now: signature, time window, revocation, and that the booking still stands. */
export function verifyJoinToken(store: HubStore, token: string, now = Date.now()): JoinVerdict {
  const result = verifyToken<JoinClaims>(token, hubSecret(store, 'join-link'), 'join', now);
  if (!result.ok) {
    return { ok: false, reason: result.reason === 'expired' || result.reason === 'not_yet_valid' ? result.reason : 'invalid' };
  }
  return admitJoinClaims(store, result.claims, now);
}

/**
 * Checks again, now, the claims of a join token verified before (a connected socket's, §5.1a):
 * everything verifyJoinToken checks except the signature, which cannot have changed.
 */
export function recheckJoinClaims(store: HubStore, claims: JoinClaims, now = Date.now()): JoinVerdict {
  const late = timeProblem(claims, now);
  return late ? { ok: false, reason: late } : admitJoinClaims(store, claims, now);
}

/** What a genuine, unexpired link's claims open now: revocation, the booking's status and its window. */
function admitJoinClaims(store: HubStore, claims: JoinClaims, now: number): JoinVerdict {
  const { apt, role, jti } = claims;
  if (role !== 'citizen' && role !== 'interpreter') return { ok: false, reason: 'invalid' };
  if (store.revokedJoinLinks.has(jti)) return { ok: false, reason: 'revoked' };
  const appointment = store.getAppointment(apt);
  if (!appointment) return { ok: false, reason: 'invalid' };
  if (appointment.status !== 'booked') return { ok: false, reason: 'cancelled' };
  const { opens, closes } = joinWindow(appointment);
  if (now < opens) return { ok: false, reason: 'not_yet_valid' };
  if (now > closes) return { ok: false, reason: 'expired' };
  return { ok: true, grant: { appointmentId: apt, role, linkId: jti, kepId: appointment.kepId }, claims };
}

/** Revokes one link by its id (the `jti`), e.g. an interpreter invited by mistake. */
export function revokeJoinLink(store: HubStore, linkId: string, appointmentId: string): void {
  store.revokedJoinLinks.add(linkId, appointmentId, new Date().toISOString());
}

export type InboxRefusal = 'invalid' | 'expired' | 'revoked' | 'not_citizen';

/**
 * Checks a citizen's link for their document inbox. Unlike a call, the inbox is for after the
 * appointment: the call window and the booking's status (a completed appointment is the usual
 * case) do not matter, only that the link is genuine, not revoked, a citizen's, and for an
 * appointment that exists. The token's own `exp` still applies.
 */
export function verifyInboxToken(store: HubStore, token: string, now = Date.now()): { ok: true; grant: JoinGrant } | { ok: false; reason: InboxRefusal } {
  const result = verifyToken<JoinClaims>(token, hubSecret(store, 'join-link'), 'join', now);
  if (!result.ok) return { ok: false, reason: result.reason === 'expired' ? 'expired' : 'invalid' };
  const { apt, role, jti } = result.claims;
  if (role !== 'citizen' && role !== 'interpreter') return { ok: false, reason: 'invalid' };
  if (store.revokedJoinLinks.has(jti)) return { ok: false, reason: 'revoked' };
  const appointment = store.getAppointment(apt);
  if (!appointment) return { ok: false, reason: 'invalid' };
  if (role !== 'citizen') return { ok: false, reason: 'not_citizen' };
  return { ok: true, grant: { appointmentId: apt, role, linkId: jti, kepId: appointment.kepId } };
}
