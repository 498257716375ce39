/**
 * The myKEPlive service categories and a catalogue of the services a citizen can book under
 * each. Codes are stable identifiers stored in the data; names are shown in the UI language.
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
