import { randomUUID } from 'node:crypto';
import type { Appointment } from '../../../src-shared/domain/appointment';
import type { CitizenBookingRequest, CitizenIdentity, KepSchedule } from '../../../src-shared/protocol/booking';
import { AppError } from '../../../src-shared/errors';
import type { BookingSettings } from '../config';
import { REMINDER_KINDS } from '../store/tables/booking-mail';
import type { HubStore } from '../store/hub-store';
import { bookableSlot, type GridSlot } from './free-slots';
import { kepSchedule } from './kep-schedule';

const MINUTE = 60_000;

/** What a booking says, whoever makes it: the citizen's request, or the desk's without a KEP. */
export type BookingDetails = Omit<CitizenBookingRequest, 'kepId'>;

export interface NewBooking {
  kepId: string;
  details: BookingDetails;
  /** From the sign-in (online) or from the employee's form (desk). */
  citizen: CitizenIdentity;
  bookedBy: NonNullable<Appointment['bookedBy']>;
}

/** The schedule of a KEP that takes video appointments; refuses any other. */
export function videoSchedule(store: HubStore, kepId: string): KepSchedule {
  const schedule = kepSchedule(store, kepId);
  if (!schedule) throw new AppError('not_found', `There is no KEP ${kepId}.`);
  if (!schedule.videoService) throw new AppError('invalid_input', 'This KEP does not take video appointments.', { reason: 'booking.no_video_service' });
  return schedule;
}

/**
 * The grid slot at `startsAt` if it is bookable now and a desk is free in it. `exceptId` is a
 * booking being moved, which does not count against its own new slot. Call inside the
 * transaction that then writes, so the count cannot go stale.
 */
export function claimSlot(
  store: HubStore,
  kepId: string,
  schedule: KepSchedule,
  startsAt: string,
  now: number,
  leadMinutes: number,
  exceptId: string | null,
): GridSlot {
  const slot = bookableSlot(schedule, startsAt, now, leadMinutes);
  if (!slot) {
    throw new AppError('invalid_input', 'That time is not a slot this KEP can take: it is past, too soon, outside its hours or on a closed day.', {
      reason: 'booking.slot_unavailable',
    });
  }
  if (store.appointments.countOverlapping(kepId, new Date(slot.start), new Date(slot.end), exceptId) >= schedule.desks) {
    throw new AppError('conflict', 'That slot has just been taken; choose another.', { reason: 'booking.slot_taken' });
  }
  return slot;
}

/** The citizen is told their booking is cancelled; the reminders of it are withdrawn. Inside the cancel's transaction. */
export function queueCancelledMail(store: HubStore, appointmentId: string, now: number): void {
  store.bookingMail.withdraw(appointmentId, REMINDER_KINDS);
  store.bookingMail.enqueue(appointmentId, 'cancelled', now);
}

/** The citizen is told the new time, and the reminders follow it. Inside the move's transaction. */
export function queueMovedMail(store: HubStore, appointmentId: string, start: number, settings: BookingSettings, now: number): void {
  store.bookingMail.withdraw(appointmentId, REMINDER_KINDS);
  store.bookingMail.enqueue(appointmentId, 'moved', now);
  queueReminders(store, appointmentId, start, settings, now);
}

/** Queues a booking's reminders, those still ahead. */
export function queueReminders(store: HubStore, appointmentId: string, start: number, settings: BookingSettings, now: number): void {
  const day = start - settings.reminderDayBeforeMinutes * MINUTE;
  const soon = start - settings.reminderSoonMinutes * MINUTE;
  if (day > now) store.bookingMail.enqueue(appointmentId, 'reminder_day', day);
  if (soon > now) store.bookingMail.enqueue(appointmentId, 'reminder_soon', soon);
}

/**
 * Books a slot, online or at a desk, in one write-locked transaction: every check is made
 * again under the lock, so two requests for a KEP's last desk in a slot cannot both get it,
 * whichever hub process answers them. The appointment reaches the desks through the change
 * feed, the statistics through its facts, and the citizen through the booking mails queued here.
 */
export function book(store: HubStore, settings: BookingSettings, booking: NewBooking, now = Date.now()): Appointment {
  const { kepId, details } = booking;
  return store.transaction(() => {
    const schedule = videoSchedule(store, kepId);
    const service = store.catalogue.service(details.serviceCode);
    if (!service?.active || service.category !== details.category) {
      throw new AppError('invalid_input', `There is no service ${details.serviceCode} on offer in category ${details.category}.`, {
        reason: 'booking.unknown_service',
      });
    }
    const slot = claimSlot(store, kepId, schedule, details.startsAt, now, settings.leadMinutes, null);
    const appointment: Appointment = {
      id: randomUUID(),
      kepId,
      startsAt: new Date(slot.start).toISOString(),
      endsAt: new Date(slot.end).toISOString(),
      category: details.category as Appointment['category'],
      serviceCode: details.serviceCode,
      subject: details.description,
      citizen: { ...booking.citizen, email: details.email, phone: details.phone, postalAddress: details.postalAddress },
      interpreterNeeded: details.interpreterNeeded,
      deliveryMethod: details.deliveryMethod,
      status: 'booked',
      statusReason: null,
      bookedBy: booking.bookedBy,
      updatedAt: new Date(now).toISOString(),
    };
    store.insertAppointments([appointment]);
    store.bookingMail.enqueue(appointment.id, 'confirmation', now);
    queueReminders(store, appointment.id, slot.start, settings, now);
    return appointment;
  }, 'immediate');
}
