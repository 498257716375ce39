import type { Kep } from '../../../src-shared/protocol/hub-api';

export interface DemoKep extends Kep {
  city: string;
  postcode: string;
}

/** The KEPs of the demo data. The first is the one a local demo workstation is enrolled at. */
export const DEMO_KEPS: readonly DemoKep[] = [
  { id: 'kep-athina-kentro', name: 'ΚΕΠ Δήμου Αθηναίων – Κέντρο', postalAddress: 'Σταδίου 30, 105 63 Αθήνα', city: 'Αθήνα', postcode: '10563' },
  { id: 'kep-thessaloniki-01', name: 'ΚΕΠ Δήμου Θεσσαλονίκης', postalAddress: 'Τσιμισκή 45, 546 24 Θεσσαλονίκη', city: 'Θεσσαλονίκη', postcode: '54624' },
  { id: 'kep-patra-01', name: 'ΚΕΠ Δήμου Πατρέων', postalAddress: 'Μαιζώνος 108, 262 21 Πάτρα', city: 'Πάτρα', postcode: '26221' },
];
