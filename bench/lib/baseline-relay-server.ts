/**
 * The baseline for bench/hub.ts: a bare Socket.IO server that relays `signal` between the two
 * sockets of a pair and nothing more (no authentication, validation, rate limits, state
 * recovery or logging). A socket says who it is with the handshake query `?pair=<n>&side=a|b`.
 * Prints one JSON line `{"url": ...}` on stdout when listening; stops on SIGTERM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

/** The baseline's event maps, shared by this server and the benchmark's clients. */
export interface BaselineSignalData {
  type: 'offer';
  sdp: string;
}
export interface BaselineClientEvents {
  signal: (payload: { data: BaselineSignalData }, ack?: (result: { ok: true; value: null }) => void) => void;
}
export interface BaselineServerEvents {
  signal: (payload: { from: string; data: BaselineSignalData }) => void;
}

const httpServer = createServer();
const io = new Server<BaselineClientEvents, BaselineServerEvents>(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024, cors: { origin: false } });

io.on('connection', (socket) => {
  const pair = String(socket.handshake.query.pair ?? '');
  const side = socket.handshake.query.side === 'b' ? 'b' : 'a';
  const peerRoom = `${pair}:${side === 'a' ? 'b' : 'a'}`;
  void socket.join(`${pair}:${side}`);
  socket.on('signal', (payload, ack) => {
    io.to(peerRoom).emit('signal', { from: socket.id, data: payload.data });
    if (typeof ack === 'function') ack({ ok: true, value: null });
  });
});

httpServer.listen(0, '127.0.0.1', () => {
  const { port } = httpServer.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});

process.once('SIGTERM', () => {
  io.disconnectSockets(true);
  void io.close().then(() => process.exit(0));
});
