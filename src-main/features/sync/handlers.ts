import type { IsoDate } from '../../../src-shared/domain/athens-time';
import { AppError } from '../../../src-shared/errors';
import { NOT_CONFIGURED } from '../../hub/not-configured';
import type { WorkstationLink } from '../../hub/workstation-link';
import type { Handlers } from '../../ipc/ipc-router';
import type { SessionService } from '../../session/session-service';
import type { DaySync } from '../../sync/day-sync';
import type { Outbox } from '../../sync/outbox';

export interface SyncHandlersDeps {
  link: WorkstationLink;
  sync: DaySync;
  outbox: Outbox;
  session: SessionService;
  syncDates(): IsoDate[];
}

/** How the desk keeps up with the hub: the days' sync and the outbox of changes made here. */
export function syncHandlers({ link, sync, outbox, session, syncDates }: SyncHandlersDeps): Handlers<'sync.status' | 'sync.now' | 'outbox.status'> {
  return {
    'sync.status': () => (link.endpoint() ? sync.status() : { state: 'error', lastSuccessAt: null, lastAttemptAt: null, lastError: NOT_CONFIGURED }),
    'sync.now': () => {
      if (!link.endpoint()) throw new AppError(NOT_CONFIGURED.code, NOT_CONFIGURED.message);
      return sync.sync(syncDates());
    },
    // IT keeps the desk running but never sees citizens' data: counts only.
    'outbox.status': () => outbox.status({ contents: session.role() !== 'it-admin' }),
  };
}
