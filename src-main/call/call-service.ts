import type { CallJoined, CallPrepared, CallQuality } from '../../src-shared/contract/ipc';
import { LIVE_VIDEO_MAX_AGE_MS } from '../../src-shared/domain/verification';
import { AppError } from '../../src-shared/errors';
import { createLogger } from '../../src-shared/log';
import type { ChatMessage, InterpreterInvitation, MediaState, RoomState, SignalData } from '../../src-shared/protocol/signaling';
import type { CallMessages } from './call-messages';
import type { HubConnection } from '../hub/hub-connection';
import type { EventBus } from '../ipc/event-bus';

const log = createLogger('calls');

/** Why the citizen's video does not count as live (for the checklist to say). */
export type VideoLiveness =
  | { live: true; reason: null; framesDecoded: number }
  | { live: false; reason: 'no_call' | 'no_citizen' | 'camera_off' | 'no_stats' | 'frozen'; framesDecoded: number };

/**
 * The desk's side of calls, in main: the lobby of the KEP (who waits, since when, with which
 * device check), the one open call and its signaling, chat kept with the appointment. The
 * renderer holds the media and the peer connections; every message to the hub goes through
 * here, on the workstation's authenticated connection, so no token ever reaches the renderer.
 */
export class CallService {
  private readonly lobby = new Map<string, RoomState>();
  private active: string | null = null;
  /** The appointment whose citizen this desk has a prepared link with (PROTOCOL.md §5.2a), while no call is open. */
  private prepared: string | null = null;
  /** The desk's microphone and camera as last announced, announced again to a restarted hub. */
  private activeMedia: MediaState | null = null;
  /** The latest connection statistics per remote participant of the open call, and whether its frames were rising. */
  private readonly qualities = new Map<string, { quality: CallQuality; receivedAt: number; framesRising: boolean }>();
  /** The citizen's video as last announced, and when statistics that are fresh now go stale. */
  private announcedVideo: { appointmentId: string; live: boolean; reason: VideoLiveness['reason'] } | null = null;
  private staleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly videoListeners = new Set<(appointmentId: string) => void>();
  private readonly joinedListeners = new Set<(appointmentId: string) => void>();
  private readonly closedListeners = new Set<() => void>();

  constructor(
    private readonly deps: {
      messages: CallMessages;
      connection: HubConnection;
      events: EventBus;
      /** Throws unless the appointment is this KEP's and can be called now. */
      checkCallable(appointmentId: string): void;
    },
  ) {
    const { connection, events } = deps;
    connection.subscribe('room:state', (state) => {
      this.remember(state);
      events.emit('lobby.changed', this.lobbyStates());
      this.videoMayHaveChanged();
    });
    connection.subscribe('signal', (payload) => {
      // Only the open call's signals, or the prepared link's, reach the renderer.
      if (payload.appointmentId === this.active || payload.appointmentId === this.prepared) events.emit('call.signal', payload);
    });
    connection.subscribe('chat:message', (message) => {
      this.deps.messages.keep(message);
      events.emit('call.chat', message);
    });
  }

  /** After every (re)connection: the whole lobby again, and the open call re-opened on this hub. */
  async onConnected(): Promise<void> {
    try {
      const states = await this.deps.connection.request('kep:rooms', {});
      this.lobby.clear();
      for (const state of states) this.remember(state);
      this.deps.events.emit('lobby.changed', this.lobbyStates());
      this.videoMayHaveChanged();
      // A hub restart or another hub process lost the room; the peers' media never stopped.
      if (this.active) {
        const appointmentId = this.active;
        await this.deps.connection.request('room:open', { appointmentId });
        if (this.activeMedia) await this.deps.connection.request('media:state', { appointmentId, media: this.activeMedia });
        this.joined(appointmentId);
      } else if (this.prepared) {
        // The hub ended the prepared link with the old connection; the renderer's peers try again through this one.
        await this.deps.connection.request('room:prepare', { appointmentId: this.prepared });
      }
    } catch (error) {
      log.warn('could not restore the lobby or the call after reconnecting', { error: String(error) });
    }
  }

