import { randomUUID } from 'node:crypto';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { formatAthensDate } from '../../../src-shared/domain/athens-time';
import { callWindow } from '../../../src-shared/domain/call-window';
import { SERVICES } from '../../../src-shared/domain/services';
import { issueJoinToken } from '../auth/join-links';
import type { HubStore } from '../store/hub-store';
import type { DemoKep } from './demo-keps';

/**
 * An appointment that can be called right now, for trying the call in the demo: category 3
 * with an interpreter, so every part of the call can be seen. An existing callable booking is
 * reused, so restarts do not pile up bookings. Returns a fresh citizen join token for it.
 */
export function demoCallNow(store: HubStore, kep: DemoKep, now = new Date()): { appointment: Appointment; citizenToken: string } {
  const callable = store
    .listAppointments(kep.id, formatAthensDate(now))
    .find(
      (a) =>
        a.status === 'booked' && a.subject.startsWith('Δοκιμαστική κλήση') && callWindow(a).opens <= now.getTime() && now.getTime() <= callWindow(a).closes,
    );
  const start = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const service = SERVICES.find((s) => s.category === 3) ?? SERVICES[0]!;
  const appointment: Appointment = callable ?? {
    id: randomUUID(),
    kepId: kep.id,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 20 * 60_000).toISOString(),
    category: 3,
    serviceCode: service.code,
    subject: 'Δοκιμαστική κλήση: έκδοση κάρτας αναπηρίας',
    citizen: {
      firstName: 'Ελένη',
      lastName: 'Δημητρίου',
      afm: '123456783',
      email: 'eleni.dimitriou@example.com',
      phone: '+30 690 0000000',
      postalAddress: `Ερμού 10, ${kep.postcode} ${kep.city}`,
    },
    interpreterNeeded: true,
    deliveryMethod: 'email',
    status: 'booked',
    statusReason: null,
    updatedAt: now.toISOString(),
  };
  if (!callable) store.insertAppointments([appointment]);
  return { appointment, citizenToken: issueJoinToken(store, appointment.id, 'citizen').token };
}
