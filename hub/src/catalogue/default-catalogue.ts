import type { Catalogue } from '../../../src-shared/protocol/booking';

const ID = { el: 'Αστυνομική ταυτότητα ή διαβατήριο', en: 'Police identity card or passport' };
const AUTHORISATION = { el: 'Εξουσιοδότηση, αν αιτείστε για άλλο πρόσωπο', en: 'An authorisation, if you apply for someone else' };
const BUSINESS_ID = { el: 'Στοιχεία της επιχείρησης (ΑΦΜ, αριθμός ΓΕΜΗ)', en: 'The business’s details (tax number, GEMI number)' };
const MEDICAL = { el: 'Πρόσφατες ιατρικές γνωματεύσεις', en: 'Recent medical reports' };
const DISABILITY_DECISION = { el: 'Απόφαση ΚΕΠΑ σε ισχύ', en: 'A valid KEPA decision' };
const RESIDENCE = { el: 'Λογαριασμός ΔΕΚΟ ή μισθωτήριο στο όνομά σας', en: 'A utility bill or lease in your name' };

/**
 * The KEP catalogue a new hub starts with (migration 019 seeds a frozen copy of it): the four
 * myKEPlive categories and their services, each with what the citizen should have ready. IT
 * replaces it with `hub catalogue-import`; another agency brings its own.
 */
