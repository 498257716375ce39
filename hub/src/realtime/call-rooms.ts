import type { Server } from 'socket.io';
import type { AckError, ClientToServerEvents, Participant, RoomMember, RoomState, ServerToClientEvents } from '../../../src-shared/protocol/signaling';
import { joinWindow } from '../auth/join-links';
import type { HubStore } from '../store/hub-store';
import { callRoom, kepParticipantsRoom, kepRoom, lobbyRoom, memberRoom, prepareDeskRoom, preparedRoom, preparingRoom, prepareLinkRoom } from './room-names';
import type { SocketIdentity } from './socket-identity';

type KepServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketIdentity>;
/** What the rooms need of a socket, local or on another hub process. */
interface RoomSocket {
  data: SocketIdentity;
  rooms: Set<string>;
  join(rooms: string | string[]): unknown;
  leave(room: string): unknown;
  emit: KepServer['emit'];
}

/**
 * An appointment's rooms across every hub process: who waits in its lobby, who is in its call,
 * and the members' mailboxes. Everything goes through the adapter, so it works the same with
 * one process or several sharing Redis.
 */
// Built with one literal shape: a spread gives each member object a hidden class of its own,
// hundreds of bytes apiece while the packets holding them are kept for recovery.
const memberOf = (data: SocketIdentity): RoomMember => ({
  id: data.participant.id,
  role: data.participant.role,
  since: data.since,
  devices: data.devices,
  media: data.media,
});

