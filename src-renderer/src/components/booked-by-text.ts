import type { Appointment } from '../../../src-shared/domain/appointment';
import type { I18n } from '../i18n/i18n';

/** «τον πολίτη (online)», «Νίκος Παπαδόπουλος (τηλεφωνικά)»: who made a booking, as a supervisor reads it. */
export function bookedByText(t: I18n['t'], bookedBy: NonNullable<Appointment['bookedBy']>): string {
  if (bookedBy.via === 'online') return t('bookedBy.online');
  return bookedBy.employeeName ? t('bookedBy.desk', { name: bookedBy.employeeName }) : t('bookedBy.deskUnnamed');
}
