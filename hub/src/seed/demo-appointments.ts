import { afmCheckDigit } from '../../../src-shared/domain/afm';
import type { Appointment, DeliveryMethod } from '../../../src-shared/domain/appointment';
import { athensSlots, type IsoDate } from '../../../src-shared/domain/athens-time';
import { SERVICES } from '../../../src-shared/domain/services';
import type { DemoKep } from './demo-keps';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, STREETS, SURNAMES } from './greek-names';
import { SUBJECTS } from './subjects';

/** Small deterministic PRNG (mulberry32): the same seed gives the same demo day. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export function randomAfm(random: () => number): string {
  // Individuals' AFMs start with 0, 1 or 2 in practice; the check digit makes it valid.
  const body = String(Math.floor(random() * 3)) + Array.from({ length: 7 }, () => Math.floor(random() * 10)).join('');
  return body + String(afmCheckDigit(body));
}

export const DEMO_DAY = { from: '08:00', to: '15:00', slotMinutes: 20 } as const;

/**
 * A plausible day of bookings for a KEP: 20-minute slots from 08:00 to 15:00 Athens time,
 * most of them taken, all four categories, some category-3 bookings with an interpreter.
 */
export function demoAppointments(kep: DemoKep, date: IsoDate, seed: number): Appointment[] {
  const random = createRandom(seed);
  const updatedAt = new Date().toISOString();
  return athensSlots(date, DEMO_DAY.from, DEMO_DAY.to, DEMO_DAY.slotMinutes)
    .filter(() => random() < 0.7)
    .map((slot) => {
      const service = pick(random, SERVICES);
      const female = random() < 0.5;
      const surname = pick(random, SURNAMES);
      const firstName = pick(random, female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
      const deliveryMethod: DeliveryMethod = pick(random, ['email', 'email', 'inbox', 'post'] as const);
      const hasEmail = deliveryMethod === 'email' || random() < 0.6;
      return {
        id: uuidFrom(random),
        kepId: kep.id,
        startsAt: slot.start.toISOString(),
        endsAt: slot.end.toISOString(),
        category: service.category,
        serviceCode: service.code,
        subject: pick(random, SUBJECTS[service.code] ?? ['']),
        citizen: {
          firstName,
          lastName: female ? surname.female : surname.male,
          afm: randomAfm(random),
          email: hasEmail ? `${surname.latin}.${Math.floor(random() * 900 + 100)}@example.com` : null,
          phone: `+30 69${Math.floor(random() * 10)} ${String(Math.floor(random() * 10_000_000)).padStart(7, '0')}`,
          postalAddress: `${pick(random, STREETS)} ${Math.floor(random() * 150) + 1}, ${kep.postcode} ${kep.city}`,
        },
        interpreterNeeded: service.category === 3 && random() < 0.5,
        deliveryMethod,
        status: 'booked',
        statusReason: null,
        bookedBy: null,
        updatedAt,
      };
    });
}
