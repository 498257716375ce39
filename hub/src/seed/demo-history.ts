import type { Appointment } from '../../../src-shared/domain/appointment';
import { addDays, formatAthensDate, type IsoDate } from '../../../src-shared/domain/athens-time';
import { FAIL_REASONS } from '../../../src-shared/domain/verification';
import { isWorkingDay } from '../../../src-shared/domain/working-days';
import type { CallOutcome } from '../../../src-shared/protocol/changes';
import type { HubStore } from '../store/hub-store';
import { createRandom, demoAppointments } from './demo-appointments';
import type { DemoKep } from './demo-keps';
import { hash } from './seed-demo';

const MINUTE = 60_000;
const CANCEL_REASONS = ['Ο πολίτης ακύρωσε', 'Ασθένεια', 'Δεν χρειάζεται πλέον', 'Διπλή κράτηση'];
const RESCHEDULE_REASONS = ['Ζήτησε άλλη ώρα', 'Κώλυμα υπαλλήλου'];

/**
 * Weeks of past working days at a demo KEP, played out as the hub would have recorded them, so a
 * supervisor trying the demo sees figures: cancellations, a few moves and no-shows, calls with
 * waits, late starts, outcomes and identity checks by `staff`, and documents reaching citizens.
 * Days that already have bookings are left alone.
 */
export function seedDemoHistory(store: HubStore, kep: DemoKep, today: IsoDate, days: number, staff: readonly string[]): number {
  let played = 0;
  for (let back = days; back >= 1; back--) {
    const date = addDays(today, -back);
    if (!isWorkingDay(date) || store.countAppointments(kep.id, date) > 0) continue;
    const random = createRandom(hash(`${kep.id}:${date}:history`));
    const appointments = demoAppointments(kep, date, hash(`${kep.id}:${date}`));
    store.transaction(() => {
      store.insertAppointments(appointments);
      for (const a of appointments) playOut(store, a, random, staff);
    });
    played += appointments.length;
  }
  return played;
}

function playOut(store: HubStore, appointment: Appointment, random: () => number, staff: readonly string[]): void {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const facts = store.appointmentFacts;
  const roll = random();
  if (roll < 0.05) return store.setAppointmentStatus(appointment.id, 'cancelled', pick(CANCEL_REASONS));
  let startsAt = Date.parse(appointment.startsAt);
  if (roll < 0.08) {
    startsAt += 60 * MINUTE;
    store.rescheduleAppointment(appointment.id, new Date(startsAt).toISOString(), new Date(startsAt + 20 * MINUTE).toISOString(), pick(RESCHEDULE_REASONS));
  }
  const current = store.getAppointment(appointment.id)!;
  if (roll > 0.92) {
    store.updateWork(current, { noShowAt: new Date(startsAt + 15 * MINUTE).toISOString() });
    return store.setAppointmentStatus(appointment.id, 'no_show');
  }
  const employee = pick(staff);
  const arrived = startsAt - Math.floor(random() * 6 * MINUTE);
  const opened = startsAt + Math.floor(random() * random() * 12 * MINUTE);
  const ended = opened + (6 + Math.floor(random() * 20)) * MINUTE;
  facts.arrived(appointment.id, arrived);
  facts.callOpened(appointment.id, opened, employee);
  facts.admitted(appointment.id, Math.max(arrived, opened));
  if (appointment.interpreterNeeded) facts.interpreterJoined(appointment.id);
  facts.callClosed(appointment.id, ended);
  const checked = random() < 0.93;
  if (checked) facts.verificationPassed(appointment.id);
  const outcome: CallOutcome = !checked
    ? 'incomplete'
    : pick(['completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'incomplete', 'citizen_left', 'technical']);
  facts.callEnded(appointment.id, outcome, employee, ended);
  store.updateWork(current, { callOutcome: outcome, callEndedAt: new Date(ended).toISOString() });
  if (!checked) return store.setAppointmentStatus(appointment.id, 'failed_verification', pick(FAIL_REASONS));
  if (outcome !== 'completed') return;
  store.setAppointmentStatus(appointment.id, 'completed');
  const failed = appointment.deliveryMethod === 'email' && random() < 0.04;
  const done = failed ? null : ended + Math.round((appointment.deliveryMethod === 'inbox' ? 30 + random() * 600 : 1 + random() * 10) * MINUTE);
  store.dispatchFacts.insert({
    kepId: appointment.kepId,
    slotDate: formatAthensDate(new Date(startsAt)),
    appointmentId: appointment.id,
    dispatchId: `demo-${appointment.id}`,
    channel: appointment.deliveryMethod,
    category: appointment.category,
    employeeId: employee,
    sentAt: appointment.deliveryMethod === 'email' ? done : ended,
    doneAt: done,
    failed,
  });
}
