import type { Server as HttpServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server, type Socket } from 'socket.io';
import { createLogger } from '../../../src-shared/log';
import { CLIENT_EVENTS, type ClientEvent, MAX_SIGNAL_BYTES } from '../../../src-shared/protocol/constants';
import {
  type AckValue,
  CLIENT_EVENT_TABLE,
  type ClientToServerEvents,
  type ParsedPayload,
  type ServerToClientEvents,
} from '../../../src-shared/protocol/socket-events';
import {
  type Ack,
  type AckError,
  type ChatMessage,
  type InterpreterInvitation,
  type JoinedRoom,
  type Participant,
  type PreparedRoom,
  type RoomState,
} from '../../../src-shared/protocol/signaling';
import type { HubLimits } from '../limits/limits';
import { clientAddress } from '../limits/client-address';
import { payloadShapeProblem } from '../limits/payload-shape';
import { RateLimiter } from '../limits/rate-limiter';
import { linkBase } from '../http/public-url';
import type { HubStore } from '../store/hub-store';
import { joinUrl } from '../../../src-shared/protocol/hub-api';
import { issueJoinToken } from '../auth/join-links';
import { type IceConfig, iceServersFor } from './ice-servers';
import { createCallRooms } from './call-rooms';
import { RecoveryAdapter } from './recovery-adapter';
import { callRoom, kepParticipantsRoom, kepRoom, lobbyRoom, memberRoom } from './room-names';
import { type HandshakeProof, identify, recheckIdentity, type SocketIdentity } from './socket-identity';

const log = createLogger('hub-socket');

export interface RealtimeOptions {
  ice: IceConfig;
  limits: HubLimits;
  /** A Socket.IO adapter factory (Redis Streams) when several hub processes share rooms. */
  adapter?: Parameters<Server['adapter']>[0];
  /** How often connected sockets' credentials are checked again (revoked links, expired sessions). */
  revalidateMs?: number;
  /** Where citizens reach the hub, for the links it hands out (public-url.ts). */
  publicUrl?: string;
  /** Where the hub listens: only on loopback may a link fall back to the address the desk used. */
  listenHost: string;
  /** Set by the owner when the hub stops: leaving sockets then announce nothing to anyone. */
  shutdown?: { closing: boolean };
}

/**
 * How long the credential re-check may hold the event loop before it lets relaying go on. A
 * slice counted in sockets (250, some 40 ms at ~0.17 ms a socket in a profile on a loaded machine)
 * delayed every signal arriving meanwhile: at 10,000 sockets one pass is 40 such stalls, enough
 * to set the relay's p99.
 */
const REVALIDATE_SLICE_MS = 2;

type KepSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketIdentity>;
type KepServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketIdentity>;
type ParticipantIdentity = Extract<SocketIdentity, { kind: 'participant' }>;
type Handler<E extends ClientEvent> = (socket: KepSocket, payload: ParsedPayload<E>) => Promise<Ack<AckValue<E>>> | Ack<AckValue<E>>;

/** What a socket's handshake.auth becomes once checked: its tokens are not kept (HandshakeProof). */
const CHECKED_AUTH: Record<string, never> = Object.freeze({});

const refuse = (code: AckError['code'], message: string): Ack<never> => ({ ok: false, error: { code, message } });

/** Client text (an event name, a key a schema refused) in a log line or an answer: bounded, and a string. */
const quoted = (value: unknown, max = 80): string => (typeof value === 'string' ? value.slice(0, max) : `(${value === null ? 'null' : typeof value})`);

const describe = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** Work started and not awaited: its failure is logged, never left to end the process as an unhandled rejection. */
const background = (work: Promise<unknown> | void, what: string): void => {
  if (work) work.catch((error: unknown) => log.error(`${what} failed`, { error: describe(error) }));
};

/**
 * Signaling: one room per appointment. Citizens and interpreters wait in its lobby until the
 * employee opens the call; then signals pass only between members of that call.
 */
