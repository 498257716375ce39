import { mayUndoNoShow, noShowUndoWindowOpen } from '../../../src-shared/domain/appointment-state';
import type { Role } from '../../../src-shared/domain/roles';
import { AppError } from '../../../src-shared/errors';
import type { AppointmentStore } from '../../appointments/appointment-store';
import type { AuditLog } from '../../audit/audit-log';
import type { AuditedChanges } from '../../audit/audited-changes';
import type { Handlers } from '../../ipc/ipc-router';
import type { WorkStore } from '../../work/work-store';

export interface DayHandlersDeps {
  appointments: AppointmentStore;
  work: WorkStore;
  changes: AuditedChanges;
  audit: AuditLog;
  /** The workstation's KEP, as the hub last said; null before the first sync. */
  kepId(): string | null;
  /** The signed-in person. */
  actor(): { id: string; role: Role };
  now(): Date;
}

/** The day's appointments, the KEP's work on them and its staff. */
export function dayHandlers({
  appointments,
  work,
  changes,
  audit,
  kepId,
  actor,
  now,
}: DayHandlersDeps): Handlers<'day.get' | 'appointment.change' | 'staff.list'> {
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
      if (change.kind === 'work.noShowUndo') {
        const noShowAt = work.list([change.appointmentId])[0]?.noShowAt;
        if (!noShowAt) throw new AppError('conflict', 'No no-show is recorded for this appointment.', { reason: 'no_show.not_recorded' });
        if (!noShowUndoWindowOpen(noShowAt, now())) {
          throw new AppError('forbidden', 'A no-show can be undone only on the day it was recorded.', { reason: 'no_show.undo_too_late' });
        }
        // Recorded at another workstation, its author is known to the hub only: the hub decides.
        const recordedBy = audit.lastActor('work.noShow', change.appointmentId);
        if (recordedBy && !mayUndoNoShow(actor(), recordedBy)) {
          throw new AppError('forbidden', 'Only the person who recorded the no-show or a supervisor may undo it.', { reason: 'no_show.undo_not_yours' });
        }
      }
      return { idempotencyKey: changes.recordChange(change) };
    },
    'staff.list': () => {
      const kep = kepId();
      return kep ? appointments.listStaff(kep) : [];
    },
  };
}