export const DEFAULT_CATALOGUE: Catalogue = {
  agency: { el: 'ΚΕΠ', en: 'KEP' },
  categories: [
    { code: 1, name: { el: 'Πληροφόρηση και αιτήσεις', en: 'Information and applications' }, interpreterOffered: false },
    { code: 2, name: { el: 'Εξυπηρέτηση επιχειρήσεων', en: 'Services to businesses' }, interpreterOffered: false },
    { code: 3, name: { el: 'Εξυπηρέτηση ατόμων με αναπηρία', en: 'Service for people with disabilities' }, interpreterOffered: true },
    { code: 4, name: { el: 'Εξυπηρέτηση από τον δήμο σας', en: 'Service from your municipality' }, interpreterOffered: false },
  ],
  services: [
    {
      code: 'C1-BIRTH-CERT',
      category: 1,
      name: { el: 'Πιστοποιητικό γέννησης', en: 'Birth certificate' },
      documents: [ID, { el: 'Ο δήμος όπου έγινε η ληξιαρχική πράξη γέννησης', en: 'The municipality where the birth was registered' }],
      active: true,
    },
    {
      code: 'C1-FAMILY-STATUS',
      category: 1,
      name: { el: 'Πιστοποιητικό οικογενειακής κατάστασης', en: 'Family status certificate' },
      documents: [ID, AUTHORISATION],
      active: true,
    },
    { code: 'C1-CRIMINAL-RECORD', category: 1, name: { el: 'Αντίγραφο ποινικού μητρώου', en: 'Criminal record extract' }, documents: [ID], active: true },
    {
      code: 'C1-SIGNATURE',
      category: 1,
      name: { el: 'Βεβαίωση γνησίου υπογραφής', en: 'Certification of signature' },
      documents: [ID, { el: 'Το έγγραφο που θα υπογράψετε (σε PDF)', en: 'The document you will sign (as a PDF)' }],
      active: true,
    },
    {
      code: 'C1-INSURANCE',
      category: 1,
      name: { el: 'Βεβαίωση ασφαλιστικής ενημερότητας', en: 'Social insurance clearance' },
      documents: [ID, { el: 'Αριθμός μητρώου ΕΦΚΑ (ΑΜΚΑ)', en: 'Your social security number (AMKA)' }],
      active: true,
    },
    {
      code: 'C1-E9',
      category: 1,
      name: { el: 'Έντυπο Ε9 (στοιχεία ακινήτων)', en: 'Form E9 (real estate)' },
      documents: [ID, { el: 'Κωδικοί TAXISnet', en: 'Your TAXISnet credentials' }],
      active: true,
    },
    {
      code: 'C2-GEMI-CERT',
      category: 2,
      name: { el: 'Πιστοποιητικό ΓΕΜΗ', en: 'Business registry (GEMI) certificate' },
      documents: [ID, BUSINESS_ID],
      active: true,
    },
    {
      code: 'C2-BUSINESS-START',
      category: 2,
      name: { el: 'Έναρξη ατομικής επιχείρησης', en: 'Registration of a sole proprietorship' },
      documents: [
        ID,
        { el: 'Μισθωτήριο ή τίτλος της έδρας', en: 'The lease or deed of the business premises' },
        { el: 'Κωδικός Αριθμός Δραστηριότητας (ΚΑΔ)', en: 'The activity code (KAD)' },
      ],
      active: true,
    },
    {
      code: 'C2-TAX-CLEARANCE',
      category: 2,
      name: { el: 'Φορολογική ενημερότητα επιχείρησης', en: 'Business tax clearance' },
      documents: [ID, BUSINESS_ID],
      active: true,
    },
    {
      code: 'C2-PROFESSIONAL-LICENSE',
      category: 2,
      name: { el: 'Άδεια άσκησης επαγγέλματος', en: 'Professional licence' },
      documents: [ID, { el: 'Πτυχίο ή βεβαίωση επαγγελματικής κατάρτισης', en: 'Degree or vocational training certificate' }],
      active: true,
    },
    {
      code: 'C3-DISABILITY-CARD',
      category: 3,
      name: { el: 'Κάρτα αναπηρίας', en: 'Disability card' },
      documents: [ID, DISABILITY_DECISION, { el: 'Πρόσφατη φωτογραφία τύπου ταυτότητας', en: 'A recent passport-style photo' }],
      active: true,
    },
    {
      code: 'C3-DISABILITY-ALLOWANCE',
      category: 3,
      name: { el: 'Αίτηση επιδόματος αναπηρίας', en: 'Disability allowance application' },
      documents: [ID, DISABILITY_DECISION, { el: 'IBAN λογαριασμού στο όνομά σας', en: 'The IBAN of an account in your name' }],
      active: true,
    },
    {
      code: 'C3-KEPA-ASSESSMENT',
      category: 3,
      name: { el: 'Αίτηση αξιολόγησης ΚΕΠΑ', en: 'Disability assessment (KEPA) application' },
      documents: [ID, MEDICAL],
      active: true,
    },
    {
      code: 'C3-PARKING-CARD',
      category: 3,
      name: { el: 'Κάρτα στάθμευσης ΑμεΑ', en: 'Disabled parking card' },
      documents: [ID, DISABILITY_DECISION, { el: 'Άδεια κυκλοφορίας του οχήματος', en: 'The vehicle’s registration certificate' }],
      active: true,
    },
    {
      code: 'C4-RESIDENCE',
      category: 4,
      name: { el: 'Βεβαίωση μόνιμης κατοικίας', en: 'Certificate of permanent residence' },
      documents: [ID, RESIDENCE],
      active: true,
    },
    {
      code: 'C4-NEXT-OF-KIN',
      category: 4,
      name: { el: 'Πιστοποιητικό εγγυτέρων συγγενών', en: 'Next-of-kin certificate' },
      documents: [ID, { el: 'Ληξιαρχική πράξη θανάτου', en: 'The death certificate' }],
      active: true,
    },
    {
      code: 'C4-MUNICIPAL-CLEARANCE',
      category: 4,
      name: { el: 'Βεβαίωση μη οφειλής στον δήμο', en: 'Municipal debt clearance' },
      documents: [ID],
      active: true,
    },
    {
      code: 'C4-RESIDENT-PARKING',
      category: 4,
      name: { el: 'Άδεια στάθμευσης μόνιμου κατοίκου', en: 'Resident parking permit' },
      documents: [ID, RESIDENCE, { el: 'Άδεια κυκλοφορίας του οχήματος', en: 'The vehicle’s registration certificate' }],
      active: true,
    },
  ],
};