export function attachSocketServer(httpServer: HttpServer, store: HubStore, options: RealtimeOptions): KepServer {
  const io: KepServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    cors: { origin: false },
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    adapter: options.adapter ?? RecoveryAdapter,
  });
  const { limits } = options;
  const shutdown = options.shutdown ?? { closing: false };
  const connections = new RateLimiter(limits.connectionsBurst, limits.connectionsPerSecond);
  const signals = new RateLimiter(limits.signalsBurst, limits.signalsPerSecond);
  const roomOps = new RateLimiter(limits.roomOpsBurst, limits.roomOpsPerSecond);
  const perAddress = new RateLimiter(limits.addressEventsBurst, limits.addressEventsPerSecond);
  const buckets = { signals, roomOps };

  const addressOf = (socket: KepSocket): string => clientAddress(socket.handshake.headers, socket.handshake.address, limits.trustProxy);
  /** Each connected socket's proof, for the periodic re-check; kept here, not in `socket.data`, which other hub processes read. */
  const proofs = new WeakMap<KepSocket, HandshakeProof>();

  io.use((socket, next) => {
    let address = 'unknown';
    let result: ReturnType<typeof identify>;
    try {
      address = addressOf(socket);
      if (!socket.recovered && !connections.take(address)) {
        log.warn('connection rate exceeded', { address });
        next(new Error('rate_limited'));
        return;
      }
      result = identify(store, socket.handshake.auth, socket.recovered ? socket.data : undefined);
    } catch (error) {
      // A damaged record, or a handshake nobody foresaw, must cost one refused connection, never the hub.
      log.error('identifying a socket failed', { error: describe(error) });
      result = { ok: false, reason: 'internal error' };
    }
    if (!result.ok) {
      log.warn('refused socket', { address, reason: result.reason });
      next(new Error('unauthorized'));
      return;
    }
    socket.data = result.identity;
    proofs.set(socket, result.proof);
    socket.handshake.auth = CHECKED_AUTH;
    next();
  });

  const rooms = createCallRooms(io, store);
  /** The figures' moments of people let into a call: a citizen's admission (the first counts), an interpreter's presence. */
  const recordAdmitted = (appointmentId: string, members: readonly Participant[], at: number): void => {
    for (const member of members) {
      if (member.role === 'citizen') store.appointmentFacts.admitted(appointmentId, at);
      if (member.role === 'interpreter') store.appointmentFacts.interpreterJoined(appointmentId);
    }
  };
  const cameraOptional = (appointmentId: string): boolean => store.verifications.hasPassed(appointmentId);
  /** The answer to joining a call, for a citizen or interpreter (with their booking) or a desk (without). */
  const joined = (self: Participant, room: RoomState, appointment: JoinedRoom['appointment'], appointmentId: string): JoinedRoom => ({
    self,
    room,
    iceServers: iceServersFor(options.ice, self.id),
    appointment,
    cameraOptional: cameraOptional(appointmentId),
  });

  // Every socket shares one set of handlers and listeners, given the socket: with ten thousand
  // sockets, closures of their own per event (and the listener maps they fill) cost kilobytes each.
  const handlers: { [E in ClientEvent]: Handler<E> } = {
    'room:join': async (socket): Promise<Ack<JoinedRoom>> => {
      const identity = socket.data;
      if (identity.kind !== 'participant') return refuse('forbidden', 'Workstations open calls with room:open.');
      const room = await rooms.state(identity.appointmentId);
      const booked = store.getAppointment(identity.appointmentId);
      if (!booked) return refuse('not_found', 'The appointment no longer exists.');
      const appointment = { startsAt: booked.startsAt, endsAt: booked.endsAt, kepName: store.getKep(booked.kepId)?.name ?? '', category: booked.category };
      return { ok: true, value: joined(identity.participant, room, appointment, identity.appointmentId) };
    },

    'kep:rooms': async (socket): Promise<Ack<RoomState[]>> => {
      const identity = socket.data;
      if (identity.kind !== 'workstation') return refuse('forbidden', 'Only a KEP workstation can list its rooms.');
      return { ok: true, value: await rooms.kepStates(identity.kepId) };
    },

    'room:open': async (socket, { appointmentId }): Promise<Ack<JoinedRoom>> => {
      const identity = socket.data;
      const refused = rooms.refusalToOpen(identity, appointmentId);
      if (refused) return { ok: false, error: refused };
      await socket.join([callRoom(appointmentId), memberRoom(appointmentId, identity.participant.id)]);
      const admitted = await rooms.admitWaiting(appointmentId);
      // A link prepared for this call is now the call's (nobody is told to end it); one prepared
      // for another appointment ends, since this desk serves one citizen at a time.
      const preparing = rooms.preparing(socket);
      if (preparing) await rooms.unprepare(preparing, identity.participant.id, preparing !== appointmentId, socket);
      const now = Date.now();
      if (identity.kind === 'workstation') store.appointmentFacts.callOpened(appointmentId, now, identity.userId);
      recordAdmitted(appointmentId, admitted, now);
      const room = await rooms.announce(appointmentId, identity.kepId);
      log.info('call opened', { appointmentId, socket: socket.id });
      return { ok: true, value: joined(identity.participant, room, null, appointmentId) };
    },

    'room:close': async (socket, { appointmentId }): Promise<Ack<null>> => {
      const identity = socket.data;
      if (identity.kind !== 'workstation') return refuse('forbidden', 'Only a KEP workstation can close a call.');
      if (!socket.rooms.has(callRoom(appointmentId))) return refuse('not_member', 'This call is not open here.');
      io.to(callRoom(appointmentId)).except(socket.id).emit('call:ended', { appointmentId });
      await rooms.dismiss(appointmentId);
      store.recordCallEnd(appointmentId, Date.now());
      await rooms.announce(appointmentId, identity.kepId);
      log.info('call closed', { appointmentId, socket: socket.id });
      return { ok: true, value: null };
    },

    'room:prepare': async (socket, { appointmentId }): Promise<Ack<PreparedRoom>> => {
      const identity = socket.data;
      const refused = rooms.refusalToOpen(identity, appointmentId);
      if (refused) return { ok: false, error: refused };
      if (socket.rooms.has(callRoom(appointmentId))) return refuse('conflict', 'This call is open here already.');
      const deskId = identity.participant.id;
      const before = rooms.preparing(socket);
      if (before && before !== appointmentId) await rooms.unprepare(before, deskId, true, socket);
      const participants = await rooms.linkWaiting(socket, appointmentId);
      return { ok: true, value: { self: identity.participant, iceServers: iceServersFor(options.ice, deskId), participants } };
    },

    'room:unprepare': async (socket, { appointmentId }): Promise<Ack<null>> => {
      const identity = socket.data;
      if (identity.kind !== 'workstation') return refuse('forbidden', 'Only a KEP workstation prepares calls.');
      if (rooms.preparing(socket) !== appointmentId) return refuse('not_member', 'This appointment is not being prepared here.');
      await rooms.unprepare(appointmentId, identity.participant.id, true, socket);
      return { ok: true, value: null };
    },

    signal: (socket, { appointmentId, to, connection, data }): Ack<null> => {
      const identity = socket.data;
      // Only members of this call have a mailbox for it, and only the two ends of a prepared link
      // one for it, so nobody else can be reached.
      const mailbox = socket.rooms.has(callRoom(appointmentId)) ? memberRoom(appointmentId, to) : rooms.preparedMailbox(socket, appointmentId, to);
      if (!mailbox) return refuse('not_member', 'Signals can only be sent inside an open call you are in, or on a prepared link.');
      // Safe to serialise: receive() has bounded the payload's depth (payload-shape.ts).
      if (JSON.stringify(data).length > MAX_SIGNAL_BYTES) return refuse('invalid_input', 'The signal is too large.');
      io.to(mailbox).emit('signal', { appointmentId, from: identity.participant.id, connection, data });
      return { ok: true, value: null };
    },

    'devices:report': async (socket, devices): Promise<Ack<null>> => {
      const identity = socket.data;
      if (identity.kind !== 'participant') return refuse('forbidden', 'Only citizens and interpreters report a device check.');
      socket.data.devices = devices;
      await rooms.announce(identity.appointmentId, identity.kepId);
      return { ok: true, value: null };
    },

    'media:state': async (socket, { appointmentId, media }): Promise<Ack<null>> => {
      const identity = socket.data;
      const inRoom = identity.kind === 'participant' ? identity.appointmentId === appointmentId : socket.rooms.has(callRoom(appointmentId));
      if (!inRoom) return refuse('not_member', 'You are not in this appointment’s room.');
      // The camera exists for the identity check: a citizen whose camera works keeps it on until
      // the check passed (one without a working camera can still mute).
      const cameraWorks = socket.data.devices?.camera === 'ok';
      if (
        identity.participant.role === 'citizen' &&
        !media.video &&
        cameraWorks &&
        socket.rooms.has(callRoom(appointmentId)) &&
        !cameraOptional(appointmentId)
      ) {
        return refuse('locked', 'The camera stays on until the employee has checked your identity.');
      }
      socket.data.media = media;
      await rooms.announce(appointmentId, identity.kepId);
      return { ok: true, value: null };
    },

    'interpreter:invite': (socket, { appointmentId }): Ack<InterpreterInvitation> => {
      const identity = socket.data;
      if (identity.kind !== 'workstation' || identity.role === 'it-admin') return refuse('forbidden', 'Only KEP staff invite interpreters.');
      const appointment = store.getAppointment(appointmentId);
      if (!appointment || appointment.kepId !== identity.kepId) return refuse('not_found', 'There is no such appointment at this KEP.');
      if (appointment.category !== 3) return refuse('conflict', 'Sign-language interpreters join category 3 appointments only.');
      if (appointment.status !== 'booked') return refuse('conflict', `The appointment is ${appointment.status}.`);
      // Checked before a link is issued: a link nobody can be given must not exist. (The desk
      // shows a `conflict`'s message as it is; its own text for not_configured means "not enrolled".)
      const base = linkBase(options.publicUrl, options.listenHost, socket.handshake.headers.host);
      if (!base.ok) return refuse('conflict', base.message);
      const { token, validFrom, validUntil } = issueJoinToken(store, appointmentId, 'interpreter');
      log.info('interpreter invited', { appointmentId, user: identity.userId });
      return { ok: true, value: { url: joinUrl(base.base, token), validFrom, validUntil } };
    },

    'verification:passed': (socket, { appointmentId }): Ack<null> => {
      const identity = socket.data;
      if (identity.kind !== 'workstation' || identity.role === 'it-admin') return refuse('forbidden', 'Only KEP staff check identities.');
      if (!socket.rooms.has(callRoom(appointmentId))) return refuse('not_member', 'This call is not open here.');
      store.transaction(() => {
        store.verifications.recordPass(appointmentId, identity.workstationId);
        store.appointmentFacts.verificationPassed(appointmentId);
      });
      io.to(callRoom(appointmentId)).emit('camera:optional', { appointmentId });
      log.info('identity check passed', { appointmentId, user: identity.userId });
      return { ok: true, value: null };
    },

    'chat:send': (socket, { appointmentId, text }): Ack<ChatMessage> => {
      const identity = socket.data;
      if (!socket.rooms.has(callRoom(appointmentId))) return refuse('not_member', 'Messages can only be sent inside an open call you are in.');
      const message: ChatMessage = { appointmentId, id: randomUUID(), from: identity.participant, text, at: new Date().toISOString() };
      io.to(callRoom(appointmentId)).emit('chat:message', message);
      return { ok: true, value: message };
    },
  };

  /** Refused events per socket; only sockets that ever misbehaved have an entry. */
  const violations = new Map<string, number>();
  const violation = (socket: KepSocket, what: string, detail?: Record<string, unknown>): void => {
    const count = (violations.get(socket.id) ?? 0) + 1;
    violations.set(socket.id, count);
    if (count === 1 || count % 50 === 0) log.warn('refused event', { what, socket: socket.id, violations: count, ...detail });
    if (count >= limits.maxViolations) {
      log.warn('disconnecting an abusive socket', { socket: socket.id, address: addressOf(socket) });
      socket.disconnect(true);
    }
  };

  /**
   * Runs a client event behind its rate bucket, the payload's shape (payload-shape.ts) and its
   * schema (socket-events.ts); always answers the ack.
   */
  /** Answers an event's ack when the client asked for one; an ack that throws costs a log line, never the hub. */
  const answer = (socket: KepSocket, event: ClientEvent, maybeAck: unknown, result: Ack<unknown>): void => {
    if (typeof maybeAck !== 'function') return;
    try {
      (maybeAck as (r: Ack<unknown>) => void)(result);
    } catch (error) {
      log.error('answering an event failed', { event, socket: socket.id, error: describe(error) });
    }
  };

  const handle = <E extends ClientEvent>(socket: KepSocket, event: E, payload: unknown, maybeAck: unknown): void => {
    const { payload: schema, bucket } = CLIENT_EVENT_TABLE[event];
    if (!buckets[bucket].take(socket.id) || !perAddress.take(addressOf(socket))) {
      violation(socket, 'rate', { event });
      return answer(socket, event, maybeAck, refuse('rate_limited', 'Too many messages; slow down.'));
    }
    // Before the schema, and before anything that recurses over the payload (the size check
    // of a signal, the encoder relaying it), the payload's depth and size are bounded.
    const shape = payloadShapeProblem(payload);
    if (shape) {
      violation(socket, 'invalid', { event, issue: shape });
      return answer(socket, event, maybeAck, refuse('invalid_input', `Invalid ${event}: ${shape}.`));
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = quoted(parsed.error.issues[0]?.message ?? 'payload', 200);
      violation(socket, 'invalid', { event, issue });
      return answer(socket, event, maybeAck, refuse('invalid_input', `Invalid ${event}: ${issue}`));
    }
    const result = (handlers[event] as Handler<E>)(socket, parsed.data as ParsedPayload<E>);
    // A handler that answers at once (a signal) is answered at once: a promise and its callbacks
    // for each of thousands of signals a second are garbage the relay's tail latency pays for.
    if (!(result instanceof Promise)) return answer(socket, event, maybeAck, result);
    result.then(
      (value) => answer(socket, event, maybeAck, value),
      (error: unknown) => {
        log.error('handler failed', { event, error: describe(error) });
        answer(socket, event, maybeAck, refuse('internal', 'The hub could not handle this message.'));
      },
    );
  };

  /**
   * Every event a socket sends (registered with onAny; Socket.IO calls it with the socket as
   * `this`). Event names come from the client: a number, an object or an array is as possible as
   * a string. Nothing a client sends can make it throw past here.
   */
  function onClientEvent(this: KepSocket, event: unknown, payload?: unknown, maybeAck?: unknown): void {
    try {
      if (!this.connected) return;
      if (typeof event !== 'string' || !(CLIENT_EVENTS as readonly string[]).includes(event)) {
        violation(this, 'unknown event', { event: quoted(event, 40) });
        return;
      }
      handle(this, event as ClientEvent, payload, maybeAck);
    } catch (error) {
      // The last line of defence: an exception here would otherwise end the process.
      log.error('handler failed', { event: quoted(event, 40), socket: this.id, error: describe(error) });
      if (typeof maybeAck === 'function') (maybeAck as (r: Ack<never>) => void)(refuse('internal', 'The hub could not handle this message.'));
    }
  }

  /** A leaving socket: once it has left its rooms, the rooms it was waiting or in a call in are told. */
  function onDisconnecting(this: KepSocket): void {
    const { id } = this;
    const { kepId } = this.data;
    const leaving = new Set([...this.rooms].filter((r) => r.startsWith('call:') || r.startsWith('lobby:')).map((r) => r.slice(r.indexOf(':') + 1)));
    const preparing = this.data.kind === 'workstation' ? rooms.preparing(this) : null;
    const deskId = this.data.participant.id;
    this.once('disconnect', () => {
      signals.forget(id);
      roomOps.forget(id);
      violations.delete(id);
      if (shutdown.closing) return;
      // A workstation gone for good (not recovered within the window) prepares nothing any more.
      if (preparing) background(rooms.unprepare(preparing, deskId, true), 'ending a prepared link');
      for (const appointmentId of leaving) background(rooms.announce(appointmentId, kepId), 'announcing a room');
    });
  }

  /**
   * A participant's fresh connection: one link, one live connection (a reloaded page takes over
   * from the old one, and keeps its place in the queue); then the lobby, and the call if open.
   */
  const arrive = async (socket: KepSocket, identity: ParticipantIdentity): Promise<void> => {
    const { appointmentId, participant, linkId } = identity;
    for (const other of await io.in(lobbyRoom(appointmentId)).fetchSockets()) {
      if (other.data.kind !== 'participant' || other.data.linkId !== linkId) continue;
      if (other.data.since < socket.data.since) socket.data.since = other.data.since;
      socket.data.devices ??= other.data.devices;
      other.disconnect(true);
    }
    await socket.join([lobbyRoom(appointmentId), kepParticipantsRoom(identity.kepId)]);
    if (participant.role === 'citizen') store.appointmentFacts.arrived(appointmentId, Date.parse(socket.data.since));
    const state = await rooms.state(appointmentId);
    if (state.open) {
      await socket.join([callRoom(appointmentId), memberRoom(appointmentId, participant.id)]);
      recordAdmitted(appointmentId, [participant], Date.now());
    } else {
      await rooms.prepareArrival(socket, appointmentId);
    }
    await rooms.announce(appointmentId, identity.kepId);
  };

  const onConnection = (socket: KepSocket): void => {
    const identity = socket.data;
    socket.onAny(onClientEvent);
    socket.on('disconnecting', onDisconnecting);
    if (identity.kind === 'workstation') background(socket.join(kepRoom(identity.kepId)), 'joining the KEP room');
    if (identity.kind === 'participant' && !socket.recovered) background(arrive(socket, identity), 'a participant arriving');
    if (socket.recovered) {
      // Back after a short drop with its rooms: tell the others it is there again.
      for (const room of socket.rooms) {
        if (room.startsWith('call:') || room.startsWith('lobby:'))
          background(rooms.announce(room.slice(room.indexOf(':') + 1), identity.kepId), 'announcing a room');
      }
    }
  };

  io.on('connection', (socket: KepSocket) => {
    try {
      onConnection(socket);
    } catch (error) {
      // Setting up one socket must never cost the hub: that socket goes, the others stay.
      log.error('setting up a socket failed', { socket: socket.id, error: describe(error) });
      socket.disconnect(true);
    }
  });

  // Credentials are checked at the handshake and then again periodically: a cancelled
  // appointment, a revoked link or an expired session ends the connection within this interval.
  // The pass yields to the event loop whenever a slice has run its time, so thousands of sockets
  // never stall relaying.
  const recheck = (socket: KepSocket): void => {
    if (!socket.connected) return;
    let reason: string | null;
    try {
      const proof = proofs.get(socket);
      reason = proof ? recheckIdentity(store, socket.data, proof) : 'no credentials kept';
    } catch (error) {
      log.error('re-checking a socket failed', { error: String(error) });
      return;
    }
    if (reason) {
      log.info('credentials no longer valid; disconnecting', { socket: socket.id, reason });
      socket.disconnect(true);
    }
  };
  const revalidateAll = async (sockets: KepSocket[]): Promise<void> => {
    let sliceStarted = performance.now();
    for (const socket of sockets) {
      // A stopping hub disconnects everyone anyway; the rest of the pass would only delay its exit.
      if (shutdown.closing) return;
      recheck(socket);
      if (performance.now() - sliceStarted < REVALIDATE_SLICE_MS) continue;
      await new Promise((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
  };
  let revalidating = false;
  const revalidate = setInterval(() => {
    if (revalidating || shutdown.closing) return;
    revalidating = true;
    void revalidateAll([...io.sockets.sockets.values()])
      .catch((error: unknown) => log.error('re-checking sockets failed', { error: describe(error) }))
      .finally(() => (revalidating = false));
  }, options.revalidateMs ?? 30_000);
  revalidate.unref();
  httpServer.on('close', () => clearInterval(revalidate));

  return io;
}