  lobbyStates(): RoomState[] {
    return [...this.lobby.values()];
  }

  /**
   * Prepares the call with the appointment's waiting participants: peers with no media, so the
   * click only admits them and starts the tracks. One appointment at a time; none while a call is open.
   */
  async prepareCall(appointmentId: string): Promise<CallPrepared> {
    if (this.active) throw new AppError('conflict', 'Another call is open at this desk; end it first.', { reason: 'call.other_open' });
    this.deps.checkCallable(appointmentId);
    const prepared = await this.deps.connection.request('room:prepare', { appointmentId });
    this.prepared = appointmentId;
    return { self: prepared.self, iceServers: prepared.iceServers };
  }

  /** Ends the prepared link (the hub tells the participants); a no-op for any other appointment. */
  async unprepare(appointmentId: string): Promise<void> {
    if (this.prepared !== appointmentId) return;
    this.prepared = null;
    if (this.deps.connection.connected)
      await this.deps.connection
        .request('room:unprepare', { appointmentId })
        .catch((error: unknown) => log.warn('room:unprepare failed', { error: String(error) }));
  }

  isPrepared(appointmentId: string): boolean {
    return this.prepared === appointmentId;
  }

  async open(appointmentId: string): Promise<CallJoined> {
    if (this.active && this.active !== appointmentId)
      throw new AppError('conflict', 'Another call is open at this desk; end it first.', { reason: 'call.other_open' });
    this.deps.checkCallable(appointmentId);
    const joined = await this.deps.connection.request('room:open', { appointmentId });
    // Opening ends the preparation at the hub: that link is now the call's, any other one is over.
    this.prepared = null;
    this.active = appointmentId;
    this.remember(joined.room);
    log.info('call opened', { appointmentId });
    this.videoMayHaveChanged();
    this.joined(appointmentId);
    return { self: joined.self, room: joined.room, iceServers: joined.iceServers };
  }

  /** Ends the call at the hub when it can be reached; locally it ends in any case. */
  async close(appointmentId: string): Promise<void> {
    this.requireActive(appointmentId);
    this.active = null;
    this.activeMedia = null;
    this.qualities.clear();
    this.videoMayHaveChanged();
    if (this.deps.connection.connected)
      await this.deps.connection.request('room:close', { appointmentId }).catch((error: unknown) => log.warn('room:close failed', { error: String(error) }));
    log.info('call closed', { appointmentId });
    for (const listener of this.closedListeners) listener();
  }

  signal(payload: { appointmentId: string; to: string; connection: string; data: SignalData }): void {
    if (this.prepared !== payload.appointmentId) this.requireActive(payload.appointmentId);
    const socket = this.deps.connection.current;
    if (!socket?.connected) throw new AppError('hub_unreachable', 'There is no live connection to the hub right now; it is being re-established.');
    socket.emit('signal', payload);
  }

  async media(appointmentId: string, media: MediaState): Promise<void> {
    this.requireActive(appointmentId);
    this.activeMedia = media;
    await this.deps.connection.request('media:state', { appointmentId, media });
  }

  async chat(appointmentId: string, text: string): Promise<ChatMessage> {
    this.requireActive(appointmentId);
    const message = await this.deps.connection.request('chat:send', { appointmentId, text });
    this.deps.messages.keep(message);
    return message;
  }

  messages(appointmentId: string): ChatMessage[] {
    return this.deps.messages.list(appointmentId);
  }

  /** Tells the hub (and through it the citizen's page) that the identity check passed. */
  async verificationPassed(appointmentId: string): Promise<void> {
    this.requireActive(appointmentId);
    await this.deps.connection.request('verification:passed', { appointmentId });
  }

  inviteInterpreter(appointmentId: string): Promise<InterpreterInvitation> {
    this.deps.checkCallable(appointmentId);
    return this.deps.connection.request('interpreter:invite', { appointmentId });
  }

