import { io, type Socket } from 'socket.io-client';
import type { SessionInfo } from '../../src-shared/contract/ipc';
import { createLogger } from '../../src-shared/log';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src-shared/protocol/signaling';

const log = createLogger('hub-connection');

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface HubConnectionTarget {
  hubUrl: string;
  workstationToken: string;
  accessToken: string;
}

/**
 * The workstation's one authenticated Socket.IO connection to the hub, held by main. It
 * follows the session: connected while an employee is signed in online, with the current
 * access token on every (re)connection; closed otherwise.
 */
export class HubConnection {
  private socket: HubSocket | null = null;
  private target: HubConnectionTarget | null = null;

  constructor(
    private readonly onState: (state: SessionInfo['realtime']) => void,
    private readonly handlers: { onChanged(): void; onConnected(): void } = { onChanged: () => undefined, onConnected: () => undefined },
  ) {}

  get current(): HubSocket | null {
    return this.socket;
  }

  /** Connects to `target`, or disconnects for null; a new token is used from the next handshake on. */
  follow(target: HubConnectionTarget | null): void {
    if (!target) return this.close();
    const sameHub = this.target && this.target.hubUrl === target.hubUrl && this.target.workstationToken === target.workstationToken;
    this.target = target;
    if (this.socket && sameHub) return; // the auth callback reads the new token when it reconnects
    this.close();
    this.target = target;
    const socket: HubSocket = io(target.hubUrl, {
      transports: ['websocket'],
      auth: (cb) => cb({ kind: 'workstation', workstationToken: this.target?.workstationToken ?? '', accessToken: this.target?.accessToken ?? '' }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
    });
    socket.on('connect', () => {
      this.onState('connected');
      this.handlers.onConnected();
    });
    socket.on('appointments:changed', () => this.handlers.onChanged());
    socket.on('disconnect', (reason) => {
      this.onState('connecting');
      // The hub ends connections whose session expired; come back with the current token.
      if (reason === 'io server disconnect' && this.socket === socket) setTimeout(() => socket.connect(), 500).unref?.();
    });
    socket.on('connect_error', (error) => {
      log.warn('hub connection refused or failed', { error: error.message });
      this.onState('connecting');
    });
    this.onState('connecting');
    this.socket = socket;
  }

  close(): void {
    this.socket?.removeAllListeners();
    this.socket?.close();
    this.socket = null;
    this.target = null;
    this.onState('disconnected');
  }
}
