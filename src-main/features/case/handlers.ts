import type { Appointment } from '../../../src-shared/domain/appointment';
import type { AuditedChanges } from '../../audit/audited-changes';
import type { CaseRecords } from '../../case/case-records';
import type { Handlers } from '../../ipc/ipc-router';

export interface CaseHandlersDeps {
  cases: CaseRecords;
  changes: AuditedChanges;
  /** One of this KEP's appointments (the channel's needs checked it is). */
  appointment(appointmentId: string): Appointment;
  actorId(): string;
}

/** The case record, open once the identity check passed (the channels' needs). */
export function caseHandlers({ cases, changes, appointment, actorId }: CaseHandlersDeps): Handlers<'case.get' | 'case.update'> {
  return {
    'case.get': ({ appointmentId }) => cases.get(appointmentId),
    'case.update': (input) => {
      const { category } = appointment(input.appointmentId);
      return changes.commit(() => {
        const saved = cases.save(input, category, actorId());
        changes.record('case.update', input.appointmentId, { protocolNumber: saved.protocolNumber, actions: saved.actions.length, status: saved.status });
        return saved;
      });
    },
  };
}
