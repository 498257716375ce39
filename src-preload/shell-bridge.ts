import type { Channel, EventName } from '../src-shared/contract/names';
import { fail, type Result } from '../src-shared/errors';
import { createKepApi } from './create-kep-api';
import { BRIDGE_PATH } from './shell-bridge-path';

/**
 * `window.kep` for the browser shell: the same API as the Electron preload, carried over a
 * same-origin WebSocket to the shell host. Only loaded by the shell, never by the packaged app.
 */

type ServerMessage = { id: number; result: Result<unknown> } | { event: EventName; payload: unknown };

const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BRIDGE_PATH}`);
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve(), { once: true });
  socket.addEventListener('error', () => reject(new Error('bridge closed')), { once: true });
});
const pending = new Map<number, (result: Result<unknown>) => void>();
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
let nextId = 1;

socket.addEventListener('message', (message: MessageEvent<string>) => {
  const data = JSON.parse(message.data) as ServerMessage;
  if ('id' in data) {
    pending.get(data.id)?.(data.result);
    pending.delete(data.id);
  } else {
    for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
  }
});
socket.addEventListener('close', () => {
  for (const resolve of pending.values()) resolve(fail('internal', 'The connection to the application was lost.'));
  pending.clear();
});

Object.defineProperty(window, 'kep', {
  value: createKepApi({
    async invoke(channel: Channel, input: unknown) {
      try {
        await opened;
      } catch {
        return fail('internal', 'The connection to the application was lost.');
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, channel, input }));
      });
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  }),
  writable: false,
  configurable: false,
});
