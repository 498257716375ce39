import { useCallback } from 'react';
import type { VerificationState } from '../../../src-shared/contract/ipc';
import { call, onEvent } from '../kep';
import type { Listen } from './load-store';
import { type Loaded, useLoad } from './use-load';

/**
 * An appointment's identity check as main has it. Main says `verification.changed` on every
 * tick, verdict and flip of the citizen's video liveness, so the event alone keeps it current.
 */
export function useVerification(appointmentId: string): Loaded<VerificationState> {
  const read = useCallback(() => call('verification.get', { appointmentId }), [appointmentId]);
  const listen = useCallback<Listen<VerificationState>>(
    ({ set }) =>
      onEvent('verification.changed', (state) => {
        if (state.appointmentId === appointmentId) set(state);
      }),
    [appointmentId],
  );
  return useLoad(read, listen);
}
