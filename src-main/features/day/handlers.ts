import { AppError } from '../../../src-shared/errors';
import type { AppointmentStore } from '../../appointments/appointment-store';
import type { AuditedChanges } from '../../audit/audited-changes';
import type { Handlers } from '../../ipc/ipc-router';
import type { WorkStore } from '../../work/work-store';

export interface DayHandlersDeps {
  appointments: AppointmentStore;
  work: WorkStore;
  changes: AuditedChanges;
  /** The workstation's KEP, as the hub last said; null before the first sync. */
  kepId(): string | null;
}

/** The day's appointments, the KEP's work on them and its staff. */
export function dayHandlers({ appointments, work, changes, kepId }: DayHandlersDeps): Handlers<'day.get' | 'appointment.change' | 'staff.list'> {
  return {
    'day.get': ({ date }) => {
      const kep = kepId();
      const day = kep ? appointments.listDay(kep, date) : [];
      return { date, appointments: day, work: work.list(day.map((a) => a.id)) };
    },
    'appointment.change': ({ change }) => {
      if (change.kind === 'booking.reschedule' && new Date(change.endsAt).getTime() <= new Date(change.startsAt).getTime()) {
        throw new AppError('invalid_input', 'The new slot must end after it starts.', { reason: 'booking.ends_before_start' });
      }
      // Outcomes of the call and of the identity check are recorded by their own channels only.
      if (change.kind === 'call.end' || change.kind === 'verification.fail') {
        throw new AppError('invalid_input', 'This outcome is recorded by ending the call or the identity check.', { reason: 'change.outcome_channel' });
      }
      return { idempotencyKey: changes.recordChange(change) };
    },
    'staff.list': () => {
      const kep = kepId();
      return kep ? appointments.listStaff(kep) : [];
    },
  };
}
