import { createHash } from 'node:crypto';
import type { Role } from '../../../src-shared/domain/roles';
import { type DeviceCheck, type MediaState, type Participant, socketAuthSchema } from '../../../src-shared/protocol/signaling';
import { type LinkRole, recheckJoinClaims, verifyJoinToken } from '../auth/join-links';
import { accessClaimsHold, verifyAccessToken } from '../auth/sessions';
import { payloadShapeProblem } from '../limits/payload-shape';
import type { HubStore } from '../store/hub-store';

/** What the others see of a connected participant besides who they are. */
export interface Presence {
  /** When this participant connected (kept across a recovered connection). */
  since: string;
  devices: DeviceCheck | null;
  media: MediaState | null;
}

/** Who a socket is, decided once at the handshake and kept in `socket.data`. */
export type SocketIdentity = Presence &
  (
    | { kind: 'workstation'; participant: Participant; kepId: string; workstationId: string; userId: string; role: Role }
    | { kind: 'participant'; participant: Participant; kepId: string; appointmentId: string; linkId: string }
  );

/**
 * A participant's id is derived from what they connect with (the link, or the desk and its
 * employee), so it stays the same across reloads, reconnections and hub restarts: a peer
 * connection that outlives a hub restart still knows whom it belongs to.
 */
export const participantIdFor = (key: string): string => createHash('sha256').update(`participant:${key}`).digest('base64url').slice(0, 22);

/**
 * What a socket's handshake proved beyond its identity, kept in place of its tokens (a few
 * hundred bytes a socket) to check it again (§5.1a): the token's time window, and a desk's
 * workstation credential, looked up again since a workstation can be revoked. The identity holds
 * the rest of the token's claims (link id, appointment, role; workstation and KEP).
 */
export interface HandshakeProof {
  exp: number;
  nbf: number | undefined;
  /** A workstation's credential; null for a participant. */
  workstationToken: string | null;
}

export type IdentityResult = { ok: true; identity: SocketIdentity; proof: HandshakeProof } | { ok: false; reason: string };

/**
 * Checks a handshake's credentials: a workstation with a signed-in employee, or a citizen or
 * interpreter with a join link valid now. Presence (since, devices, media) is kept across a
 * recovered connection.
 *
 * Each identity is written out as one literal, never spread from the presence: in a heap
 * snapshot a spread gave every socket's `data` a hidden class (and a chain of transitions) of its
 * own, some 450 bytes a socket, all kept as long as the socket.
 */
export function identify(store: HubStore, auth: unknown, previous?: SocketIdentity): IdentityResult {
  // The handshake is the client's before any credential is checked: its shape is bounded before
  // the schema, like every event's payload (payload-shape.ts).
  if (payloadShapeProblem(auth)) return { ok: false, reason: 'malformed credentials' };
  const parsed = socketAuthSchema.safeParse(auth);
  if (!parsed.success) return { ok: false, reason: 'malformed credentials' };
  const credentials = parsed.data;
  if (credentials.kind === 'workstation') {
    const workstation = store.findWorkstationByToken(credentials.workstationToken);
    if (!workstation) return { ok: false, reason: 'unknown workstation' };
    const claims = verifyAccessToken(store, credentials.accessToken, workstation);
    if (!claims) return { ok: false, reason: 'no valid employee session' };
    const id = participantIdFor(`workstation:${workstation.id}:${claims.sub}`);
    const { since, devices, media } = presenceFrom(previous, id);
    return {
      ok: true,
      identity: {
        since,
        devices,
        media,
        kind: 'workstation',
        participant: { id, role: 'employee' },
        kepId: workstation.kepId,
        workstationId: workstation.id,
        userId: claims.sub,
        role: claims.role,
      },
      proof: { exp: claims.exp, nbf: claims.nbf, workstationToken: credentials.workstationToken },
    };
  }
  const verdict = verifyJoinToken(store, credentials.joinToken);
  if (!verdict.ok) return { ok: false, reason: `join link ${verdict.reason}` };
  const { grant, claims } = verdict;
  const id = participantIdFor(`link:${grant.linkId}`);
  const { since, devices, media } = presenceFrom(previous, id);
  return {
    ok: true,
    identity: {
      since,
      devices,
      media,
      kind: 'participant',
      participant: { id, role: grant.role },
      kepId: grant.kepId,
      appointmentId: grant.appointmentId,
      linkId: grant.linkId,
    },
    proof: { exp: claims.exp, nbf: claims.nbf, workstationToken: null },
  };
}

/**
 * Checks a connected socket's credentials again, now: everything identify checked except the
 * tokens' signatures and schema, which cannot have changed since the handshake. The reason it
 * no longer may stay connected, or null.
 */
export function recheckIdentity(store: HubStore, identity: SocketIdentity, proof: HandshakeProof, now = Date.now()): string | null {
  const { exp, nbf } = proof;
  if (identity.kind === 'workstation') {
    const workstation = proof.workstationToken === null ? null : store.findWorkstationByToken(proof.workstationToken);
    if (!workstation) return 'unknown workstation';
    // The token's own `ws` and `kep` were the identity's at the handshake.
    const held = accessClaimsHold({ exp, nbf, ws: identity.workstationId, kep: identity.kepId }, workstation, now);
    return held ? null : 'no valid employee session';
  }
  const claims = { typ: 'join' as const, exp, nbf, apt: identity.appointmentId, role: identity.participant.role as LinkRole, jti: identity.linkId };
  const verdict = recheckJoinClaims(store, claims, now);
  return verdict.ok ? null : `join link ${verdict.reason}`;
}

function presenceFrom(previous: SocketIdentity | undefined, id: string): Presence {
  if (previous?.participant.id === id) return { since: previous.since, devices: previous.devices, media: previous.media };
  return { since: new Date().toISOString(), devices: null, media: null };
}
