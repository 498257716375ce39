import { defaultRangeExtractor, type Range, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Appointment } from '../../../src-shared/domain/appointment';
import type { DisplayState } from '../../../src-shared/domain/appointment-state';
import type { AppointmentWork } from '../../../src-shared/protocol/changes';
import { useServiceName } from '../hooks/use-catalogue';
import { useI18n } from '../i18n/i18n';
import { AppointmentRow } from './AppointmentRow';

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
 * A row as the stylesheet lays out all but the taller ones (.list-row's min-height): an ordinary
 * row, once measured, needs no correction, and the list opens at now without moving.
 */
const ROW_ESTIMATE_PX = 64;
/**
 * Rows kept in the DOM beyond each edge of the view, from the list's second frame on. Generous:
 * a whole ordinary day (the demo day has at most 21 slots) is rendered at once, so finding a row
 * of it never depends on the scroll position, while a day of a thousand still renders a few dozen.
 */
const OVERSCAN = 25;
/**
 * The list's first frame draws the rows in view and only a few more: laying out the generous
 * overscan too cost the first frame of a thousand-row day most of its time. The rest follow
 * in the next frame.
 */
const FIRST_OVERSCAN = 2;

/**
 * The day as a keyboard-driven list: arrows, Home/End and PageUp/PageDown move the selection,
 * and the selection is what the detail pane shows. Only the rows near the view are in the DOM
 * (each says its place in the day, aria-posinset of aria-setsize); the selected one always is,
 * so that aria-activedescendant names an element.
 */
export function AppointmentList({ appointments, work, states, staffNames, now, selectedId, onSelect, showBookedBy = false }: Props): React.JSX.Element {
  const { t, time } = useI18n();
  const serviceName = useServiceName();
  const listRef = useRef<HTMLDivElement>(null);
  const index = appointments.findIndex((a) => a.id === selectedId);
  // Today's list starts at the current slot: the first appointment that has not ended yet.
  const nowIndex = now ? appointments.findIndex((a) => Date.parse(a.endsAt) > now.getTime()) : -1;
  const openedAtNow = useRef(false);
  const firstFrame = useFirstFrame();

  const rangeExtractor = useCallback(
    (range: Range): number[] => {
      const shown = defaultRangeExtractor(range);
      if (index < 0 || shown.includes(index)) return shown;
      return [...shown, index].sort((a, b) => a - b);
    },
    [index],
  );
  const virtualizer = useVirtualizer({
    count: appointments.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    measureElement: measureRow,
    getItemKey: (i) => appointments[i]?.id ?? i,
    overscan: firstFrame ? FIRST_OVERSCAN : OVERSCAN,
    rangeExtractor,
    // Scrolling renders in React's next batch, not synchronously in each scroll event: measured,
    // this is what took wheel scrolling from about one dropped frame in ten to none.
    useFlushSync: false,
    // The virtualizer places the rows itself (their top) and sizes the list: a row measured taller
    // than the estimate moves the ones below it in the observer's callback, before the frame is
    // painted, without a render of the list.
    directDomUpdates: true,
    directDomUpdatesMode: 'position',
    // The first rows rendered are those at now, where the list opens, not the day's first.
    initialOffset: () => (nowIndex > 0 && !selectedId ? nowIndex * ROW_ESTIMATE_PX : 0),
  });

  // Before the first paint, so that the day is never seen at 08:00 and then jumping to now.
  useLayoutEffect(() => {
    if (nowIndex < 0) openedAtNow.current = false;
    if (openedAtNow.current || nowIndex < 0 || selectedId) return;
    openedAtNow.current = true;
    // Only the list scrolls: moving the whole window would push the header away.
    virtualizer.scrollToIndex(nowIndex, { align: 'start' });
  }, [nowIndex, selectedId, virtualizer]);

  useEffect(() => {
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [index, virtualizer]);

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

  const pick = useCallback(
    (id: string) => {
      onSelect(id);
      listRef.current?.focus();
    },
    [onSelect],
  );
  const nowText = now && nowIndex >= 0 ? t('day.now', { time: time(now.toISOString()) }) : null;

  return (
    <div className="appointment-list">
      <ListHeader />
      <div
        ref={listRef}
        role="listbox"
        tabIndex={0}
        aria-label={t('day.listLabel')}
        aria-activedescendant={selectedId ? `appointment-${selectedId}` : undefined}
        className="list-body"
        onKeyDown={onKeyDown}
      >
        <div ref={virtualizer.containerRef} className="list-rows" role="presentation">
          {virtualizer.getVirtualItems().map((item) => {
            const a = appointments[item.index] as Appointment;
            const w = work.get(a.id);
            return (
              <div key={item.key} ref={virtualizer.measureElement} data-index={item.index} role="presentation" className="list-slot">
                <AppointmentRow
                  appointment={a}
                  position={item.index + 1}
                  count={appointments.length}
                  state={states.get(a.id) ?? a.status}
                  prepared={Boolean(w?.preparedAt)}
                  assignee={w?.assignedTo ? staffNames.get(w.assignedTo) : undefined}
                  serviceName={serviceName(a.serviceCode)}
                  selected={a.id === selectedId}
                  showBookedBy={showBookedBy}
                  // The now-marker sits before the first appointment that has not ended yet.
                  nowText={item.index === nowIndex ? nowText : null}
                  onPick={pick}
                />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** The columns' names, above the rows: for the eye only, each row says its own. */
function ListHeader(): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div className="list-header" aria-hidden="true">
      <span>{t('column.time')}</span>
      <span>{t('column.citizen')}</span>
      <span>{t('column.category')}</span>
      <span>{t('column.subject')}</span>
      <span>{t('column.status')}</span>
    </div>
  );
}

/**
 * The list's place while the day's answer is on the way: its columns and an empty, busy body,
 * so that nothing moves when the rows come and nothing says the day is empty before it is known.
 */
export function AppointmentListLoading(): React.JSX.Element {
  return (
    <div className="appointment-list" aria-busy="true" data-testid="day-loading">
      <ListHeader />
      <div className="list-body" />
    </div>
  );
}

/**
 * A row's height as the ResizeObserver reports it, after layout. As a row is placed (no report
 * yet) it is taken at its last known height, or the estimate: reading offsetHeight there would lay
 * the whole window out inside React's commit, near half of a big day's first render. The
 * observer's first report comes before that frame is painted.
 */
function measureRow(element: Element, entry: ResizeObserverEntry | undefined, list: Virtualizer<HTMLDivElement, Element>): number {
  const box = entry?.borderBoxSize[0];
  if (box) return Math.round(box.blockSize);
  return list.itemSizeCache.get(list.options.getItemKey(list.indexFromElement(element))) ?? ROW_ESTIMATE_PX;
}

/** True until the component's first frame has been drawn (two animation frames: the first is that frame's). */
function useFirstFrame(): boolean {
  const [first, setFirst] = useState(true);
  useEffect(() => {
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => setFirst(false));
    });
    return () => cancelAnimationFrame(frame);
  }, []);
  return first;
}
