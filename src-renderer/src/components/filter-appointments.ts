import type { Appointment } from '../../../src-shared/domain/appointment';
import type { AppointmentWork } from '../../../src-shared/protocol/changes';
import type { Filters } from './DayFilters';

/** Greek search ignores accents and case: «μακρη» finds «Μακρή». */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('el');
}

export function filterAppointments(
  appointments: readonly Appointment[],
  work: ReadonlyMap<string, AppointmentWork>,
  filters: Filters,
  userId: string,
): Appointment[] {
  const query = fold(filters.search.trim());
  return appointments.filter((a) => {
    if (filters.mine && work.get(a.id)?.assignedTo !== userId) return false;
    if (filters.category && a.category !== filters.category) return false;
    if (filters.status && a.status !== filters.status) return false;
    if (!query) return true;
    return fold(`${a.citizen.firstName} ${a.citizen.lastName}`).includes(query) || a.citizen.afm.includes(query);
  });
}
