import { io, type Socket } from 'socket.io-client';
import type { SessionInfo } from '../../src-shared/contract/ipc';
import { createLogger } from '../../src-shared/log';
import { AppError } from '../../src-shared/errors';
import type { ClientEvent } from '../../src-shared/protocol/constants';
import {
  type AckValue,
  type CLIENT_EVENT_TABLE,
  type ClientToServerEvents,
  type EventPayload,
  parseAck,
  parseServerEvent,
  type ServerToClientEvents,
} from '../../src-shared/protocol/socket-events';

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
type Listener = { event: keyof ServerToClientEvents; handler: (payload: unknown) => void };
/** The events the desk asks and waits for (a signal's answer is not waited for). */
export type RequestName = { [E in ClientEvent]: (typeof CLIENT_EVENT_TABLE)[E] extends { ackOptional: true } ? never : E }[ClientEvent];

/** How long the hub may take to answer a request before the desk says it is unreachable. */
const REQUEST_TIMEOUT_MS = 8000;

export class HubConnection {
  private socket: HubSocket | null = null;
  private target: HubConnectionTarget | null = null;
  private readonly listeners: Listener[] = [];

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
    for (const { event, handler } of this.listeners) socket.on(event, handler as never);
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

  /** Listens to a hub event on this connection and every later one; a payload the table does not allow is dropped. */
  subscribe<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void {
    const checked = (payload: unknown): void => {
      const parsed = parseServerEvent(event, payload);
      if (parsed === null) return log.warn('dropped a hub event this version cannot read', { event });
      (handler as (payload: unknown) => void)(parsed);
    };
    this.listeners.push({ event, handler: checked });
    this.socket?.on(event, checked as never);
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** Sends a request and waits for the hub's answer; the hub's refusals become AppErrors. */
  async request<E extends RequestName>(event: E, payload: EventPayload<E>): Promise<AckValue<E>> {
    const socket = this.socket;
    if (!socket?.connected) throw new AppError('hub_unreachable', 'There is no live connection to the hub right now; it is being re-established.');
    let answer: unknown;
    try {
      answer = await (socket.timeout(REQUEST_TIMEOUT_MS) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck(event, payload);
    } catch {
      throw new AppError('hub_unreachable', 'The hub did not answer in time.');
    }
    const result = parseAck(event, answer);
    if (!result) {
      log.error('invalid hub answer', { event });
      throw new AppError('hub_error', 'The hub sent data this version of the app cannot read.');
    }
    if (result.ok) return result.value;
    const { code, message } = result.error;
    throw new AppError(code === 'not_open' || code === 'not_member' ? 'conflict' : code, message);
  }

  close(): void {
    this.socket?.removeAllListeners();
    this.socket?.close();
    this.socket = null;
    this.target = null;
    this.onState('disconnected');
  }
}
