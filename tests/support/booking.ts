import { randomUUID } from 'node:crypto';
import type { HubStore } from '../../hub/src/store/hub-store';
import type { Appointment } from '../../src-shared/domain/appointment';

/** A 20-minute booking at `kepId` starting at `start` (to the minute), with a plausible citizen. */
export function makeAppointment(kepId: string, start: Date, overrides: Partial<Appointment> = {}): Appointment {
  const startsAt = new Date(start);
  startsAt.setUTCSeconds(0, 0);
  return {
    id: randomUUID(),
    kepId,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 20 * 60_000).toISOString(),
    category: 3,
    serviceCode: 'C3-DISABILITY-CARD',
    subject: 'Έκδοση κάρτας αναπηρίας',
    citizen: { firstName: 'Ελένη', lastName: 'Μακρή', afm: '123456783', email: 'eleni@example.com', phone: null, postalAddress: null },
    interpreterNeeded: true,
    deliveryMethod: 'email',
    status: 'booked',
    statusReason: null,
    bookedBy: null,
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Books one appointment starting `startsInMinutes` from now (negative: in the past). */
export function bookAppointment(store: HubStore, kepId: string, startsInMinutes = 5, overrides: Partial<Appointment> = {}): Appointment {
  const appointment = makeAppointment(kepId, new Date(Date.now() + startsInMinutes * 60_000), overrides);
  store.insertAppointments([appointment]);
  return appointment;
}
