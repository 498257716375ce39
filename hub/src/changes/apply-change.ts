import type { Role } from '../../../src-shared/domain/roles';
import { mayUndoNoShow, noShowUndoWindowOpen } from '../../../src-shared/domain/appointment-state';
import { mayChange, NO_SHOW_GRACE_MINUTES } from '../../../src-shared/domain/work-permissions';
import { AppError } from '../../../src-shared/errors';
import type { ChangeRequest, ChangeResponse } from '../../../src-shared/protocol/changes';
import { actorProofRefusal } from '../auth/actor-keys';
import { findUser } from '../auth/users';
import { queueCancelledMail, queueMovedMail } from '../booking/book';
import type { BookingSettings } from '../config';
import type { HubStore, Workstation } from '../store/hub-store';

const STAFF: readonly Role[] = ['employee', 'supervisor'];

/**
 * Applies one change delivered from a workstation's outbox, exactly once per idempotency key:
 * a repeated delivery gets the first answer again. A change that can never apply (wrong role,
 * unknown appointment, a booking no longer open) is recorded as refused with its reason, so the
 * outbox stops retrying it and the app can tell the employee.
 */
export function applyChange(store: HubStore, workstation: Workstation, request: ChangeRequest, booking: BookingSettings): ChangeResponse {
  return store.transaction((): ChangeResponse => {
    // A change nobody proves is not recorded under its key: the key stays free for the real one.
    const unproven = actorProofRefusal(store, workstation.id, request);
    if (unproven) return { applied: false, duplicate: false, reason: unproven };
    const seen = store.appliedChanges.find(request.idempotencyKey);
    if (seen) {
      if (seen.workstationId !== workstation.id) throw new AppError('conflict', 'This idempotency key belongs to another workstation.');
      return { applied: seen.applied, duplicate: true, reason: null };
    }
    const reason = refusal(store, workstation, request);
    if (!reason) apply(store, request, booking);
    store.appliedChanges.insert({
      idempotencyKey: request.idempotencyKey,
      workstationId: workstation.id,
      actorId: request.actorId,
      kind: request.change.kind,
      appointmentId: request.change.appointmentId,
      madeAt: request.madeAt,
      appliedAt: new Date().toISOString(),
      applied: !reason,
    });
    return { applied: !reason, duplicate: false, reason };
  });
}

/** A desk's clock may run a little fast; a change "made" further in the future is not believed. */
const CLOCK_SKEW_MS = 5 * 60_000;

function refusal(store: HubStore, workstation: Workstation, request: ChangeRequest): string | null {
  const { actorId, madeAt, change } = request;
  if (new Date(madeAt).getTime() > Date.now() + CLOCK_SKEW_MS) return 'The change is dated in the future; check the workstation’s clock.';
  const appointment = store.getAppointment(change.appointmentId);
  if (!appointment || appointment.kepId !== workstation.kepId) return 'There is no such appointment at this KEP.';
  const actor = findUser(store, actorId);
  if (!actor || actor.kepId !== workstation.kepId) return 'The person who made the change is not staff of this KEP.';
  if (!mayChange(actor.role, change.kind)) return `The ${actor.role} role may not make this change.`;
  switch (change.kind) {
    case 'work.assign': {
      if (change.userId === null) return null;
      const assignee = findUser(store, change.userId);
      return assignee && assignee.kepId === workstation.kepId && STAFF.includes(assignee.role)
        ? null
        : 'Appointments can be assigned to this KEP’s employees only.';
    }
    case 'work.noShow': {
      if (appointment.status !== 'booked') return `The appointment is ${appointment.status}.`;
      const earliest = new Date(appointment.startsAt).getTime() + NO_SHOW_GRACE_MINUTES * 60_000;
      return new Date(madeAt).getTime() >= earliest ? null : `A no-show can be recorded ${NO_SHOW_GRACE_MINUTES} minutes after the slot starts.`;
    }
    case 'work.noShowUndo':
      return noShowUndoRefusal(store, request, appointment.status, actor);
    case 'call.end':
    case 'verification.fail':
      return appointment.status === 'booked' ? null : `The appointment is ${appointment.status}.`;
    case 'booking.cancel':
    case 'booking.reschedule':
      if (appointment.status !== 'booked') return `The appointment is ${appointment.status}.`;
      if (change.kind === 'booking.reschedule' && new Date(change.endsAt).getTime() <= new Date(change.startsAt).getTime()) {
        return 'The new slot must end after it starts.';
      }
      return null;
    default:
      return null;
  }
}

function noShowUndoRefusal(store: HubStore, { madeAt, change }: ChangeRequest, status: string, actor: { id: string; role: Role }): string | null {
  if (status !== 'no_show') return `The appointment is ${status}.`;
  const noShowAt = store.getWork([change.appointmentId])[0]?.noShowAt;
  if (!noShowAt || !noShowUndoWindowOpen(noShowAt, new Date(madeAt))) return 'A no-show can be undone only on the day it was recorded.';
  return mayUndoNoShow(actor, store.appliedChanges.lastActor(change.appointmentId, 'work.noShow'))
    ? null
    : 'Only the person who recorded the no-show or a supervisor may undo it.';
}

function apply(store: HubStore, { actorId, madeAt, change }: ChangeRequest, booking: BookingSettings): void {
  const appointment = store.getAppointment(change.appointmentId);
  if (!appointment) return;
  switch (change.kind) {
    case 'work.assign':
      return store.updateWork(appointment, { assignedTo: change.userId });
    case 'work.prepare':
      return store.updateWork(appointment, { preparedAt: change.prepared ? madeAt : null });
    case 'work.notes':
      return store.updateWork(appointment, { notes: change.notes });
    case 'work.noShow':
      store.updateWork(appointment, { noShowAt: madeAt });
      return store.setAppointmentStatus(appointment.id, 'no_show');
    case 'work.noShowUndo':
      store.updateWork(appointment, { noShowAt: null });
      return store.setAppointmentStatus(appointment.id, 'booked');
    case 'call.end':
      store.updateWork(appointment, { callOutcome: change.outcome, callEndedAt: madeAt });
      store.recordCallEnd(appointment.id, Date.parse(madeAt), { outcome: change.outcome, userId: actorId });
      if (change.outcome === 'completed') store.setAppointmentStatus(appointment.id, 'completed');
      return;
    case 'verification.fail':
      return store.setAppointmentStatus(appointment.id, 'failed_verification', change.reason);
    // The citizen hears of it by e-mail as of their own change from the link (§12.2).
    case 'booking.cancel':
      store.setAppointmentStatus(appointment.id, 'cancelled', change.reason);
      return queueCancelledMail(store, appointment.id, Date.now());
    case 'booking.reschedule':
      store.rescheduleAppointment(appointment.id, change.startsAt, change.endsAt, change.reason);
      return queueMovedMail(store, appointment.id, Date.parse(change.startsAt), booking, Date.now());
  }
}
