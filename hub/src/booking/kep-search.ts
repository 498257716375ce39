import type { BookableKep } from '../../../src-shared/protocol/booking';

/** The most KEPs one search answers with (bookingKepsResponseSchema). */
const MAX_RESULTS = 200;

/** Greek as people type it: without accents or diaeresis, lower case, final sigma as sigma. */
export function foldGreek(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLocaleLowerCase('el')
    .replace(/ς/g, 'σ');
}

/** The KEPs whose municipality or name contains `q` («ΑΘΗΝΑ», «αθηνα» and «Αθήνα» alike); all of them without one. */
export function searchKeps(keps: readonly BookableKep[], q: string | undefined): BookableKep[] {
  const wanted = foldGreek(q ?? '').trim();
  const found = wanted ? keps.filter((kep) => foldGreek(kep.municipality).includes(wanted) || foldGreek(kep.name).includes(wanted)) : keps;
  return found.slice(0, MAX_RESULTS);
}
