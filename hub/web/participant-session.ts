import { io, type Socket } from 'socket.io-client';
import type { ServerEvent } from '../../src-shared/protocol/constants';
import { type ClientToServerEvents, parseAck, parseServerEvent, type ServerToClientEvents } from '../../src-shared/protocol/socket-events';
import type { ChatMessage, DeviceCheck, JoinedRoom, MediaState, Participant, RoomMember, RoomState } from '../../src-shared/protocol/signaling';
import { CallSession, type RemoteParty } from '../../src-web/media/call-session';

type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * connecting: first attempt; connected: in the lobby or the call; reconnecting: the hub cannot be
 * reached, socket.io tries again; refused: the hub refused the link (invalid, too early, too
 * late, cancelled); replaced: the hub closed this connection (the link was opened elsewhere, or
 * it is no longer valid) and it will not come back by itself.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'refused' | 'replaced';

export interface SessionSnapshot {
  connection: ConnectionState;
  joined: JoinedRoom | null;
  room: RoomState | null;
  /** This participant as the room lists them (since when they wait, what they reported). */
  me: RoomMember | null;
  /** A call is under way for this page (from admission until `call:ended`). */
  inCall: boolean;
  /** The last call ended, and no new one has started. */
  ended: boolean;
  remotes: RemoteParty[];
  chat: ChatMessage[];
  /** Whether this page sends sound and picture; null for a kind it has no track of. */
  media: { audio: boolean | null; video: boolean | null };
  /** The identity check passed: a citizen may now turn the camera off. */
  cameraOptional: boolean;
}

export interface ParticipantSessionOptions {
  token: string;
  /** The stream opened at the device check; the call sends exactly it. */
  stream: MediaStream | null;
  devices: DeviceCheck;
  /** How long to wait before asking again with a refused link (it may be too early). */
  refusedRetryMs?: number;
}

const ACK_TIMEOUT_MS = 10_000;
/** Enough for an offer and its candidates; a hub that sends more before the page has a session is not followed. */
const MAX_EARLY_SIGNALS = 64;

type RelayedSignal = Parameters<ServerToClientEvents['signal']>[0];

/**
 * The page's side of the hub: the socket with the join link, the lobby, and the call once the
 * employee opens it. Events are handled in the order they arrive, so a call that has ended is
 * never restarted by an older room state. React reads it through `subscribe`/`getSnapshot`.
 */
export class ParticipantSession {
  private readonly socket: HubSocket;
  private readonly stream: MediaStream;
  /** The call's peers; before the call, the peers prepared with the workstations in `preparers` (send nothing). */
  private call: CallSession | null = null;
  /** Workstations that announced a prepared link (PROTOCOL.md §5.2a), by participant id. */
  private readonly preparers = new Map<string, Participant>();
  /**
   * Signals that came before there was a session to take them: a desk preparing this page's new
   * connection may offer before the hub's answer to room:join arrives. The next session gets them.
   */
  private early: RelayedSignal[] = [];
  private listeners = new Set<() => void>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private snapshot: SessionSnapshot;

