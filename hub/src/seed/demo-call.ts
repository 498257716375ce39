import { randomUUID } from 'node:crypto';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { formatAthensDate } from '../../../src-shared/domain/athens-time';
import { callWindow } from '../../../src-shared/domain/call-window';
import { SERVICES } from '../../../src-shared/domain/services';
import { issueJoinToken } from '../auth/join-links';
import type { HubStore } from '../store/hub-store';
import type { DemoKep } from './demo-keps';

const DEMO_SUBJECT_PREFIX = 'Δοκιμαστική κλήση';

/**
 * An appointment that can be called right now, for trying the call in the demo: category 3
 * with an interpreter, so every part of the call can be seen. Today's demo booking is reused
 * (moved to now when its window has passed), so restarts do not pile up bookings. Returns a
 * fresh citizen join token for it.
 */
export function demoCallNow(store: HubStore, kep: DemoKep, now = new Date()): { appointment: Appointment; citizenToken: string } {
  const start = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const end = new Date(start.getTime() + 20 * 60_000);
  const earlier = store.listAppointments(kep.id, formatAthensDate(now)).filter((a) => a.status === 'booked' && a.subject.startsWith(DEMO_SUBJECT_PREFIX));
  const callable = earlier.find((a) => callWindow(a).opens <= now.getTime() && now.getTime() <= callWindow(a).closes);
  if (callable) return { appointment: callable, citizenToken: issueJoinToken(store, callable.id, 'citizen').token };
  // An earlier start's demo booking nobody called is moved to now, so restarts do not pile up bookings.
  const uncalled = earlier[0];
  if (uncalled) {
    store.rescheduleAppointment(uncalled.id, start.toISOString(), end.toISOString(), 'Νέα δοκιμαστική κλήση της επίδειξης');
    const moved = store.getAppointment(uncalled.id) ?? uncalled;
    return { appointment: moved, citizenToken: issueJoinToken(store, moved.id, 'citizen').token };
  }
  const service = SERVICES.find((s) => s.category === 3) ?? SERVICES[0]!;
  const appointment: Appointment = {
    id: randomUUID(),
    kepId: kep.id,
    startsAt: start.toISOString(),
    endsAt: end.toISOString(),
    category: 3,
    serviceCode: service.code,
    subject: `${DEMO_SUBJECT_PREFIX}: έκδοση κάρτας αναπηρίας`,
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
    bookedBy: null,
    updatedAt: now.toISOString(),
  };
  store.insertAppointments([appointment]);
  return { appointment, citizenToken: issueJoinToken(store, appointment.id, 'citizen').token };
}
