import type { Subject } from '../../src-shared/contract/ipc';
import { AppError, type ErrorReason } from '../../src-shared/errors';
import type { AppointmentStore } from '../appointments/appointment-store';
import type { CallFiles } from '../call/call-files';
import type { CallService } from '../call/call-service';
import type { CaseDocuments } from '../dispatch/case-documents';
import type { DispatchStore } from '../dispatch/dispatch-store';
import type { NeedsCheck } from '../ipc/ipc-router';
import type { VerificationService } from '../verification/verification-service';

/** A subject of another KEP is answered as one that does not exist: the desk never learns of it. */
const NO_SUCH: Record<Subject, { message: string; reason: ErrorReason }> = {
  appointment: { message: 'There is no such appointment at this KEP.', reason: 'appointment.not_found' },
  change: { message: 'There is no such appointment at this KEP.', reason: 'appointment.not_found' },
  document: { message: 'There is no such document.', reason: 'document.not_found' },
  call_file: { message: 'There is no such file.', reason: 'call_file.not_found' },
  dispatch: { message: 'There is no such dispatch.', reason: 'dispatch.not_found' },
};
const noSuch = (subject: Subject): AppError => new AppError('not_found', NO_SUCH[subject].message, { reason: NO_SUCH[subject].reason });

export interface AppointmentNeedsDeps {
  appointments: AppointmentStore;
  /** The workstation's KEP, as the hub last said; null before the first sync. */
  kepId(): string | null;
  calls: CallService;
  verification: VerificationService;
  documents: CaseDocuments;
  callFiles: CallFiles;
  dispatches: DispatchStore;
}

/** How main checks what a channel needs (the contract's `needs`) of the appointment its input names. */
export function appointmentNeeds(deps: AppointmentNeedsDeps): NeedsCheck {
  const appointmentOf = (subject: Subject, id: string): string | null => {
    switch (subject) {
      case 'appointment':
      case 'change':
        return id;
      case 'document':
        return deps.documents.get(id)?.appointmentId ?? null;
      case 'call_file':
        return deps.callFiles.appointmentOf(id);
      case 'dispatch':
        return deps.dispatches.get(id)?.appointmentId ?? null;
    }
  };
  return ({ subject, checks }, subjectId) => {
    const appointmentId = appointmentOf(subject, subjectId);
    if (!appointmentId) throw noSuch(subject);
    for (const need of checks) {
      switch (need) {
        case 'own_appointment': {
          const kepId = deps.kepId();
          if (!kepId || !deps.appointments.belongsTo(appointmentId, kepId)) throw noSuch(subject);
          break;
        }
        case 'open_call':
          if (!deps.calls.isActive(appointmentId))
            throw new AppError('conflict', 'No call is open for this appointment at this desk.', { reason: 'call.not_open' });
          break;
        case 'call_link':
          if (!deps.calls.isActive(appointmentId) && !deps.calls.isPrepared(appointmentId))
            throw new AppError('conflict', 'No call is open or being prepared for this appointment at this desk.', { reason: 'call.not_open' });
          break;
        case 'passed_check':
          deps.verification.requirePassed(appointmentId);
          break;
      }
    }
  };
}
