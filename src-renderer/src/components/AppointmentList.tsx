import { Fragment, type KeyboardEvent, useEffect, useRef } from 'react';
import type { Appointment } from '../../../src-shared/domain/appointment';
import type { DisplayState } from '../../../src-shared/domain/appointment-state';
import type { AppointmentWork } from '../../../src-shared/protocol/changes';
import { useServiceName } from '../hooks/use-catalogue';
import { useI18n } from '../i18n/i18n';
import { bookedByText } from './booked-by-text';
import { CategoryBadge } from './CategoryBadge';

interface Props {
  appointments: readonly Appointment[];
  work: ReadonlyMap<string, AppointmentWork>;
  states: ReadonlyMap<string, DisplayState>;
  staffNames: ReadonlyMap<string, string>;
  /** The current time when the list is today's, for the now-marker. */
  now: Date | null;
  selectedId: string | null;
  onSelect(id: string): void;
  /** Marks each row online or by phone (supervisors). */
  showBookedBy?: boolean;
}

const PAGE = 5;

/**
 * The day as a keyboard-driven list: arrows, Home/End and PageUp/PageDown move the selection,
 * and the selection is what the detail pane shows.
 */
export function AppointmentList({ appointments, work, states, staffNames, now, selectedId, onSelect, showBookedBy = false }: Props): React.JSX.Element {
  const { t, time } = useI18n();
  const serviceName = useServiceName();
  const listRef = useRef<HTMLDivElement>(null);
  const index = appointments.findIndex((a) => a.id === selectedId);
  // Today's list starts at the current slot: the first appointment that has not ended yet.
  const nowIndex = now ? appointments.findIndex((a) => new Date(a.endsAt) > now) : -1;
  const openedAtNow = useRef(false);

  useEffect(() => {
    if (nowIndex < 0) openedAtNow.current = false;
    const list = listRef.current;
    const marker = list?.querySelector('[data-testid="now-marker"]');
    if (openedAtNow.current || !list || !marker || selectedId) return;
    openedAtNow.current = true;
    // Only the list scrolls: moving the whole window would push the header away.
    list.scrollTop += marker.getBoundingClientRect().top - list.getBoundingClientRect().top;
  }, [nowIndex, selectedId]);

  useEffect(() => {
    if (selectedId) listRef.current?.querySelector(`[data-appointment-id="${selectedId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const move = (to: number): void => {
    const target = appointments[Math.max(0, Math.min(appointments.length - 1, to))];
    if (target) onSelect(target.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const start = Math.max(0, nowIndex);
    const moves: Record<string, number> = {
      ArrowDown: index < 0 ? start : index + 1,
      ArrowUp: index < 0 ? start : index - 1,
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
        {appointments.map((a, i) => {
          const name = `${a.citizen.firstName} ${a.citizen.lastName}`;
          const w = work.get(a.id);
          const state = states.get(a.id) ?? a.status;
          const assignee = w?.assignedTo ? staffNames.get(w.assignedTo) : undefined;
          // The now-marker sits before the first appointment that has not ended yet.
          const nowHere = now !== null && new Date(a.endsAt) > now && (i === 0 || new Date(appointments[i - 1]!.endsAt) <= now);
          return (
            <Fragment key={a.id}>
              {nowHere && (
                <div className="now-marker" role="presentation" data-testid="now-marker">
                  <span>{t('day.now', { time: time(now.toISOString()) })}</span>
                </div>
              )}
              <div
                id={`appointment-${a.id}`}
                role="option"
                aria-selected={a.id === selectedId}
                data-appointment-id={a.id}
                className={`list-row status-${a.status} state-${state}`}
                data-state={state}
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
                  {w?.preparedAt && <span className="prepared-badge">{t('work.prepared')}</span>}
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
                  <span className="service-name">{serviceName(a.serviceCode)}</span>
                  <span className="subject-text">{a.subject}</span>
                </span>
                <span className="cell-status">
                  <span className={`status-chip status-chip-${state}`}>{t(`state.${state}`)}</span>
                </span>
              </div>
            </Fragment>
          );
        })}
      </div>
    </div>
  );
}
