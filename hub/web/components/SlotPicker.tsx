import { useEffect, useId, useMemo, useRef } from 'react';
import type { SlotsResponse } from '../../../src-shared/protocol/booking';
import { useI18n } from '../i18n/i18n';

export interface SlotPickerProps {
  slots: SlotsResponse | null;
  loading: boolean;
  failed: boolean;
  /** The day shown (an Athens date), and the time chosen in it. */
  day: string | null;
  startsAt: string | null;
  onDay(date: string): void;
  onTime(startsAt: string): void;
  onRetry(): void;
}

/**
 * Free days as buttons, then the free times of the chosen day as radio buttons (Athens time).
 * How many desks are free is the KEP's business: the citizen sees only "available". Used by the
 * booking page and by "change time" on the join page.
 */
export function SlotPicker({ slots, loading, failed, day, startsAt, onDay, onTime, onRetry }: SlotPickerProps): React.JSX.Element {
  const { t, time, day: longDay, language } = useI18n();
  const timesId = useId();
  const shortDay = useMemo(
    () => new Intl.DateTimeFormat(language === 'el' ? 'el-GR' : 'en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }),
    [language],
  );
  const open = slots?.days.filter((d) => d.slots.length > 0) ?? [];
  const chosen = open.find((d) => d.date === day) ?? null;
  // A day just chosen takes the focus to its times: a keyboard user need not tab past a month of days.
  const focusTimes = useRef(false);
  useEffect(() => {
    if (!focusTimes.current || !chosen) return;
    focusTimes.current = false;
    document.getElementById(timesId)?.querySelector('input')?.focus();
  }, [chosen, timesId]);
  // Noon UTC is the same date in Athens, so the date formats as the day it is.
  const noon = (date: string): string => `${date}T12:00:00Z`;
  return (
    <div className="slot-picker">
      <div aria-live="polite" className="slot-status">
        {loading && (
          <p className="loading" role="status">
            {t('book.time.loading')}
          </p>
        )}
        {!loading && failed && (
          <p className="notice notice-error" role="alert">
            {t('book.time.failed')}{' '}
            <button type="button" className="button button-small" onClick={onRetry}>
              {t('book.retry')}
            </button>
          </p>
        )}
        {!loading && !failed && slots && open.length === 0 && <p className="notice notice-warn">{t('book.time.empty')}</p>}
      </div>
      {!loading && open.length > 0 && (
        <>
          <p className="small">{t('book.time.zone')}</p>
          <h3 className="slot-heading">{t('book.time.days')}</h3>
          <ul className="slot-days">
            {open.map((d) => (
              <li key={d.date}>
                <button
                  type="button"
                  className="slot-day"
                  aria-pressed={d.date === day}
                  aria-controls={d.date === day ? timesId : undefined}
                  data-testid={`slot-day-${d.date}`}
                  onClick={() => {
                    focusTimes.current = true;
                    onDay(d.date);
                  }}
                >
                  <span aria-hidden="true">{shortDay.format(new Date(noon(d.date)))}</span>
                  <span className="visually-hidden">{longDay(noon(d.date))}</span>
                </button>
              </li>
            ))}
          </ul>
          {chosen && (
            <fieldset className="slot-times" id={timesId}>
              <legend>{t('book.time.times', { day: longDay(noon(chosen.date)) })}</legend>
              <div className="slot-times-grid">
                {chosen.slots.map((s) => (
                  <label key={s.startsAt} className="slot-time" data-testid={`slot-${s.startsAt}`}>
                    <input type="radio" name={`${timesId}-time`} value={s.startsAt} checked={s.startsAt === startsAt} onChange={() => onTime(s.startsAt)} />
                    <span className="slot-time-text">{time(s.startsAt)}</span>
                    <span className="visually-hidden">, {t('book.time.available')}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          )}
        </>
      )}
    </div>
  );
}