  constructor(private readonly options: ParticipantSessionOptions) {
    // Without any device the peer still receives: an empty stream sends nothing.
    this.stream = options.stream ?? new MediaStream();
    const has = (kind: 'audio' | 'video'): boolean | null => (this.stream.getTracks().some((t) => t.kind === kind) ? true : null);
    this.snapshot = {
      connection: 'connecting',
      joined: null,
      room: null,
      me: null,
      cameraOptional: false,
      inCall: false,
      ended: false,
      remotes: [],
      chat: [],
      media: { audio: has('audio'), video: has('video') },
    };
    this.socket = io({
      transports: ['websocket'],
      auth: { kind: 'participant', joinToken: options.token },
      autoConnect: false,
      // Back soon after a hub restart: a citizen in a call should not wait long for chat.
      reconnectionDelayMax: 5000,
    });
    this.listen();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => this.snapshot;

  start(): void {
    this.socket.connect();
  }

  /** After a refusal or a closed connection: ask the hub again now. */
  retry(): void {
    if (this.closed) return;
    this.clearRetry();
    this.set({ connection: 'connecting' });
    this.socket.connect();
  }

  /** Mute or camera off, for the others too: the track sends silence or black, and the hub tells them. */
  setMedia(kind: 'audio' | 'video', on: boolean): void {
    if (this.snapshot.media[kind] === null) return;
    for (const track of this.stream.getTracks()) if (track.kind === kind) track.enabled = on;
    this.call?.setEnabled(kind, on);
    this.set({ media: { ...this.snapshot.media, [kind]: on } });
    this.reportMedia();
  }

  async sendChat(text: string): Promise<boolean> {
    const appointmentId = this.snapshot.room?.appointmentId;
    if (!appointmentId || !this.socket.connected) return false;
    try {
      const result = parseAck('chat:send', await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('chat:send', { appointmentId, text }));
      if (result?.ok) this.addChat(result.value);
      return result?.ok === true;
    } catch {
      return false;
    }
  }

  /** Sends a file to the employee over the peer connection (never through the hub). */
  async sendFile(file: File, onProgress: (sent: number) => void): Promise<void> {
    const employee = this.call?.remotes().find((r) => r.participant.role === 'employee' && r.state === 'connected');
    if (!this.call || !employee) throw new Error('not connected');
    const data = new Uint8Array(await file.arrayBuffer());
    await this.call.sendFile(employee.participant.id, { name: file.name, type: file.type, data }, onProgress);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearRetry();
    this.call?.close();
    this.call = null;
    this.socket.close();
    this.listeners.clear();
  }

  private listen(): void {
    const socket = this.socket;
    socket.on('connect', () => {
      this.clearRetry();
      this.set({ connection: 'connected' });
      // A new connection (not a recovered one) starts with no prepared link at the hub; a desk
      // still preparing announces itself again.
      if (!socket.recovered) {
        this.preparers.clear();
        this.early = [];
        this.syncPrepared();
      }
      socket.emit('room:join', {}, (answer) => {
        const result = parseAck('room:join', answer);
        if (!result?.ok || this.closed) return;
        this.set({ joined: result.value, cameraOptional: result.value.cameraOptional });
        this.onRoom(result.value.room);
        this.syncPrepared();
      });
      // Reported at every connection: a fresh one starts with no report at the hub.
      socket.emit('devices:report', this.options.devices, () => undefined);
      if (this.snapshot.inCall) this.reportMedia();
    });
    socket.on('connect_error', (error) => {
      if (this.closed) return;
      if (error.message === 'unauthorized') {
        // Too early, too late, cancelled or not a link at all: the hub does not say which.
        // Asking again now and then lets an early citizen in as soon as the window opens.
        this.set({ connection: 'refused' });
        this.scheduleRetry(this.options.refusedRetryMs ?? 60_000);
        return;
      }
      this.set({ connection: 'reconnecting' });
      // A refusal by the hub's middleware (rate_limited) is not retried by socket.io itself.
      if (!socket.active) this.scheduleRetry(5_000);
    });
    socket.on('disconnect', (reason) => {
      if (this.closed || reason === 'io client disconnect') return;
      // The hub closed it: the link was opened elsewhere, or is no longer valid. Not retried,
      // or two windows would keep taking the link from each other.
      this.set({ connection: reason === 'io server disconnect' ? 'replaced' : 'reconnecting' });
    });
    this.on('room:state', (state) => {
      const known = this.snapshot.joined?.room.appointmentId;
      if (known && state.appointmentId !== known) return;
      this.onRoom(state);
    });
    this.on('signal', (signal) => {
      if (this.call) this.call.receive(signal.from, signal.connection, signal.data);
      else if (this.early.length < MAX_EARLY_SIGNALS) this.early.push(signal);
    });
    this.on('chat:message', (message) => this.addChat(message));
    this.on('call:ended', () => this.endCall());
    this.on('call:prepare', ({ from }) => {
      this.preparers.set(from.id, from);
      this.syncPrepared();
    });
    this.on('call:unprepared', ({ from }) => {
      this.preparers.delete(from);
      this.call?.unprepare(from);
      this.syncPrepared();
    });
    this.on('camera:optional', () => this.set({ cameraOptional: true }));
  }

  /** Listens to a hub event; a payload the protocol's table does not allow is dropped. */
  private on<E extends ServerEvent>(event: E, handler: ServerToClientEvents[E]): void {
    this.socket.on(
      event as ServerEvent,
      ((payload: unknown) => {
        const parsed = parseServerEvent(event, payload);
        if (parsed === null) console.warn('dropped a hub event this page cannot read', event);
        else (handler as (payload: unknown) => void)(parsed);
      }) as never,
    );
  }

  private onRoom(room: RoomState): void {
    const self = this.snapshot.joined?.self;
    const me = self ? ([...room.participants, ...room.waiting].find((p) => p.id === self.id) ?? null) : null;
    this.set({ room, me });
    if (!self) return;
    if (!this.snapshot.inCall && room.open && room.participants.some((p) => p.id === self.id)) this.startCall();
    this.call?.update(room);
    this.refreshRemotes();
  }

  /**
   * Before the call: a session whose peers send nothing, with the workstations preparing a link;
   * none left, it ends. The page stays "waiting" throughout.
   */
  private syncPrepared(): void {
    if (this.closed || this.snapshot.inCall || !this.snapshot.joined) return;
    if (this.preparers.size === 0) {
      this.call?.close();
      this.call = null;
      return;
    }
    this.call ??= this.newSession(this.snapshot.joined, null);
    this.call.prepareLinks([...this.preparers.values()]);
  }

  private newSession(joined: JoinedRoom, localStream: MediaStream | null): CallSession {
    const appointmentId = joined.room.appointmentId;
    const session = new CallSession({
      self: joined.self,
      iceServers: joined.iceServers,
      localStream,
      signal: (to, connection, data) => this.socket.emit('signal', { appointmentId, to, connection, data }),
      onChange: () => this.refreshRemotes(),
    });
    // Its links are set up by the caller first; the early signals then find them.
    queueMicrotask(() => {
      if (this.call !== session) return;
      for (const signal of this.early.splice(0)) if (signal.appointmentId === appointmentId) session.receive(signal.from, signal.connection, signal.data);
    });
    return session;
  }

  /** Admitted: a prepared session starts its tracks on the peers it has (no renegotiation), or a new one starts. */
  private startCall(): void {
    const joined = this.snapshot.joined;
    if (!joined) return;
    this.preparers.clear();
    if (this.call) this.call.startMedia(this.stream);
    else this.call = this.newSession(joined, this.stream);
    const { audio, video } = this.snapshot.media;
    if (audio !== null) this.call.setEnabled('audio', audio);
    if (video !== null) this.call.setEnabled('video', video);
    this.set({ inCall: true, ended: false, chat: [] });
    this.reportMedia();
  }

  private endCall(): void {
    this.call?.close();
    this.call = null;
    this.set({ inCall: false, ended: true, remotes: [] });
  }

  private reportMedia(): void {
    const appointmentId = this.snapshot.room?.appointmentId;
    if (!appointmentId || !this.socket.connected) return;
    const media: MediaState = { audio: this.snapshot.media.audio === true, video: this.snapshot.media.video === true };
    this.socket.emit('media:state', { appointmentId, media }, () => undefined);
  }

  private addChat(message: ChatMessage): void {
    if (this.snapshot.chat.some((m) => m.id === message.id)) return;
    this.set({ chat: [...this.snapshot.chat, message] });
  }

  private refreshRemotes(): void {
    if (this.closed) return;
    // A prepared peer is not part of what the page shows: the citizen is waiting.
    this.set({ remotes: this.snapshot.inCall ? (this.call?.remotes() ?? []) : [] });
  }

  private scheduleRetry(ms: number): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed && !this.socket.connected) this.socket.connect();
    }, ms);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private set(patch: Partial<SessionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
