import { z } from 'zod';
import { ERROR_CODES } from '../errors';

/**
 * The hub's Socket.IO protocol, shared by the hub, the app and the citizen page. The typed maps
 * give both sides the same names and shapes; the schemas are what the hub checks on arrival,
 * because types validate nothing.
 */
export const PARTICIPANT_ROLES = ['employee', 'citizen', 'interpreter'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

import { MAX_CHAT_CHARS, MAX_SIGNAL_BYTES } from './limits';

export { MAX_CHAT_CHARS, MAX_SIGNAL_BYTES } from './limits';

const appointmentId = z.uuid();
const utcInstant = z.iso.datetime({ offset: false });
/** One peer connection between two participants; a new one (after a failure) gets a new id. */
const connectionId = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'Not a connection id');
const participantId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Not a participant id');

export const iceServerSchema = z.object({
  urls: z.array(z.string().regex(/^(stun|turns?):/, 'ICE URLs start with stun:, turn: or turns:')).min(1),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;

export const participantSchema = z.object({ id: participantId, role: z.enum(PARTICIPANT_ROLES) });
export type Participant = z.infer<typeof participantSchema>;

/** What a participant's device check found, reported by their page before they wait. */
export const DEVICE_RESULTS = ['ok', 'denied', 'missing', 'failed', 'untested'] as const;
export type DeviceResult = (typeof DEVICE_RESULTS)[number];
export const deviceCheckSchema = z
  .object({ camera: z.enum(DEVICE_RESULTS), microphone: z.enum(DEVICE_RESULTS), speaker: z.enum(DEVICE_RESULTS) })
  .strict();
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
export const signalDataSchema = z
  .union([
    z.object({ type: z.enum(['offer', 'answer', 'pranswer', 'rollback']), sdp: z.string().max(MAX_SIGNAL_BYTES) }).strict(),
    z.object({ type: z.literal('candidate'), candidate: z.object({ candidate: z.string().max(2048), sdpMid: z.string().max(64).nullable().optional(), sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(), usernameFragment: z.string().max(256).nullable().optional() }).strict() }).strict(),
    // simple-peer's own messages, as it sends them (type and flag both present).
    z.object({ type: z.literal('renegotiate'), renegotiate: z.literal(true) }).strict(),
    z.object({
      type: z.literal('transceiverRequest'),
      transceiverRequest: z.object({ kind: z.enum(['audio', 'video']), init: z.record(z.string(), z.unknown()).optional() }),
    }).strict(),
  ]);
export type SignalData = z.infer<typeof signalDataSchema>;

export const roomOpenSchema = z.object({ appointmentId }).strict();
export const roomCloseSchema = z.object({ appointmentId }).strict();
export const signalSchema = z.object({ appointmentId, to: participantId, connection: connectionId, data: signalDataSchema }).strict();
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

/** What a citizen's or interpreter's page may show of the appointment they joined. */
export interface JoinedAppointment {
  startsAt: string;
  endsAt: string;
  kepName: string;
  category: 1 | 2 | 3 | 4;
}

export interface InterpreterInvitation {
  url: string;
  validFrom: string;
  validUntil: string;
}

export interface JoinedRoom {
  self: Participant;
  room: RoomState;
  iceServers: IceServer[];
  /** For citizens and interpreters; the desk has the appointment already. */
  appointment: JoinedAppointment | null;
  /** Whether the identity check has passed, so the citizen's camera is optional. */
  cameraOptional: boolean;
}

export interface ClientToServerEvents {
  /** Employee workstation: open the appointment's room, letting its waiting participants in. */
  'room:open': (payload: z.input<typeof roomOpenSchema>, ack: (result: Ack<JoinedRoom>) => void) => void;
  /** Employee workstation: close the room; participants go back to waiting. */
  'room:close': (payload: z.input<typeof roomCloseSchema>, ack: (result: Ack<null>) => void) => void;
  /** Employee workstation: the state of every appointment of its KEP that has someone connected. */
  'kep:rooms': (payload: Record<string, never>, ack: (result: Ack<RoomState[]>) => void) => void;
  /** Citizen or interpreter: where do I stand? (the appointment comes from the join link) */
  'room:join': (payload: Record<string, never>, ack: (result: Ack<JoinedRoom>) => void) => void;
  /** Any member of an open room: a WebRTC signal for one other member. */
  signal: (payload: z.input<typeof signalSchema>, ack?: (result: Ack<null>) => void) => void;
  /** Citizen or interpreter: the result of their device check, shown to the KEP while they wait. */
  'devices:report': (payload: z.input<typeof deviceReportSchema>, ack: (result: Ack<null>) => void) => void;
  /** Anyone in the appointment's room: microphone and camera on or off. */
  'media:state': (payload: z.input<typeof mediaReportSchema>, ack: (result: Ack<null>) => void) => void;
  /** Employee workstation: a join link for a sign-language interpreter (category 3 only). */
  'interpreter:invite': (payload: z.input<typeof roomOpenSchema>, ack: (result: Ack<InterpreterInvitation>) => void) => void;
  /** Employee workstation in the open call: the citizen's identity check passed; their camera becomes optional. */
  'verification:passed': (payload: z.input<typeof roomOpenSchema>, ack: (result: Ack<null>) => void) => void;
  /** Any member of an open call: a chat message for everyone in it. */
  'chat:send': (payload: z.input<typeof chatSendSchema>, ack: (result: Ack<ChatMessage>) => void) => void;
}

export interface ServerToClientEvents {
  'room:state': (state: RoomState) => void;
  /** Sent to a KEP's workstations when its appointments or their work changed: pull the change feed. */
  'appointments:changed': (payload: { cursor: number }) => void;
  signal: (payload: { appointmentId: string; from: string; connection: string; data: SignalData }) => void;
  'chat:message': (message: ChatMessage) => void;
  /** The identity check passed: the citizen may turn the camera off. */
  'camera:optional': (payload: { appointmentId: string }) => void;
  /** The employee ended the call (members go back to the lobby). */
  'call:ended': (payload: { appointmentId: string }) => void;
}

/**
 * The handshake's `auth` object. Not strict: on reconnection the Socket.IO client adds its own
 * `pid` and `offset` fields to recover the session.
 */
export const socketAuthSchema = z.union([
  z.object({ kind: z.literal('workstation'), workstationToken: z.string().min(16).max(512), accessToken: z.string().min(16).max(4096) }),
  z.object({ kind: z.literal('participant'), joinToken: z.string().min(16).max(4096) }),
]);
export type SocketAuth = z.infer<typeof socketAuthSchema>;

export const CLIENT_EVENTS = ['room:open', 'room:close', 'room:join', 'kep:rooms', 'signal', 'devices:report', 'media:state', 'chat:send', 'interpreter:invite', 'verification:passed'] as const satisfies readonly (keyof ClientToServerEvents)[];
