import { createHash } from 'node:crypto';
import type { Role } from '../../../src-shared/domain/roles';
import { type DeviceCheck, type MediaState, type Participant, socketAuthSchema } from '../../../src-shared/protocol/signaling';
import { verifyJoinToken } from '../auth/join-links';
import { verifyAccessToken } from '../auth/sessions';
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

export type IdentityResult = { ok: true; identity: SocketIdentity } | { ok: false; reason: string };

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
    };
  }
  const verdict = verifyJoinToken(store, credentials.joinToken);
  if (!verdict.ok) return { ok: false, reason: `join link ${verdict.reason}` };
  const { grant } = verdict;
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
  };
}

function presenceFrom(previous: SocketIdentity | undefined, id: string): Presence {
  if (previous?.participant.id === id) return { since: previous.since, devices: previous.devices, media: previous.media };
  return { since: new Date().toISOString(), devices: null, media: null };
}
