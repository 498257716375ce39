import { useEffect, useState } from 'react';
import type { CallFile } from '../../../src-shared/contract/ipc';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { useVerification } from '../hooks/use-verification';
import { call } from '../kep';
import { CasePanel } from './CasePanel';
import { DispatchPanel } from './DispatchPanel';

/**
 * The case and its dispatch for an appointment outside the call, once its identity check has
 * passed: a document is often ready only after the citizen has left.
 */
/** Renders its children only once the appointment's identity check has passed. */
export function WhenPassed({ appointmentId, children }: { appointmentId: string; children: React.ReactNode }): React.JSX.Element | null {
  const [verification] = useVerification(appointmentId, false);
  return verification?.outcome === 'passed' ? <>{children}</> : null;
}

export function CaseSection({ appointment, offline }: { appointment: Appointment; offline: boolean }): React.JSX.Element | null {
  const [verification] = useVerification(appointment.id, false);
  const [files, setFiles] = useState<CallFile[]>([]);
  const passed = verification?.outcome === 'passed';
  useEffect(() => {
    if (passed) void call('call.record', { appointmentId: appointment.id }).then((r) => setFiles(r.files), () => undefined);
  }, [appointment.id, passed]);
  if (!passed) return null;
  return (
    <div className="case-section">
      <CasePanel appointment={appointment} files={files} />
      <DispatchPanel appointment={appointment} offline={offline} />
    </div>
  );
}
