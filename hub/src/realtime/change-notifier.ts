import type { Server } from 'socket.io';
import { createLogger } from '../../../src-shared/log';
import type { HubStore } from '../store/hub-store';
import { kepRoom } from './room-names';

const log = createLogger('change-notifier');

/**
 * Tells each KEP's workstations when its appointments changed, whoever changed them: this
 * process, another hub process, or an admin command. It watches the change feed in the shared
 * store and notifies only this process's own sockets, so several processes never double up.
 */
export function startChangeNotifier(io: Server, store: HubStore, intervalMs = 250): () => void {
  let seen = store.latestChange();
  const timer = setInterval(() => {
    try {
      const latest = store.latestChange();
      if (latest <= seen) return;
      for (const kepId of store.kepsChangedSince(seen)) io.local.to(kepRoom(kepId)).emit('appointments:changed', { cursor: latest });
      seen = latest;
    } catch (error) {
      log.error('cannot read the change feed', { error: String(error) });
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
