import type { Appointment } from '../../../src-shared/domain/appointment';
import type { CatalogueService, ManageResponse } from '../../../src-shared/protocol/booking';
import { AppError } from '../../../src-shared/errors';
import type { BookingSettings } from '../config';
import type { HubStore } from '../store/hub-store';
import { claimSlot, queueCancelledMail, queueMovedMail, videoSchedule } from './book';

const MINUTE = 60_000;

/** What a citizen's cancellation says when they gave no reason. */
export const CITIZEN_CANCEL_REASON = 'Ακυρώθηκε από τον πολίτη';
/** The reason a move from the link records, for the desk's history. */
export const CITIZEN_MOVE_REASON = 'Μετακινήθηκε από τον πολίτη';

/** Until when the citizen may cancel or move a booking from their link. */
export const changeUntil = (appointment: Appointment, settings: BookingSettings): number =>
  new Date(appointment.startsAt).getTime() - settings.changeUntilMinutes * MINUTE;

/** The booking as its citizen sees it through their link, cancelled or not. */
export function manageView(store: HubStore, settings: BookingSettings, appointmentId: string, now = Date.now()): ManageResponse {
  const appointment = store.getAppointment(appointmentId);
  const kep = appointment && store.getKep(appointment.kepId);
  if (!appointment || !kep) throw new AppError('not_found', 'This booking no longer exists.');
  const until = changeUntil(appointment, settings);
  return {
    appointment,
    kep: { id: kep.id, name: kep.name, municipality: store.keps.hours(kep.id)?.municipality || kep.name },
    service: serviceOf(store, appointment),
    changeUntil: new Date(until).toISOString(),
    canChange: appointment.status === 'booked' && now < until,
  };
}

/** The catalogue's entry for the booking's service; one no longer in the catalogue shows its code. */
function serviceOf(store: HubStore, appointment: Appointment): CatalogueService {
  return (
    store.catalogue.service(appointment.serviceCode) ?? {
      code: appointment.serviceCode,
      category: appointment.category,
      name: { el: appointment.serviceCode, en: appointment.serviceCode },
      documents: [],
      active: false,
    }
  );
}

/** Refuses a change to a booking that is not booked any more or whose change window has passed. */
function changeable(store: HubStore, settings: BookingSettings, appointmentId: string, now: number): Appointment {
  const appointment = store.getAppointment(appointmentId);
  if (!appointment) throw new AppError('not_found', 'This booking no longer exists.');
  if (appointment.status !== 'booked') {
    throw new AppError('conflict', `This booking is ${appointment.status} and can no longer be changed.`, { reason: 'booking.not_changeable' });
  }
  if (now >= changeUntil(appointment, settings)) {
    throw new AppError('conflict', `A booking can be changed until ${settings.changeUntilMinutes} minutes before it; call your KEP instead.`, {
      reason: 'booking.too_late_to_change',
    });
  }
  return appointment;
}

/** The citizen cancels from their link: the desk sees it through the change feed, the citizen gets a mail. */
export function cancelBooking(store: HubStore, settings: BookingSettings, appointmentId: string, reason: string | undefined, now = Date.now()): ManageResponse {
  store.transaction(() => {
    changeable(store, settings, appointmentId, now);
    store.setAppointmentStatus(appointmentId, 'cancelled', reason || CITIZEN_CANCEL_REASON);
    queueCancelledMail(store, appointmentId, now);
  }, 'immediate');
  return manageView(store, settings, appointmentId, now);
}

/**
 * The citizen moves their booking to another free slot of the same KEP, checked as a new
 * booking would be (its own old slot does not count against it). The link keeps working: it
 * reads the times from the booking.
 */
export function moveBooking(store: HubStore, settings: BookingSettings, appointmentId: string, startsAt: string, now = Date.now()): ManageResponse {
  store.transaction(() => {
    const appointment = changeable(store, settings, appointmentId, now);
    const slot = claimSlot(store, appointment.kepId, videoSchedule(store, appointment.kepId), startsAt, now, settings.leadMinutes, appointment.id);
    store.rescheduleAppointment(appointment.id, new Date(slot.start).toISOString(), new Date(slot.end).toISOString(), CITIZEN_MOVE_REASON);
    queueMovedMail(store, appointment.id, slot.start, settings, now);
  }, 'immediate');
  return manageView(store, settings, appointmentId, now);
}
