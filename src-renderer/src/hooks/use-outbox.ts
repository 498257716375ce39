import { useEffect, useState } from 'react';
import type { OutboxStatus, StaffMember } from '../../../src-shared/contract/ipc';
import { call, onEvent } from '../kep';

/** Changes still on their way to the hub, and those it refused. */
export function useOutbox(): OutboxStatus | null {
  const [status, setStatus] = useState<OutboxStatus | null>(null);
  useEffect(() => {
    const load = (): void => void call('outbox.status').then(setStatus, () => undefined);
    load();
    const offChanged = onEvent('outbox.changed', setStatus);
    // IT is not sent outbox news (refused changes carry citizens' data): it re-reads the counts with each sync.
    const offSynced = onEvent('sync.changed', load);
    return () => {
      offChanged();
      offSynced();
    };
  }, []);
  return status;
}

/** The KEP's staff, for assignment and for showing who an appointment is assigned to. */
export function useStaff(enabled: boolean): StaffMember[] {
  const [staff, setStaff] = useState<StaffMember[]>([]);
  useEffect(() => {
    if (!enabled) return undefined;
    const load = (): void => void call('staff.list').then(setStaff, () => undefined);
    load();
    return onEvent('sync.changed', (s) => {
      if (s.state === 'idle') load();
    });
  }, [enabled]);
  return staff;
}