  /** The renderer's latest getStats reading for one remote participant of the open call. */
  recordQuality(appointmentId: string, participantId: string, quality: CallQuality, now = Date.now()): void {
    this.requireActive(appointmentId);
    const before = this.qualities.get(participantId);
    this.qualities.set(participantId, { quality, receivedAt: now, framesRising: before !== undefined && quality.framesDecoded > before.quality.framesDecoded });
    this.videoMayHaveChanged();
  }

  /** Told the appointment whenever its citizen's video turns live or not live, or why not changes. */
  onCitizenVideo(listener: (appointmentId: string) => void): () => void {
    this.videoListeners.add(listener);
    return () => this.videoListeners.delete(listener);
  }

  /** Told the appointment whenever this desk is in its call at the hub: opened, or re-opened after a reconnection. */
  onCallJoined(listener: (appointmentId: string) => void): () => void {
    this.joinedListeners.add(listener);
    return () => this.joinedListeners.delete(listener);
  }

  /**
   * Is the citizen's video arriving now? Only while the call is open here, the citizen is in it
   * with the camera on, and the last statistics (at most LIVE_VIDEO_MAX_AGE_MS old) showed new
   * decoded frames since the ones before.
   */
  citizenVideo(appointmentId: string, now = Date.now()): VideoLiveness {
    if (this.active !== appointmentId) return { live: false, reason: 'no_call', framesDecoded: 0 };
    const citizen = this.lobby.get(appointmentId)?.participants.find((p) => p.role === 'citizen');
    if (!citizen) return { live: false, reason: 'no_citizen', framesDecoded: 0 };
    const stats = this.qualities.get(citizen.id);
    const framesDecoded = stats?.quality.framesDecoded ?? 0;
    if (citizen.media?.video === false) return { live: false, reason: 'camera_off', framesDecoded };
    if (!stats || now - stats.receivedAt > LIVE_VIDEO_MAX_AGE_MS) return { live: false, reason: 'no_stats', framesDecoded };
    if (!stats.framesRising) return { live: false, reason: 'frozen', framesDecoded };
    return { live: true, reason: null, framesDecoded };
  }

  stop(): void {
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = null;
    this.videoListeners.clear();
    this.joinedListeners.clear();
    this.closedListeners.clear();
  }

  /** Is any call open at this desk? */
  anyOpen(): boolean {
    return this.active !== null;
  }

  /** Follows the end of each call at this desk. */
  onClosed(listener: () => void): () => void {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  isActive(appointmentId: string): boolean {
    return this.active === appointmentId;
  }

  /**
   * Announces the citizen's video of the open call (or of the call just closed) when it differs
   * from the last announcement, and re-checks it when the statistics it rests on go stale.
   */
  private videoMayHaveChanged(): void {
    const appointmentId = this.active ?? this.announcedVideo?.appointmentId;
    if (!appointmentId) return;
    const now = Date.now();
    const video = this.citizenVideo(appointmentId, now);
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = null;
    const citizen = this.lobby.get(appointmentId)?.participants.find((p) => p.role === 'citizen');
    const stats = citizen ? this.qualities.get(citizen.id) : undefined;
    if (this.active && stats && now - stats.receivedAt <= LIVE_VIDEO_MAX_AGE_MS) {
      this.staleTimer = setTimeout(() => this.videoMayHaveChanged(), stats.receivedAt + LIVE_VIDEO_MAX_AGE_MS + 1 - now);
      this.staleTimer.unref?.();
    }
    const last = this.announcedVideo;
    if (last && last.appointmentId === appointmentId && last.live === video.live && last.reason === video.reason) return;
    this.announcedVideo = { appointmentId, live: video.live, reason: video.reason };
    for (const listener of this.videoListeners) listener(appointmentId);
  }

  private joined(appointmentId: string): void {
    for (const listener of this.joinedListeners) listener(appointmentId);
  }

  private requireActive(appointmentId: string): void {
    if (this.active !== appointmentId) throw new AppError('conflict', 'No call is open for this appointment at this desk.', { reason: 'call.not_open' });
  }

  private remember(state: RoomState): void {
    if (state.participants.length === 0 && state.waiting.length === 0) this.lobby.delete(state.appointmentId);
    else this.lobby.set(state.appointmentId, state);
  }
}
