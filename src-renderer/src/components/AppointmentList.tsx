import { type KeyboardEvent, useEffect, useRef } from 'react';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { findService } from '../../../src-shared/domain/services';
import { useI18n } from '../i18n/i18n';
import { CategoryBadge } from './CategoryBadge';

interface Props {
  appointments: readonly Appointment[];
  selectedId: string | null;
  onSelect(id: string): void;
}

const PAGE = 5;

/**
 * The day as a keyboard-driven list: arrows, Home/End and PageUp/PageDown move the selection,
 * and the selection is what the detail pane shows.
 */
export function AppointmentList({ appointments, selectedId, onSelect }: Props): React.JSX.Element {
  const { t, time, language } = useI18n();
  const listRef = useRef<HTMLDivElement>(null);
  const index = appointments.findIndex((a) => a.id === selectedId);

  useEffect(() => {
    if (selectedId) listRef.current?.querySelector(`[data-appointment-id="${selectedId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const move = (to: number): void => {
    const target = appointments[Math.max(0, Math.min(appointments.length - 1, to))];
    if (target) onSelect(target.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index < 0 ? 0 : index - 1,
      Home: 0,
      End: appointments.length - 1,
      PageDown: index + PAGE,
      PageUp: index - PAGE,
    };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    move(to);
  };

  return (
    <div className="appointment-list">
      <div className="list-header" aria-hidden="true">
        <span>{t('column.time')}</span>
        <span>{t('column.citizen')}</span>
        <span>{t('column.category')}</span>
        <span>{t('column.subject')}</span>
        <span>{t('column.status')}</span>
      </div>
      <div
        ref={listRef}
        role="listbox"
        tabIndex={0}
        aria-label={t('day.listLabel')}
        aria-activedescendant={selectedId ? `appointment-${selectedId}` : undefined}
        className="list-body"
        onKeyDown={onKeyDown}
      >
        {appointments.map((a) => {
          const service = findService(a.serviceCode);
          const name = `${a.citizen.firstName} ${a.citizen.lastName}`;
          return (
            <div
              key={a.id}
              id={`appointment-${a.id}`}
              role="option"
              aria-selected={a.id === selectedId}
              data-appointment-id={a.id}
              className={`list-row status-${a.status}`}
              onClick={() => {
                onSelect(a.id);
                listRef.current?.focus();
              }}
            >
              <span className="cell-time">
                {time(a.startsAt)}
                <span className="cell-time-end">–{time(a.endsAt)}</span>
              </span>
              <span className="cell-citizen">
                {name}
                {a.interpreterNeeded && <span className="interpreter-badge">{t('detail.interpreterBadge')}</span>}
              </span>
              <span className="cell-category">
                <CategoryBadge category={a.category} />
              </span>
              <span className="cell-subject">
                <span className="service-name">{service?.name[language] ?? a.serviceCode}</span>
                <span className="subject-text">{a.subject}</span>
              </span>
              <span className="cell-status">
                <span className={`status-chip status-chip-${a.status}`}>{t(`status.${a.status}`)}</span>
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
