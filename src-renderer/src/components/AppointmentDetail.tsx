import type { Appointment } from '../../../src-shared/domain/appointment';
import type { DisplayState } from '../../../src-shared/domain/appointment-state';
import { formatAthensDate } from '../../../src-shared/domain/athens-time';
import { useServiceName } from '../hooks/use-catalogue';
import { useI18n } from '../i18n/i18n';
import { bookedByText } from './booked-by-text';
import { CategoryBadge } from './CategoryBadge';

/** Everything the employee needs to prepare for one appointment. */
export function AppointmentDetail({
  appointment,
  state,
  children,
  showBookedBy = false,
}: {
  appointment: Appointment | null;
  /** Who booked it: for supervisors (the "supervisors see who booked"). */
  showBookedBy?: boolean;
  /** What the appointment is now, as the list shows it. */
  state: DisplayState | null;
  children?: React.ReactNode;
}): React.JSX.Element {
  const { t, time, longDate } = useI18n();
  const serviceName = useServiceName();
  if (!appointment) {
    return (
      <aside className="detail detail-empty" aria-label={t('detail.heading')}>
        <p>{t('detail.empty')}</p>
      </aside>
    );
  }
  const a = appointment;
  const none = t('detail.none');
  const rows: Array<[string, React.ReactNode]> = [
    [t('detail.afm'), <span className="mono">{a.citizen.afm}</span>],
    [t('detail.email'), a.citizen.email ?? none],
    [t('detail.phone'), a.citizen.phone ?? none],
    [t('detail.address'), a.citizen.postalAddress ?? none],
    [t('detail.category'), <CategoryBadge category={a.category} full />],
    [t('detail.service'), serviceName(a.serviceCode)],
    [t('detail.subject'), a.subject || none],
    [t('detail.interpreter'), a.interpreterNeeded ? t('detail.interpreterYes') : t('detail.interpreterNo')],
    [t('detail.delivery'), t(`delivery.${a.deliveryMethod}`)],
    ...(showBookedBy && a.bookedBy
      ? [[t('detail.bookedBy'), <span data-testid="detail-booked-by">{bookedByText(t, a.bookedBy)}</span>] as [string, React.ReactNode]]
      : []),
    [
      t('detail.status'),
      <>
        <span className={`status-chip status-chip-${state ?? a.status}`} data-testid="detail-state">
          {t(`state.${state ?? a.status}`)}
        </span>
        {a.statusReason && <span className="status-reason"> {t('work.statusReason', { reason: a.statusReason })}</span>}
      </>,
    ],
  ];
  return (
    <aside className="detail" aria-labelledby="detail-heading" data-testid="appointment-detail">
      <p className="detail-time">
        {time(a.startsAt)}–{time(a.endsAt)} · {longDate(formatAthensDate(new Date(a.startsAt)))}
      </p>
      <h2 id="detail-heading" className="detail-name">
        {a.citizen.firstName} {a.citizen.lastName}
      </h2>
      <dl className="detail-fields">
        {rows.map(([label, value]) => (
          <div key={label} className="detail-field">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {children}
    </aside>
  );
}
