import { randomBytes } from 'node:crypto';
import type { Role } from '../../../src-shared/domain/roles';
import { type Participant, socketAuthSchema } from '../../../src-shared/protocol/signaling';
import { verifyJoinToken } from '../auth/join-links';
import { verifyAccessToken } from '../auth/sessions';
import type { HubStore } from '../store/hub-store';

/** Who a socket is, decided once at the handshake and kept in `socket.data`. */
export type SocketIdentity =
  | { kind: 'workstation'; participant: Participant; kepId: string; workstationId: string; userId: string; role: Role }
  | { kind: 'participant'; participant: Participant; kepId: string; appointmentId: string; linkId: string };

export const newParticipantId = (): string => randomBytes(12).toString('base64url');

export type IdentityResult = { ok: true; identity: SocketIdentity } | { ok: false; reason: string };

/**
 * Checks a handshake's credentials: a workstation with a signed-in employee, or a citizen or
 * interpreter with a join link valid now. The participant id is kept across a recovered
 * connection, so the others still know who it is.
 */
export function identify(store: HubStore, auth: unknown, previous?: SocketIdentity): IdentityResult {
  const parsed = socketAuthSchema.safeParse(auth);
  if (!parsed.success) return { ok: false, reason: 'malformed credentials' };
  const credentials = parsed.data;
  if (credentials.kind === 'workstation') {
    const workstation = store.findWorkstationByToken(credentials.workstationToken);
    if (!workstation) return { ok: false, reason: 'unknown workstation' };
    const claims = verifyAccessToken(store, credentials.accessToken, workstation);
    if (!claims) return { ok: false, reason: 'no valid employee session' };
    const id = previous?.kind === 'workstation' && previous.userId === claims.sub ? previous.participant.id : newParticipantId();
    return {
      ok: true,
      identity: { kind: 'workstation', participant: { id, role: 'employee' }, kepId: workstation.kepId, workstationId: workstation.id, userId: claims.sub, role: claims.role },
    };
  }
  const verdict = verifyJoinToken(store, credentials.joinToken);
  if (!verdict.ok) return { ok: false, reason: `join link ${verdict.reason}` };
  const { grant } = verdict;
  const id = previous?.kind === 'participant' && previous.linkId === grant.linkId ? previous.participant.id : newParticipantId();
  return {
    ok: true,
    identity: { kind: 'participant', participant: { id, role: grant.role }, kepId: grant.kepId, appointmentId: grant.appointmentId, linkId: grant.linkId },
  };
}
