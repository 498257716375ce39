import { type BroadcastOptions, type PrivateSessionId, type Session, SessionAwareAdapter } from 'socket.io-adapter';

/** A packet as the session-aware adapter keeps it for connection-state recovery. */
interface KeptPacket {
  id: string;
  opts: BroadcastOptions;
  /** The event's arguments; here, as their JSON text until a recovered socket asks for them. */
  data: unknown;
  emittedAt: number;
}

/** Events that are snapshots of a room, which every client asks for again after any connection. */
const SNAPSHOTS: ReadonlySet<unknown> = new Set(['room:state']);
/** A room no socket is ever in: a packet addressed there is never replayed. */
const NOWHERE: BroadcastOptions = { rooms: new Set(['(not replayed)']), except: new Set() };
const NO_ROOMS: ReadonlySet<string> = new Set();
const NOTHING: unknown[] = [];

/**
 * The single-process adapter of connection-state recovery, which keeps every packet it sends for
 * the recovery window so a socket back from a short drop gets what it missed. With thousands of
 * sockets most of those are `room:state` snapshots (every arrival and call is announced to the
 * lobby, the call and all desks of the KEP), each holding its whole room.
 *
 * A snapshot is not worth replaying: after a recovery the hub announces the socket's rooms again,
 * the desk asks `kep:rooms` and the citizen's page `room:join` on every connection. So a snapshot
 * keeps only its place in the sequence (its id, which the client reports as its offset when it
 * comes back) and none of its contents, and it is addressed nowhere.
 *
 * Every other packet (a signal, mostly) is kept as one string, its JSON text, and parsed back only
 * for a recovered socket: the objects a relayed signal is made of would otherwise all live for the
 * two minutes of the window, and at a thousand signals a second the collector's pauses, spent
 * tracing them, showed in the relay's tail latency. Kept packets are never binary (the adapter
 * keeps plain events only), so their JSON text is exactly what went on the wire.
 */
export class RecoveryAdapter extends SessionAwareAdapter {
  override broadcast(packet: { type: number; data?: unknown[] }, opts: BroadcastOptions): void {
    super.broadcast(packet, opts);
    // The adapter keeps the packet last, synchronously, with the very array it sent.
    const kept = (this as unknown as { packets: KeptPacket[] }).packets.at(-1);
    if (!kept || kept.data !== packet.data) return;
    if (SNAPSHOTS.has(packet.data?.[0])) {
      kept.data = NOTHING;
      kept.opts = NOWHERE;
      return;
    }
    kept.data = JSON.stringify(packet.data);
    // Only the rooms decide a replay (flags do not); an empty `except` needs no set of its own.
    kept.opts = { rooms: opts.rooms, except: opts.except?.size ? opts.except : (NO_ROOMS as Set<string>) };
  }

  override async restoreSession(pid: PrivateSessionId, offset: string): Promise<Session> {
    const session = (await super.restoreSession(pid, offset)) as Session | null;
    if (session) session.missedPackets = session.missedPackets.map((data) => (typeof data === 'string' ? (JSON.parse(data) as unknown[]) : data));
    return session as Session;
  }
}
