// As a namespace: the page's bundle then keeps only the zod it uses (protocol/inbox.ts).
import * as z from 'zod';
import { ERROR_CODES } from '../errors';
import { DEVICE_RESULTS, MAX_CHAT_CHARS, MAX_SIGNAL_BYTES, PARTICIPANT_ROLES } from './constants';

/**
 * The shapes of the hub's Socket.IO protocol, shared by the hub, the app and the citizen page.
 * socket-events.ts pairs them with the events; the schemas are what each side checks on arrival,
 * because types validate nothing.
 */

export { CLIENT_EVENTS, DEVICE_RESULTS, type DeviceResult, MAX_CHAT_CHARS, MAX_SIGNAL_BYTES, PARTICIPANT_ROLES, type ParticipantRole } from './constants';
export type { ClientToServerEvents, ServerToClientEvents } from './socket-events';

const appointmentId = z.uuid();
const utcInstant = z.iso.datetime({ offset: false });
/** One peer connection between two participants; a new one (after a failure) gets a new id. */
export const connectionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'Not a connection id');
export const participantIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Not a participant id');

export const iceServerSchema = z.object({
  urls: z.array(z.string().regex(/^(stun|turns?):/, 'ICE URLs start with stun:, turn: or turns:')).min(1),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;

export const participantSchema = z.object({ id: participantIdSchema, role: z.enum(PARTICIPANT_ROLES) });
export type Participant = z.infer<typeof participantSchema>;

export const deviceCheckSchema = z.object({ camera: z.enum(DEVICE_RESULTS), microphone: z.enum(DEVICE_RESULTS), speaker: z.enum(DEVICE_RESULTS) }).strict();
export type DeviceCheck = z.infer<typeof deviceCheckSchema>;

/** Whether a participant is sending sound and picture (muted / camera off are seen by everyone). */
export const mediaStateSchema = z.object({ audio: z.boolean(), video: z.boolean() }).strict();
export type MediaState = z.infer<typeof mediaStateSchema>;

/** A participant as room state shows them: since when they are connected, their check, their media. */
export const roomMemberSchema = participantSchema.extend({
  since: utcInstant,
  devices: deviceCheckSchema.nullable(),
  media: mediaStateSchema.nullable(),
});
export type RoomMember = z.infer<typeof roomMemberSchema>;

/** A WebRTC signal as simple-peer produces it: an SDP description or an ICE candidate. */
export const signalDataSchema = z.union([
  z.object({ type: z.enum(['offer', 'answer', 'pranswer', 'rollback']), sdp: z.string().max(MAX_SIGNAL_BYTES) }).strict(),
  z
    .object({
      type: z.literal('candidate'),
      candidate: z
        .object({
          candidate: z.string().max(2048),
          sdpMid: z.string().max(64).nullable().optional(),
          sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
          usernameFragment: z.string().max(256).nullable().optional(),
        })
        .strict(),
    })
    .strict(),
  // simple-peer's own messages, as it sends them (type and flag both present).
  z.object({ type: z.literal('renegotiate'), renegotiate: z.literal(true) }).strict(),
  z
    .object({
      type: z.literal('transceiverRequest'),
      transceiverRequest: z.object({ kind: z.enum(['audio', 'video']), init: z.record(z.string(), z.unknown()).optional() }),
    })
    .strict(),
]);
export type SignalData = z.infer<typeof signalDataSchema>;

export const roomOpenSchema = z.object({ appointmentId }).strict();
export const roomCloseSchema = z.object({ appointmentId }).strict();
export const roomPrepareSchema = z.object({ appointmentId }).strict();
export const signalSchema = z.object({ appointmentId, to: participantIdSchema, connection: connectionIdSchema, data: signalDataSchema }).strict();
export const deviceReportSchema = deviceCheckSchema;
export const mediaReportSchema = z.object({ appointmentId, media: mediaStateSchema }).strict();

export const chatSendSchema = z.object({ appointmentId, text: z.string().trim().min(1, 'Write a message first').max(MAX_CHAT_CHARS) }).strict();
export const chatMessageSchema = z.object({
  appointmentId,
  id: z.string(),
  from: participantSchema,
  text: z.string(),
  at: utcInstant,
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const roomStateSchema = z.object({
  appointmentId,
  open: z.boolean(),
  /** Members of the call (only while it is open). */
  participants: z.array(roomMemberSchema),
  /** Citizens and interpreters connected but not (yet) in the call. */
  waiting: z.array(roomMemberSchema),
});
export type RoomState = z.infer<typeof roomStateSchema>;

export const ackErrorSchema = z.object({ code: z.enum([...ERROR_CODES, 'not_open', 'not_member']), message: z.string() });
export type AckError = z.infer<typeof ackErrorSchema>;
export type Ack<T> = { ok: true; value: T } | { ok: false; error: AckError };

/**
 * A workstation's prepared link to an appointment's waiting participants (PROTOCOL.md §5.2a):
 * who it is to them, its ICE servers, and who may exchange signals with it before the call.
 */
export const preparedRoomSchema = z.object({
  self: participantSchema,
  iceServers: z.array(iceServerSchema),
  participants: z.array(participantSchema),
});
export type PreparedRoom = z.infer<typeof preparedRoomSchema>;

/** To a waiting participant: this workstation will offer a connection with no media (§5.2a). */
export const callPrepareSchema = z.object({ appointmentId, from: participantSchema });
/** To a prepared participant: that workstation's prepared link is over; end its connection. */
export const callUnpreparedSchema = z.object({ appointmentId, from: participantIdSchema });

/** What a citizen's or interpreter's page may show of the appointment they joined. */
export const joinedAppointmentSchema = z.object({
  startsAt: z.string(),
  endsAt: z.string(),
  kepName: z.string(),
  category: z.literal([1, 2, 3, 4]),
});
export type JoinedAppointment = z.infer<typeof joinedAppointmentSchema>;

export const interpreterInvitationSchema = z.object({ url: z.string(), validFrom: z.string(), validUntil: z.string() });
export type InterpreterInvitation = z.infer<typeof interpreterInvitationSchema>;

export const joinedRoomSchema = z.object({
  self: participantSchema,
  room: roomStateSchema,
  iceServers: z.array(iceServerSchema),
  /** For citizens and interpreters; the desk has the appointment already. */
  appointment: joinedAppointmentSchema.nullable(),
  /** Whether the identity check has passed, so the citizen's camera is optional. */
  cameraOptional: z.boolean(),
});
export type JoinedRoom = z.infer<typeof joinedRoomSchema>;

/**
 * The handshake's `auth` object. Not strict: on reconnection the Socket.IO client adds its own
 * `pid` and `offset` fields to recover the session.
 */
export const socketAuthSchema = z.union([
  z.object({ kind: z.literal('workstation'), workstationToken: z.string().min(16).max(512), accessToken: z.string().min(16).max(4096) }),
  z.object({ kind: z.literal('participant'), joinToken: z.string().min(16).max(4096) }),
]);
export type SocketAuth = z.infer<typeof socketAuthSchema>;
