import { isValidAfm } from './afm';
import type { Category, LocalizedName } from './services';

/** One field of a service's form in the case record. */
export interface FormField {
  key: string;
  label: LocalizedName;
  /** afm: checked with the AFM check digit wherever it is entered. */
  kind: 'text' | 'number' | 'afm';
}

/**
 * What the employee records for a service, by category: the details the back office asks for
 * when the application is filed. Kept small on purpose; unknown keys are refused.
 */
export const FORM_FIELDS: Record<Category, readonly FormField[]> = {
  1: [
    { key: 'purpose', label: { el: 'Σκοπός / φορέας χρήσης', en: 'Purpose / where it will be used' }, kind: 'text' },
    { key: 'copies', label: { el: 'Αριθμός αντιγράφων', en: 'Number of copies' }, kind: 'number' },
  ],
  2: [
    { key: 'businessAfm', label: { el: 'ΑΦΜ επιχείρησης', en: 'Business tax number (AFM)' }, kind: 'afm' },
    { key: 'gemiNumber', label: { el: 'Αριθμός ΓΕΜΗ', en: 'GEMI number' }, kind: 'text' },
  ],
  3: [
    { key: 'kepaDecision', label: { el: 'Αριθμός απόφασης ΚΕΠΑ', en: 'KEPA decision number' }, kind: 'text' },
    { key: 'disabilityPercent', label: { el: 'Ποσοστό αναπηρίας (%)', en: 'Disability percentage (%)' }, kind: 'number' },
  ],
  4: [
    { key: 'municipality', label: { el: 'Δήμος', en: 'Municipality' }, kind: 'text' },
    { key: 'propertyAddress', label: { el: 'Διεύθυνση ακινήτου ή κατοικίας', en: 'Address of the property or home' }, kind: 'text' },
  ],
};

export type FormProblem = { key: string; problem: 'unknown' } | { key: string; field: FormField; problem: 'number' | 'afm' };

/** The first field of a form's data that cannot be accepted for this category, or null. */
export function formProblem(category: Category, data: Record<string, string>): FormProblem | null {
  const fields = new Map(FORM_FIELDS[category].map((f) => [f.key, f]));
  for (const [key, value] of Object.entries(data)) {
    const field = fields.get(key);
    if (!field) return { key, problem: 'unknown' };
    if (value === '') continue;
    if (field.kind === 'number' && !/^\d{1,6}$/.test(value)) return { key, field, problem: 'number' };
    if (field.kind === 'afm' && !isValidAfm(value)) return { key, field, problem: 'afm' };
  }
  return null;
}

/** The problem in words, for main's answer (the UI says it in its own language). */
export function describeFormProblem(p: FormProblem): string {
  if (p.problem === 'unknown') return `“${p.key}” is not a field of this service’s form.`;
  return p.problem === 'number'
    ? `${p.field.label.en} must be a whole number.`
    : `${p.field.label.en} is not a valid AFM (9 digits with a correct check digit).`;
}
