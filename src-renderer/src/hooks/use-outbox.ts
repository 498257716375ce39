import { useEffect, useState } from 'react';
import type { OutboxStatus, StaffMember } from '../../../src-shared/contract/ipc';
import { call, onEvent } from '../kep';

/** Changes still on their way to the hub, and those it refused. */
export function useOutbox(): OutboxStatus | null {
  const [status, setStatus] = useState<OutboxStatus | null>(null);
  useEffect(() => {
    void call('outbox.status').then(setStatus, () => undefined);
    return onEvent('outbox.changed', setStatus);
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
