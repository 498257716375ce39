import type { UpdateStatus } from '../../../src-shared/contract/ipc';
import type { Handlers } from '../../ipc/ipc-router';

/** The desk's own updates: where its updater stands, for the employee's notice and IT's panel. */
export function updateHandlers({ updates }: { updates: { status(): UpdateStatus } }): Handlers<'update.status'> {
  return {
    'update.status': () => updates.status(),
  };
}
