// As a namespace: the page's bundle then keeps only the zod it uses (protocol/inbox.ts).
import * as z from 'zod';
import { CLIENT_EVENTS, type ClientEvent, type ServerEvent } from './constants';
import { dispatchStatusSchema } from './dispatch';
import {
  type Ack,
  ackErrorSchema,
  chatMessageSchema,
  chatSendSchema,
  deviceReportSchema,
  interpreterInvitationSchema,
  joinedRoomSchema,
  mediaReportSchema,
  participantIdSchema,
  roomCloseSchema,
  roomOpenSchema,
  roomPrepareSchema,
  roomStateSchema,
  callPrepareSchema,
  callUnpreparedSchema,
  preparedRoomSchema,
  signalDataSchema,
  signalSchema,
  connectionIdSchema,
} from './signaling';

/**
 * The hub's Socket.IO events, declared once (PROTOCOL.md §5.3, §5.4): the hub registers and
 * validates what clients send from this table, and the desk and the citizen's page validate
 * what the hub answers and sends with it. The typed maps Socket.IO wants are derived from it.
 *
 * A client event has its payload schema, its ack value's schema and its rate bucket (signals:
 * the busy ones; roomOps: the rest). Every one answers through its ack; only `signal`'s ack is
 * optional, since a client sends many.
 */
type ClientEventSpec = { payload: z.ZodType; ack: z.ZodType; bucket: 'signals' | 'roomOps'; ackOptional?: true };

const nothing = z.object({}).strict();
const appointmentRef = z.object({ appointmentId: z.string() });

export const CLIENT_EVENT_TABLE = {
  /** Employee workstation: open the appointment's room, letting its waiting participants in. */
  'room:open': { payload: roomOpenSchema, ack: joinedRoomSchema, bucket: 'roomOps' },
  /** Employee workstation: close the room; participants go back to waiting. */
  'room:close': { payload: roomCloseSchema, ack: z.null(), bucket: 'roomOps' },
  /** Citizen or interpreter: where do I stand? (the appointment comes from the join link) */
  'room:join': { payload: nothing, ack: joinedRoomSchema, bucket: 'roomOps' },
  /** Employee workstation: the state of every appointment of its KEP that has someone connected. */
  'kep:rooms': { payload: nothing, ack: z.array(roomStateSchema), bucket: 'roomOps' },
  /** Any member of an open room: a WebRTC signal for one other member. */
  signal: { payload: signalSchema, ack: z.null(), bucket: 'signals', ackOptional: true },
  /** Citizen or interpreter: the result of their device check, shown to the KEP while they wait. */
  'devices:report': { payload: deviceReportSchema, ack: z.null(), bucket: 'roomOps' },
  /** Anyone in the appointment's room: microphone and camera on or off. */
  'media:state': { payload: mediaReportSchema, ack: z.null(), bucket: 'roomOps' },
  /** Any member of an open call: a chat message for everyone in it. */
  'chat:send': { payload: chatSendSchema, ack: chatMessageSchema, bucket: 'signals' },
  /** Employee workstation: a join link for a sign-language interpreter (category 3 only). */
  'interpreter:invite': { payload: roomOpenSchema, ack: interpreterInvitationSchema, bucket: 'roomOps' },
  /** Employee workstation in the open call: the citizen's identity check passed; their camera becomes optional. */
  'verification:passed': { payload: roomOpenSchema, ack: z.null(), bucket: 'roomOps' },
  /** Employee workstation: set up connections with no media to the appointment's waiting participants (§5.2a). */
  'room:prepare': { payload: roomPrepareSchema, ack: preparedRoomSchema, bucket: 'roomOps' },
  /** Employee workstation: end its prepared connections for the appointment. */
  'room:unprepare': { payload: roomPrepareSchema, ack: z.null(), bucket: 'roomOps' },
} as const satisfies { [E in ClientEvent]: ClientEventSpec };

export const SERVER_EVENT_TABLE = {
  'room:state': roomStateSchema,
  /** Sent to a KEP's workstations when its appointments or their work changed: pull the change feed. */
  'appointments:changed': z.object({ cursor: z.number().int().min(0) }),
  signal: z.object({ appointmentId: z.string(), from: participantIdSchema, connection: connectionIdSchema, data: signalDataSchema }),
  'chat:message': chatMessageSchema,
  /** The identity check passed: the citizen may turn the camera off. */
  'camera:optional': appointmentRef,
  /** The employee ended the call (members go back to the lobby). */
  'call:ended': appointmentRef,
  /** A workstation prepares a connection with no media to this waiting participant. */
  'call:prepare': callPrepareSchema,
  /** That workstation's prepared connection is over: destroy it. */
  'call:unprepared': callUnpreparedSchema,
  /** Sent to a KEP's workstations when the hub recorded a mail outcome of one of its dispatches (§5b.8). */
  'dispatch:state': dispatchStatusSchema,
} as const satisfies { [E in ServerEvent]: z.ZodType };

type ClientTable = typeof CLIENT_EVENT_TABLE;
export type EventPayload<E extends ClientEvent> = z.input<ClientTable[E]['payload']>;
export type ParsedPayload<E extends ClientEvent> = z.output<ClientTable[E]['payload']>;
export type AckValue<E extends ClientEvent> = z.output<ClientTable[E]['ack']>;

export type ClientToServerEvents = {
  [E in ClientEvent]: ClientTable[E] extends { ackOptional: true }
    ? (payload: EventPayload<E>, ack?: (result: Ack<AckValue<E>>) => void) => void
    : (payload: EventPayload<E>, ack: (result: Ack<AckValue<E>>) => void) => void;
};

export type ServerToClientEvents = { [E in ServerEvent]: (payload: z.output<(typeof SERVER_EVENT_TABLE)[E]>) => void };

const ackSchemas = new Map(
  CLIENT_EVENTS.map((event) => [
    event,
    z.union([z.object({ ok: z.literal(true), value: CLIENT_EVENT_TABLE[event].ack }), z.object({ ok: z.literal(false), error: ackErrorSchema })]),
  ]),
);

/** The hub's answer to a client event, checked; null if it is not what the table says. */
export function parseAck<E extends ClientEvent>(event: E, result: unknown): Ack<AckValue<E>> | null {
  const parsed = ackSchemas.get(event)?.safeParse(result);
  return parsed?.success ? (parsed.data as Ack<AckValue<E>>) : null;
}

/** An event the hub sent, checked; null if it is not what the table says. */
export function parseServerEvent<E extends ServerEvent>(event: E, payload: unknown): z.output<(typeof SERVER_EVENT_TABLE)[E]> | null {
  const parsed = SERVER_EVENT_TABLE[event].safeParse(payload);
  return parsed.success ? (parsed.data as z.output<(typeof SERVER_EVENT_TABLE)[E]>) : null;
}
