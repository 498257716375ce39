import { type BroadcastOptions, SessionAwareAdapter } from 'socket.io-adapter';

/** A packet as the session-aware adapter keeps it for connection-state recovery. */
interface KeptPacket {
  id: string;
  opts: BroadcastOptions;
  data: unknown[];
  emittedAt: number;
}

/** Events that are snapshots of a room, which every client asks for again after any connection. */
const SNAPSHOTS: ReadonlySet<unknown> = new Set(['room:state']);
/** A room no socket is ever in: a packet addressed there is never replayed. */
const NOWHERE: BroadcastOptions = { rooms: new Set(['(not replayed)']), except: new Set() };
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
 */
export class RecoveryAdapter extends SessionAwareAdapter {
  override broadcast(packet: { type: number; data?: unknown[] }, opts: BroadcastOptions): void {
    super.broadcast(packet, opts);
    if (!SNAPSHOTS.has(packet.data?.[0])) return;
    // The adapter keeps the packet last, synchronously, with the very array it sent.
    const kept = (this as unknown as { packets: KeptPacket[] }).packets.at(-1);
    if (!kept || kept.data !== packet.data) return;
    kept.data = NOTHING;
    kept.opts = NOWHERE;
  }
}
