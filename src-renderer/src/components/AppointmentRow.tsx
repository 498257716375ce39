import { memo } from 'react';
import type { Appointment } from '../../../src-shared/domain/appointment';
import type { DisplayState } from '../../../src-shared/domain/appointment-state';
import { useI18n } from '../i18n/i18n';
import { bookedByText } from './booked-by-text';
import { CategoryBadge } from './CategoryBadge';

interface Props {
  appointment: Appointment;
  /** Its place in the day (1-based) and the day's size, for a screen reader: only some rows exist. */
  position: number;
  count: number;
  state: DisplayState;
  prepared: boolean;
  assignee: string | undefined;
  serviceName: string;
  selected: boolean;
  showBookedBy: boolean;
  /** The now-marker's text when the marker goes before this row. */
  nowText: string | null;
  onPick(id: string): void;
}

/**
 * One appointment of the day's list. Memoized: scrolling re-renders the list with new positions,
 * and a row whose own props did not change is not rendered again.
 */
export const AppointmentRow = memo(function AppointmentRow({
  appointment: a,
  position,
  count,
  state,
  prepared,
  assignee,
  serviceName,
  selected,
  showBookedBy,
  nowText,
  onPick,
}: Props): React.JSX.Element {
  const { t, time } = useI18n();
  return (
    <>
      {nowText !== null && (
        <div className="now-marker" role="presentation" data-testid="now-marker">
          <span>{nowText}</span>
        </div>
      )}
      <div
        id={`appointment-${a.id}`}
        role="option"
        aria-selected={selected}
        aria-posinset={position}
        aria-setsize={count}
        data-appointment-id={a.id}
        className={`list-row status-${a.status} state-${state}`}
        data-state={state}
        onClick={() => onPick(a.id)}
      >
        <span className="cell-time">
          {time(a.startsAt)}
          <span className="cell-time-end">–{time(a.endsAt)}</span>
        </span>
        <span className="cell-citizen">
          {`${a.citizen.firstName} ${a.citizen.lastName}`}
          {a.interpreterNeeded && <span className="interpreter-badge">{t('detail.interpreterBadge')}</span>}
          {prepared && <span className="prepared-badge">{t('work.prepared')}</span>}
          {assignee && <span className="assignee">{assignee}</span>}
          {showBookedBy && a.bookedBy && (
            <span className={`booked-badge booked-${a.bookedBy.via}`} title={bookedByText(t, a.bookedBy)} data-testid="booked-by-mark">
              {t(a.bookedBy.via === 'desk' ? 'bookedBy.markDesk' : 'bookedBy.markOnline')}
            </span>
          )}
        </span>
        <span className="cell-category">
          <CategoryBadge category={a.category} />
        </span>
        <span className="cell-subject">
          <span className="service-name">{serviceName}</span>
          <span className="subject-text">{a.subject}</span>
        </span>
        <span className="cell-status">
          <span className={`status-chip status-chip-${state}`}>{t(`state.${state}`)}</span>
        </span>
      </div>
    </>
  );
});