export function createCallRooms(io: KepServer, store: HubStore) {
  const state = async (appointmentId: string): Promise<RoomState> => {
    const [inCall, inLobby] = await Promise.all([io.in(callRoom(appointmentId)).fetchSockets(), io.in(lobbyRoom(appointmentId)).fetchSockets()]);
    const members = inCall.map((s) => memberOf(s.data));
    const open = members.some((p) => p.role === 'employee');
    const inCallIds = new Set(members.map((p) => p.id));
    const lobby = inLobby.map((s) => memberOf(s.data)).filter((p) => !inCallIds.has(p.id));
    // While the call is open everyone in the lobby is admitted; on another hub process that join
    // may still be on its way through Redis, so they count as members already.
    return open ? { appointmentId, open, participants: [...members, ...lobby], waiting: [] } : { appointmentId, open, participants: members, waiting: lobby };
  };

  return {
    state,

    /**
     * The state of every appointment of a KEP with someone connected, in two lookups across the
     * hub processes: the KEP's participants, and its desks with the calls they are in.
     */
    async kepStates(kepId: string): Promise<RoomState[]> {
      const [participants, desks] = await Promise.all([io.in(kepParticipantsRoom(kepId)).fetchSockets(), io.in(kepRoom(kepId)).fetchSockets()]);
      const appointmentIds = new Set<string>();
      for (const p of participants) if (p.data.kind === 'participant') appointmentIds.add(p.data.appointmentId);
      for (const d of desks) for (const room of d.rooms) if (room.startsWith('call:')) appointmentIds.add(room.slice('call:'.length));
      return Promise.all([...appointmentIds].map((id) => state(id)));
    },

    /** Tells the appointment's waiting room, its call and its KEP's workstations where things stand. */
    async announce(appointmentId: string, kepId: string): Promise<RoomState> {
      const current = await state(appointmentId);
      io.to([lobbyRoom(appointmentId), callRoom(appointmentId), kepRoom(kepId)]).emit('room:state', current);
      return current;
    },

    /** Moves everyone waiting into the call, each with the mailbox through which signals reach them; answers who they are. */
    async admitWaiting(appointmentId: string): Promise<RoomMember[]> {
      const waiting = await io.in(lobbyRoom(appointmentId)).fetchSockets();
      for (const s of waiting) {
        s.join([callRoom(appointmentId), memberRoom(appointmentId, s.data.participant.id)]);
      }
      return waiting.map((s) => memberOf(s.data));
    },

    /** Ends the call: every member leaves it and loses its mailbox; participants wait again. */
    async dismiss(appointmentId: string): Promise<void> {
      for (const s of await io.in(callRoom(appointmentId)).fetchSockets()) {
        s.leave(callRoom(appointmentId));
        s.leave(memberRoom(appointmentId, s.data.participant.id));
      }
    },

    /**
     * The appointment a workstation socket prepares (§5.2a), read from its rooms: they, not a
     * field of its own, survive a recovered connection.
     */
    preparing(socket: { rooms: Set<string> }): string | null {
      for (const room of socket.rooms) if (room.startsWith('preparing:')) return room.slice('preparing:'.length);
      return null;
    },

    /**
     * Gives the workstation a prepared link to every participant waiting for the appointment (or
     * one who just arrived): mailboxes through which signals pass between it and them only, and
     * `call:prepare` to each one newly prepared. Answers who is prepared now.
     */
    async linkWaiting(desk: RoomSocket, appointmentId: string, only?: RoomSocket): Promise<Participant[]> {
      const deskId = desk.data.participant.id;
      desk.join([preparingRoom(appointmentId), prepareDeskRoom(appointmentId, deskId)]);
      const waiting = only ? [only] : await io.in(lobbyRoom(appointmentId)).fetchSockets();
      const prepared: Participant[] = [];
      for (const s of waiting) {
        if (s.data.kind !== 'participant' || s.rooms.has(callRoom(appointmentId))) continue;
        const { participant } = s.data;
        if (!s.rooms.has(preparedRoom(appointmentId, deskId))) {
          s.join([preparedRoom(appointmentId, deskId), prepareLinkRoom(appointmentId, deskId, participant.id)]);
          s.emit('call:prepare', { appointmentId, from: desk.data.participant });
        }
        prepared.push({ id: participant.id, role: participant.role });
      }
      return prepared;
    },

    /**
     * Ends a workstation's prepared links for the appointment. `tell`: its participants hear
     * `call:unprepared` and end their connection; not when the call it prepared has just opened,
     * since that connection is now the call's.
     */
    async unprepare(appointmentId: string, deskId: string, tell: boolean, desk?: RoomSocket): Promise<void> {
      if (desk) {
        desk.leave(preparingRoom(appointmentId));
        desk.leave(prepareDeskRoom(appointmentId, deskId));
      }
      for (const s of await io.in(preparedRoom(appointmentId, deskId)).fetchSockets()) {
        s.leave(preparedRoom(appointmentId, deskId));
        s.leave(prepareLinkRoom(appointmentId, deskId, s.data.participant.id));
        if (tell) s.emit('call:unprepared', { appointmentId, from: deskId });
      }
    },

    /** A participant who arrived while workstations prepare the appointment gets a prepared link to each. */
    async prepareArrival(participant: RoomSocket, appointmentId: string): Promise<void> {
      for (const desk of await io.in(preparingRoom(appointmentId)).fetchSockets()) await this.linkWaiting(desk, appointmentId, participant);
    },

    /**
     * Where a signal outside an open call may go (§5.2a): from a preparing workstation to a
     * participant it prepared, or back from that participant to it; null otherwise.
     */
    preparedMailbox(socket: { data: SocketIdentity; rooms: Set<string> }, appointmentId: string, to: string): string | null {
      const self = socket.data.participant.id;
      if (socket.data.kind === 'workstation') return socket.rooms.has(prepareDeskRoom(appointmentId, self)) ? prepareLinkRoom(appointmentId, self, to) : null;
      return socket.rooms.has(prepareLinkRoom(appointmentId, to, self)) ? prepareDeskRoom(appointmentId, to) : null;
    },

    /** Why this socket may not open the appointment's call, or null when it may. */
    refusalToOpen(identity: SocketIdentity, appointmentId: string, now = Date.now()): AckError | null {
      if (identity.kind !== 'workstation') return { code: 'forbidden', message: 'Only a KEP workstation can open or close a call.' };
      if (identity.role === 'it-admin') return { code: 'forbidden', message: 'IT accounts do not serve citizens.' };
      const appointment = store.getAppointment(appointmentId);
      if (!appointment || appointment.kepId !== identity.kepId) return { code: 'not_found', message: 'There is no such appointment at this KEP.' };
      if (appointment.status !== 'booked') return { code: 'conflict', message: `The appointment is ${appointment.status}.` };
      const { opens, closes } = joinWindow(appointment);
      if (now < opens || now > closes) return { code: 'conflict', message: 'The call can open from 15 minutes before the slot until 30 minutes after it.' };
      return null;
    },
  };
}
