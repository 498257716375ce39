import { type LinkState, PeerMesh } from '../../src-shared/call/peer-mesh';
import type { IceServer, MediaState, Participant, RoomState, SignalData } from '../../src-shared/protocol/signaling';
import { type CallQuality, QualitySampler } from './call-quality';
import { FileReceiver, type ReceivedFile, sendFile } from './file-transfer';
import { createPeer, type Peer, peerConnectionOf, startTracks } from './simple-peer';

export interface RemoteParty {
  participant: Participant;
  state: LinkState;
  stream: MediaStream | null;
  /** As the remote side announced it through the hub (muted, camera off). */
  media: MediaState | null;
  quality: CallQuality | null;
}

/** What a session tells its UI; the desk's prepared session gets them when its call view takes it over. */
export interface CallSessionListeners {
  onChange(): void;
  onFile?(from: Participant, file: ReceivedFile): void;
  onFileProblem?(from: Participant, reason: string): void;
  onQuality?(from: Participant, quality: CallQuality): void;
}

export interface CallSessionOptions extends CallSessionListeners {
  self: Participant;
  iceServers: IceServer[];
  /** What the call sends; null while prepared (PROTOCOL.md §5.2a): peers send nothing until startMedia. */
  localStream: MediaStream | null;
  /** Sends a signal to another member through the hub. */
  signal(to: string, connection: string, data: SignalData): void;
  statsIntervalMs?: number;
}

/**
 * One participant's side of a call, shared by the desk and the citizen page: the peer mesh, the
 * remote streams, the connection statistics and files over the data channel. The UIs render
 * from `remotes()` and call in with what the hub says.
 */
export class CallSession {
  private readonly mesh: PeerMesh<Peer>;
  private readonly streams = new Map<Peer, MediaStream>();
  private readonly samplers = new Map<Peer, QualitySampler>();
  private readonly qualities = new Map<string, CallQuality>();
  private media = new Map<string, MediaState | null>();
  private readonly stats: ReturnType<typeof setInterval>;
  private localStream: MediaStream | null;
  private listeners: CallSessionListeners;

  constructor(private readonly options: CallSessionOptions) {
    this.localStream = options.localStream;
    this.listeners = options;
    const iceServers = options.iceServers.map((s) => ({
      urls: s.urls,
      ...(s.username ? { username: s.username } : {}),
      ...(s.credential ? { credential: s.credential } : {}),
    }));
    this.mesh = new PeerMesh<Peer>({
      self: options.self,
      newConnectionId: () => crypto.randomUUID(),
      schedule: (fn, ms) => {
        const timer = setTimeout(fn, ms);
        return () => clearTimeout(timer);
      },
      send: ({ to, connection, data }) => options.signal(to, connection, data),
      onChange: () => this.listeners.onChange(),
      createPeer: ({ initiator, remote }) => {
        const peer = createPeer({ initiator, iceServers, stream: this.localStream, sendingNow: () => this.localStream });
        const receiver = new FileReceiver(
          (file) => this.listeners.onFile?.(remote, file),
          (reason) => this.listeners.onFileProblem?.(remote, reason),
        );
        peer.on('stream', (stream: MediaStream) => {
          this.streams.set(peer, stream);
          this.listeners.onChange();
        });
        peer.on('data', (data: Uint8Array | string) => receiver.push(data));
        peer.on('close', () => this.streams.delete(peer));
        return peer;
      },
    });
    this.stats = setInterval(() => void this.sampleAll(), options.statsIntervalMs ?? 2000);
  }

  get self(): Participant {
    return this.options.self;
  }

  /** The UI that shows this session from now on (the desk's call view taking over a prepared session). */
  listen(listeners: CallSessionListeners): void {
    this.listeners = listeners;
  }

  /** Before the call: a peer with no media with each of these (PROTOCOL.md §5.2a); anyone else's ends. */
  prepareLinks(remotes: readonly Participant[]): void {
    this.mesh.prepareLinks(remotes);
  }

  /** Ends the prepared peer with one participant (unless they are in the call). */
  unprepare(remoteId: string): void {
    this.mesh.unprepare(remoteId);
  }

  /** Whether no peer is prepared or set up. */
  isEmpty(): boolean {
    return this.mesh.isEmpty();
  }

  /**
   * The call started: the stream's tracks go on the peers prepared without them (no
   * renegotiation), and every later peer is made with them.
   */
  startMedia(stream: MediaStream): void {
    if (this.localStream) return;
    this.localStream = stream;
    for (const link of this.mesh.list()) if (link.peer) void startTracks(link.peer, stream).catch(() => undefined);
  }

  update(room: RoomState): void {
    this.media = new Map([...room.participants, ...room.waiting].map((p) => [p.id, p.media]));
    this.mesh.update(room);
  }

  receive(from: string, connection: string, data: SignalData): void {
    this.mesh.receive(from, connection, data);
  }

  remotes(): RemoteParty[] {
    return this.mesh.list().map((link) => ({
      participant: link.remote,
      state: link.state,
      stream: link.peer && link.state === 'connected' ? (this.streams.get(link.peer) ?? null) : null,
      media: this.media.get(link.remote.id) ?? null,
      quality: this.qualities.get(link.remote.id) ?? null,
    }));
  }

  /** Mute or camera off: the track stays, but sends silence or black until switched back on. */
  setEnabled(kind: 'audio' | 'video', enabled: boolean): void {
    for (const track of this.localStream?.getTracks() ?? []) if (track.kind === kind) track.enabled = enabled;
  }

  /** Sends a file to one member over the data channel of the peer connected to them. */
  async sendFile(to: string, file: { name: string; type: string; data: Uint8Array }, onProgress?: (sent: number) => void): Promise<void> {
    const link = this.mesh.list().find((l) => l.remote.id === to);
    const peer = link?.state === 'connected' ? link.peer : null;
    if (!peer) throw new Error('not connected');
    const write = (chunk: Uint8Array) =>
      new Promise<void>((resolve, reject) => {
        if (peer.destroyed) return reject(new Error('connection lost'));
        peer.write(chunk, (error?: Error | null) => (error ? reject(error) : resolve()));
      });
    await sendFile(write, file, onProgress);
  }

  close(): void {
    clearInterval(this.stats);
    this.mesh.close();
  }

  private async sampleAll(): Promise<void> {
    for (const link of this.mesh.list()) {
      const peer = link.peer;
      const pc = peer && link.state === 'connected' ? peerConnectionOf(peer) : null;
      if (!peer || !pc) continue;
      // A connection closed or failed under simple-peer without it noticing: end it, so the mesh
      // sets up a new one.
      if (pc.connectionState === 'closed' || pc.connectionState === 'failed') {
        peer.destroy();
        continue;
      }
      let sampler = this.samplers.get(peer);
      if (!sampler) this.samplers.set(peer, (sampler = new QualitySampler()));
      try {
        const quality = await sampler.sample(pc);
        this.qualities.set(link.remote.id, quality);
        this.listeners.onQuality?.(link.remote, quality);
      } catch {
        // A connection closing under getStats: the next sample tells.
      }
    }
    this.listeners.onChange();
  }
}
