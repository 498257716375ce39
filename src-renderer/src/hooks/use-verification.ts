import { useCallback, useEffect, useState } from 'react';
import type { VerificationState } from '../../../src-shared/contract/ipc';
import { call, onEvent } from '../kep';

/** An appointment's identity check as main has it; re-read every 2 s while open, for the video state. */
export function useVerification(appointmentId: string, polling: boolean): [VerificationState | null, (s: VerificationState) => void] {
  const [state, setState] = useState<VerificationState | null>(null);
  const load = useCallback(() => void call('verification.get', { appointmentId }).then(setState, () => undefined), [appointmentId]);
  useEffect(() => {
    load();
    const off = onEvent('verification.changed', (s) => {
      if (s.appointmentId === appointmentId) setState(s);
    });
    const timer = polling ? setInterval(load, 2000) : null;
    return () => {
      off();
      if (timer) clearInterval(timer);
    };
  }, [appointmentId, load, polling]);
  return [state, setState];
}
