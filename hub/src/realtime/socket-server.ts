import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createLogger } from '../../../src-shared/log';
import type { HubStore } from '../store/hub-store';

const log = createLogger('hub-socket');

/**
 * Socket.IO on the hub's HTTP server. Every connection must present a workstation credential;
 * a workstation joins its KEP's room, where the hub will announce changes to the day.
 */
export function attachSocketServer(httpServer: HttpServer, store: HubStore): Server {
  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    cors: { origin: false },
  });
  io.use((socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    const workstation = typeof token === 'string' ? store.findWorkstationByToken(token) : null;
    if (!workstation) {
      log.warn('refused socket without a valid credential', { address: socket.handshake.address });
      next(new Error('unauthorized'));
      return;
    }
    socket.data.workstation = workstation;
    next();
  });
  io.on('connection', (socket) => {
    const { kepId } = socket.data.workstation as { kepId: string };
    void socket.join(`kep:${kepId}`);
  });
  return io;
}
