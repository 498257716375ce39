import { io as connect, type Socket } from 'socket.io-client';
import type { HubStore } from '../../hub/src/store/hub-store';
import { issueSession } from '../../hub/src/auth/sessions';
import { addUser } from '../../hub/src/auth/users';
import type { Role } from '../../src-shared/domain/roles';
import type { ClientToServerEvents, RoomState, ServerToClientEvents, SocketAuth } from '../../src-shared/protocol/signaling';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects a Socket.IO client and waits for the outcome: the socket, or the refusal's message. */
export function connectSocket(url: string, auth: SocketAuth | Record<string, unknown>): Promise<HubSocket> {
  const socket: HubSocket = connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

let userCounter = 0;

/** An access token for a new user of the workstation's KEP, as after a sign-in. */
export async function accessTokenFor(store: HubStore, workstationToken: string, role: Role = 'employee'): Promise<string> {
  const workstation = store.findWorkstationByToken(workstationToken);
  if (!workstation) throw new Error('unknown workstation');
  userCounter += 1;
  const user = await addUser(store, {
    kepId: workstation.kepId,
    username: `user${userCounter}-${Date.now()}`,
    displayName: 'Test',
    role,
    password: 'a long enough password',
  });
  return issueSession(store, user, workstation).accessToken;
}

/** Waits for the next event of a name, or fails after `ms`. */
export function nextEvent<E extends keyof ServerToClientEvents>(socket: HubSocket, event: E, ms = 3000): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(
      event as never,
      ((payload: never) => {
        clearTimeout(timer);
        resolve(payload);
      }) as never,
    );
  });
}

/** Waits for a `room:state` that satisfies `test` (earlier states, e.g. from connecting, are skipped). */
export function roomStateWhere(socket: HubSocket, test: (state: RoomState) => boolean, ms = 5000): Promise<RoomState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('room:state', listener);
      reject(new Error(`no matching room:state within ${ms} ms`));
    }, ms);
    const listener = (state: RoomState): void => {
      if (!test(state)) return;
      clearTimeout(timer);
      socket.off('room:state', listener);
      resolve(state);
    };
    socket.on('room:state', listener);
  });
}

/** Resolves true if the event arrives within `ms`, false if it does not. */
export function arrives<E extends keyof ServerToClientEvents>(socket: HubSocket, event: E, ms = 500): Promise<boolean> {
  return nextEvent(socket, event, ms).then(
    () => true,
    () => false,
  );
}
