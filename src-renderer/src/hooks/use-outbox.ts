import type { OutboxStatus, StaffMember } from '../../../src-shared/contract/ipc';
import { call, onEvent } from '../kep';
import type { Listen } from './load-store';
import { type Loaded, useLoad } from './use-load';

const readOutbox = (): Promise<OutboxStatus> => call('outbox.status');
const listenOutbox: Listen<OutboxStatus> = ({ reload, set }) => {
  const offChanged = onEvent('outbox.changed', set);
  // IT is not sent outbox news (refused changes carry citizens' data): it re-reads the counts with each sync.
  const offSynced = onEvent('sync.changed', reload);
  return () => {
    offChanged();
    offSynced();
  };
};

/** Changes still on their way to the hub, and those it refused. */
export function useOutbox(): Loaded<OutboxStatus> {
  return useLoad(readOutbox, listenOutbox);
}

const readStaff = (): Promise<StaffMember[]> => call('staff.list');
const listenStaff = ({ reload }: { reload(): void }): (() => void) =>
  onEvent('sync.changed', (s) => {
    if (s.state === 'idle') reload();
  });

/** The KEP's staff, for assignment and for showing who an appointment is assigned to. */
export function useStaff(): Loaded<StaffMember[]> {
  return useLoad(readStaff, listenStaff);
}
