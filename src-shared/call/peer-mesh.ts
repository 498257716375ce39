import type { Participant, ParticipantRole, RoomState, SignalData } from '../protocol/signaling';

/**
 * Who calls whom in a call of two or three: every pair has one peer connection, offered by the
 * side that ranks first (the employee, then the interpreter) so both sides agree without asking.
 */
const RANK: Record<ParticipantRole, number> = { employee: 0, interpreter: 1, citizen: 2 };
export const initiates = (self: Participant, remote: Participant): boolean =>
  RANK[self.role] !== RANK[remote.role] ? RANK[self.role] < RANK[remote.role] : self.id < remote.id;

/** The part of a simple-peer instance the mesh drives. */
export interface MeshPeer {
  signal(data: SignalData): void;
  destroy(): void;
  on(event: 'signal', listener: (data: SignalData) => void): unknown;
  on(event: 'connect' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** connecting: first attempt under way; connected: media can flow; reconnecting: lost, trying again. */
export type LinkState = 'connecting' | 'connected' | 'reconnecting';

export interface MeshLink<P extends MeshPeer> {
  remote: Participant;
  /** The current peer connection's id; signals of an older one are dropped. */
  connection: string;
  /** null while waiting for the other side's offer or for the next attempt. */
  peer: P | null;
  state: LinkState;
  /** Failed attempts since the last time it was connected. */
  failures: number;
}

export interface PeerMeshOptions<P extends MeshPeer> {
  self: Participant;
  createPeer(init: { initiator: boolean; remote: Participant; connection: string }): P;
  send(signal: { to: string; connection: string; data: SignalData }): void;
  onChange(links: ReadonlyArray<MeshLink<P>>): void;
  newConnectionId(): string;
  /** Runs fn after ms; returns a cancel function (src-shared knows no timers of its own). */
  schedule(fn: () => void, ms: number): () => void;
  /** A peer that has not connected by then is replaced. */
  connectTimeoutMs?: number;
}

const retryDelay = (failures: number): number => Math.min(500 * 2 ** Math.max(0, failures - 1), 8000);

/**
 * The peer connections of one participant in one call. It follows the room state: a peer for
 * every other member, re-established with a new peer (simple-peer destroys one whose ICE failed)
 * as long as both are in the call. A peer is never torn down only because the hub went quiet:
 * media that flows keeps flowing through a hub restart or a short network drop.
 */
export class PeerMesh<P extends MeshPeer> {
  private readonly links = new Map<string, MeshLink<P>>();
  private readonly cancels = new Map<string, () => void>();
  private members = new Map<string, Participant>();
  /** Whom a peer is prepared with before the call (PROTOCOL.md §5.2a); the call's members take over when it opens. */
  private prepared = new Map<string, Participant>();
  private closed = false;

  constructor(private readonly options: PeerMeshOptions<P>) {}

  list(): ReadonlyArray<MeshLink<P>> {
    return [...this.links.values()];
  }

  /** The latest room state while connected to the hub: who should have a peer. */
  update(room: RoomState): void {
    if (this.closed) return;
    this.members = new Map(room.open ? room.participants.filter((p) => p.id !== this.options.self.id).map((p) => [p.id, { id: p.id, role: p.role }]) : []);
    // Open: a prepared peer of a member is now the call's; any other prepared one is kept only while it lives.
    if (room.open) this.prepared.clear();
    for (const remote of this.members.values()) {
      const link = this.links.get(remote.id);
      if (!link) {
        this.links.set(remote.id, { remote, connection: '', peer: null, state: 'connecting', failures: 0 });
        if (initiates(this.options.self, remote)) this.offer(remote.id);
      } else if (!link.peer && !this.cancels.has(remote.id) && initiates(this.options.self, remote)) {
        this.offer(remote.id);
      }
    }
    // Someone who left and whose peer is gone needs no place any more; a live peer stays.
    for (const [id, link] of this.links) if (!this.members.has(id) && !this.prepared.has(id) && !link.peer) this.forget(id);
    this.changed();
  }

  /**
   * Before the call: a peer with each of these (offered by whichever side initiates), kept and
   * re-established like a member's; a link with anyone no longer listed, and not in the call, ends.
   */
  prepareLinks(remotes: readonly Participant[]): void {
    if (this.closed) return;
    this.prepared = new Map(remotes.filter((p) => p.id !== this.options.self.id).map((p) => [p.id, { id: p.id, role: p.role }]));
    for (const remote of this.prepared.values()) {
      if (this.links.has(remote.id)) continue;
      this.links.set(remote.id, { remote, connection: '', peer: null, state: 'connecting', failures: 0 });
      if (initiates(this.options.self, remote)) this.offer(remote.id);
    }
    for (const id of [...this.links.keys()]) if (!this.members.has(id) && !this.prepared.has(id)) this.forget(id);
    this.changed();
  }

  /** Ends the prepared peer with one participant, unless they are in the call. */
  unprepare(id: string): void {
    this.prepared.delete(id);
    if (!this.members.has(id)) this.forget(id);
    this.changed();
  }

  /** Whether no peer is prepared or set up. */
  isEmpty(): boolean {
    return this.links.size === 0;
  }

  /** A signal relayed by the hub. */
  receive(from: string, connection: string, data: SignalData): void {
    if (this.closed) return;
    const link = this.links.get(from);
    if (link?.peer && link.connection === connection) {
      link.peer.signal(data);
      return;
    }
    // A new connection starts with an offer; anything else belongs to one already replaced.
    if (data.type !== 'offer') return;
    const remote = this.members.get(from) ?? this.prepared.get(from) ?? link?.remote;
    if (!remote || initiates(this.options.self, remote)) return;
    if (link?.peer) this.drop(link);
    const fresh: MeshLink<P> = link ?? { remote, connection, peer: null, state: 'connecting', failures: 0 };
    this.links.set(from, fresh);
    this.start(fresh, false, connection).signal(data);
    this.changed();
  }

  /** Ends every peer: the call is over for this participant. */
  close(): void {
    this.closed = true;
    for (const id of [...this.links.keys()]) this.forget(id);
    this.changed();
  }

  private offer(remoteId: string): void {
    const link = this.links.get(remoteId);
    if (!link || this.closed) return;
    this.start(link, true, this.options.newConnectionId());
    this.changed();
  }

  private start(link: MeshLink<P>, initiator: boolean, connection: string): P {
    const { remote } = link;
    const peer = this.options.createPeer({ initiator, remote, connection });
    link.peer = peer;
    link.connection = connection;
    const current = () => this.links.get(remote.id)?.peer === peer;
    peer.on('signal', (data) => {
      if (current()) this.options.send({ to: remote.id, connection, data });
    });
    peer.on('connect', () => {
      if (!current()) return;
      this.cancel(remote.id);
      link.state = 'connected';
      link.failures = 0;
      this.changed();
    });
    const lost = () => {
      if (current()) this.lost(link);
    };
    peer.on('close', lost);
    peer.on('error', lost);
    this.cancel(remote.id);
    this.cancels.set(
      remote.id,
      this.options.schedule(() => {
        this.cancels.delete(remote.id);
        if (current() && link.state !== 'connected') this.lost(link);
      }, this.options.connectTimeoutMs ?? 20_000),
    );
    return peer;
  }

  /** The peer failed or closed: try again with a new one while the other side is still in the call. */
  private lost(link: MeshLink<P>): void {
    this.drop(link);
    const id = link.remote.id;
    if (!this.members.has(id) && !this.prepared.has(id)) {
      this.forget(id);
    } else {
      link.state = 'reconnecting';
      link.failures += 1;
      if (initiates(this.options.self, link.remote)) {
        this.cancels.set(
          id,
          this.options.schedule(() => {
            this.cancels.delete(id);
            this.offer(id);
          }, retryDelay(link.failures)),
        );
      }
    }
    this.changed();
  }

  private drop(link: MeshLink<P>): void {
    const peer = link.peer;
    link.peer = null;
    this.cancel(link.remote.id);
    peer?.destroy();
  }

  private forget(id: string): void {
    const link = this.links.get(id);
    if (link) this.drop(link);
    this.links.delete(id);
  }

  private cancel(id: string): void {
    this.cancels.get(id)?.();
    this.cancels.delete(id);
  }

  private changed(): void {
    this.options.onChange(this.list());
  }
}
