import type { Server } from 'socket.io';
import type { DispatchService } from '../dispatch/dispatch-service';
import { kepRoom } from './room-names';

/**
 * Tells a KEP's workstations a dispatch's new state as soon as this process recorded it
 * (`dispatch:state`, §5b.8), so a desk shows «delivered» without asking. Through the adapter it
 * reaches the KEP's workstations on every hub process, once: only the process that recorded the
 * outcome sends it. The change feed still carries the change, for desks that were not connected.
 */
export function startDispatchPush(io: Server, dispatches: Pick<DispatchService, 'onState'>): () => void {
  return dispatches.onState((kepId, status) => io.to(kepRoom(kepId)).emit('dispatch:state', status));
}
