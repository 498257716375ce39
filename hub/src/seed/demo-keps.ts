import type { KepSchedule } from '../../../src-shared/protocol/booking';
import type { Kep } from '../../../src-shared/protocol/hub-api';

export interface DemoKep extends Kep {
  city: string;
  postcode: string;
}

const WEEKDAYS = { opens: '08:00', closes: '15:00' } as const;

/**
 * The demo KEPs' schedules: the hours and slots their demo days are seeded with (08:00–15:00,
 * 20 minutes, DEMO_DAY). Athens has a second desk, so its seeded days still have room to book;
 * Patras takes no video appointments, so the booking page's refusal can be seen.
 */
export const DEMO_SCHEDULES: Record<string, Omit<KepSchedule, 'municipality' | 'closedDates'>> = {
  'kep-athina-kentro': { videoService: true, desks: 2, slotMinutes: 20, hours: { 1: [WEEKDAYS], 2: [WEEKDAYS], 3: [WEEKDAYS], 4: [WEEKDAYS], 5: [WEEKDAYS] } },
  'kep-thessaloniki-01': {
    videoService: true,
    desks: 1,
    slotMinutes: 20,
    hours: { 1: [WEEKDAYS], 2: [WEEKDAYS], 3: [WEEKDAYS], 4: [WEEKDAYS], 5: [WEEKDAYS] },
  },
  'kep-patra-01': { videoService: false, desks: 1, slotMinutes: 20, hours: { 1: [WEEKDAYS], 2: [WEEKDAYS], 3: [WEEKDAYS], 4: [WEEKDAYS], 5: [WEEKDAYS] } },
};

/** The KEPs of the demo data. The first is the one a local demo workstation is enrolled at. */
export const DEMO_KEPS: readonly DemoKep[] = [
  { id: 'kep-athina-kentro', name: 'ΚΕΠ Δήμου Αθηναίων – Κέντρο', postalAddress: 'Σταδίου 30, 105 63 Αθήνα', city: 'Αθήνα', postcode: '10563' },
  { id: 'kep-thessaloniki-01', name: 'ΚΕΠ Δήμου Θεσσαλονίκης', postalAddress: 'Τσιμισκή 45, 546 24 Θεσσαλονίκη', city: 'Θεσσαλονίκη', postcode: '54624' },
  { id: 'kep-patra-01', name: 'ΚΕΠ Δήμου Πατρέων', postalAddress: 'Μαιζώνος 108, 262 21 Πάτρα', city: 'Πάτρα', postcode: '26221' },
];
