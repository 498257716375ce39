import { randomUUID } from 'node:crypto';
import type { HubStore } from '../../hub/src/store/hub-store';
import type { Appointment } from '../../src-shared/domain/appointment';

/** Books one appointment starting `startsInMinutes` from now (negative: in the past), 20 minutes long. */
export function bookAppointment(store: HubStore, kepId: string, startsInMinutes = 5, overrides: Partial<Appointment> = {}): Appointment {
  const start = new Date(Date.now() + startsInMinutes * 60_000);
  start.setUTCSeconds(0, 0);
  const appointment: Appointment = {
    id: randomUUID(),
    kepId,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 20 * 60_000).toISOString(),
    category: 3,
    serviceCode: 'C3-DISABILITY-CARD',
    subject: 'Έκδοση κάρτας αναπηρίας',
    citizen: { firstName: 'Ελένη', lastName: 'Μακρή', afm: '123456783', email: 'eleni@example.com', phone: null, postalAddress: null },
    interpreterNeeded: true,
    deliveryMethod: 'email',
    status: 'booked',
    statusReason: null,
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
  store.insertAppointments([appointment]);
  return appointment;
}
