import { useCallback } from 'react';
import type { CallFile } from '../../../src-shared/contract/ipc';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { useLoad } from '../hooks/use-load';
import { useVerification } from '../hooks/use-verification';
import { call } from '../kep';
import { CasePanel } from './CasePanel';
import { DispatchPanel } from './DispatchPanel';
import { LoadProblem } from './LoadProblem';

/**
 * The case and its dispatch for an appointment outside the call, once its identity check has
 * passed: a document is often ready only after the citizen has left.
 */
/** Renders its children only once the appointment's identity check has passed. */
export function WhenPassed({ appointmentId, children }: { appointmentId: string; children: React.ReactNode }): React.JSX.Element | null {
  const { data: verification, error, reload } = useVerification(appointmentId);
  if (error && !verification) return <LoadProblem subject="verification" error={error} onRetry={reload} />;
  return verification?.outcome === 'passed' ? <>{children}</> : null;
}

export function CaseSection({ appointment, offline }: { appointment: Appointment; offline: boolean }): React.JSX.Element | null {
  const { data: verification, error, reload } = useVerification(appointment.id);
  const passed = verification?.outcome === 'passed';
  const readFiles = useCallback(
    (): Promise<CallFile[]> => (passed ? call('call.record', { appointmentId: appointment.id }).then((r) => r.files) : Promise.resolve([])),
    [appointment.id, passed],
  );
  const files = useLoad(readFiles);
  if (error && !verification) return <LoadProblem subject="verification" error={error} onRetry={reload} />;
  if (!passed) return null;
  return (
    <div className="case-section">
      {files.error && <LoadProblem subject="callFiles" error={files.error} onRetry={files.reload} />}
      <CasePanel appointment={appointment} files={files.data ?? []} />
      <DispatchPanel appointment={appointment} offline={offline} />
    </div>
  );
}
