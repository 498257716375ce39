import type { Catalogue } from '../protocol/booking';

/**
 * The myKEPlive service categories and the services a citizen could book under each when the
 * catalogue was code. The catalogue is data on the hub now (issue 17); the desk names services
 * from its cached copy (`serviceName`), and this list remains for the hub's demo seed, the sync
 * bench and tests. Codes are stable identifiers stored in the data; names are shown in the UI
 * language.
 */
export const CATEGORIES = [1, 2, 3, 4] as const;
export type Category = (typeof CATEGORIES)[number];

export interface LocalizedName {
  el: string;
  en: string;
}

export const CATEGORY_NAMES: Record<Category, LocalizedName> = {
  1: { el: 'Πληροφόρηση και αιτήσεις', en: 'Information and applications' },
  2: { el: 'Εξυπηρέτηση επιχειρήσεων', en: 'Services to businesses' },
  3: { el: 'Εξυπηρέτηση ατόμων με αναπηρία', en: 'Service for people with disabilities' },
  4: { el: 'Εξυπηρέτηση από τον δήμο σας', en: 'Service from your municipality' },
};

export interface ServiceDefinition {
  code: string;
  category: Category;
  name: LocalizedName;
}

export const SERVICES: readonly ServiceDefinition[] = [
  { code: 'C1-BIRTH-CERT', category: 1, name: { el: 'Πιστοποιητικό γέννησης', en: 'Birth certificate' } },
  { code: 'C1-FAMILY-STATUS', category: 1, name: { el: 'Πιστοποιητικό οικογενειακής κατάστασης', en: 'Family status certificate' } },
  { code: 'C1-CRIMINAL-RECORD', category: 1, name: { el: 'Αντίγραφο ποινικού μητρώου', en: 'Criminal record extract' } },
  { code: 'C1-SIGNATURE', category: 1, name: { el: 'Βεβαίωση γνησίου υπογραφής', en: 'Certification of signature' } },
  { code: 'C1-INSURANCE', category: 1, name: { el: 'Βεβαίωση ασφαλιστικής ενημερότητας', en: 'Social insurance clearance' } },
  { code: 'C1-E9', category: 1, name: { el: 'Έντυπο Ε9 (στοιχεία ακινήτων)', en: 'Form E9 (real estate)' } },
  { code: 'C2-GEMI-CERT', category: 2, name: { el: 'Πιστοποιητικό ΓΕΜΗ', en: 'Business registry (GEMI) certificate' } },
  { code: 'C2-BUSINESS-START', category: 2, name: { el: 'Έναρξη ατομικής επιχείρησης', en: 'Registration of a sole proprietorship' } },
  { code: 'C2-TAX-CLEARANCE', category: 2, name: { el: 'Φορολογική ενημερότητα επιχείρησης', en: 'Business tax clearance' } },
  { code: 'C2-PROFESSIONAL-LICENSE', category: 2, name: { el: 'Άδεια άσκησης επαγγέλματος', en: 'Professional licence' } },
  { code: 'C3-DISABILITY-CARD', category: 3, name: { el: 'Κάρτα αναπηρίας', en: 'Disability card' } },
  { code: 'C3-DISABILITY-ALLOWANCE', category: 3, name: { el: 'Αίτηση επιδόματος αναπηρίας', en: 'Disability allowance application' } },
  { code: 'C3-KEPA-ASSESSMENT', category: 3, name: { el: 'Αίτηση αξιολόγησης ΚΕΠΑ', en: 'Disability assessment (KEPA) application' } },
  { code: 'C3-PARKING-CARD', category: 3, name: { el: 'Κάρτα στάθμευσης ΑμεΑ', en: 'Disabled parking card' } },
  { code: 'C4-RESIDENCE', category: 4, name: { el: 'Βεβαίωση μόνιμης κατοικίας', en: 'Certificate of permanent residence' } },
  { code: 'C4-NEXT-OF-KIN', category: 4, name: { el: 'Πιστοποιητικό εγγυτέρων συγγενών', en: 'Next-of-kin certificate' } },
  { code: 'C4-MUNICIPAL-CLEARANCE', category: 4, name: { el: 'Βεβαίωση μη οφειλής στον δήμο', en: 'Municipal debt clearance' } },
  { code: 'C4-RESIDENT-PARKING', category: 4, name: { el: 'Άδεια στάθμευσης μόνιμου κατοίκου', en: 'Resident parking permit' } },
];

const byCode = new Map(SERVICES.map((s) => [s.code, s]));

export function findService(code: string): ServiceDefinition | undefined {
  return byCode.get(code);
}

/**
 * A service's name from the hub's catalogue, in the given language; its code when there is no
 * catalogue yet or the code is not in it (the catalogue keeps withdrawn services, so an old
 * appointment keeps its name).
 */
export function serviceName(catalogue: Catalogue | null, code: string, language: 'el' | 'en'): string {
  return catalogue?.services.find((s) => s.code === code)?.name[language] ?? code;
}
