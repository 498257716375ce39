import type { EventPayload, KepApi } from '../src-shared/contract/ipc';
import { type Channel, type EventName, isChannel, isEventName } from '../src-shared/contract/names';
import { fail, type Result } from '../src-shared/errors';

/** How a transport carries calls to main and events back; only the contract's names pass. */
export interface KepTransport {
  invoke(channel: Channel, input: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds `window.kep` over a transport. Unknown channels and events are refused here already,
 * so a compromised page cannot even name anything outside the contract; main validates again.
 */
export function createKepApi(transport: KepTransport): KepApi {
  const api: KepApi = {
    invoke(channel: Channel, input?: unknown) {
      if (!isChannel(channel)) return Promise.resolve(fail('unknown_channel', `There is no channel "${String(channel)}".`));
      return transport.invoke(channel, input) as never;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      if (!isEventName(event)) throw new TypeError(`There is no event "${String(event)}".`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      return transport.subscribe(event, (payload) => listener(payload as EventPayload<E>));
    },
  };
  return Object.freeze(api);
}
