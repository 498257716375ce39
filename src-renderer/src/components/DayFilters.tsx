import { type KeyboardEvent, useRef } from 'react';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../../../src-shared/domain/appointment';
import { CATEGORIES, CATEGORY_NAMES, type Category } from '../../../src-shared/domain/services';
import { useI18n } from '../i18n/i18n';

export interface Filters {
  mine: boolean;
  category: Category | null;
  status: AppointmentStatus | null;
  search: string;
}

export const NO_FILTERS: Filters = { mine: false, category: null, status: null, search: '' };

interface Props {
  filters: Filters;
  onChange(filters: Filters): void;
  /** How many rows the filters let through, of how many; null while the day is not known yet. */
  counts: { shown: number; count: number } | null;
}

/** Mine or all, category, status and a search by name or AFM, all reachable by keyboard. */
export function DayFilters({ filters, onChange, counts }: Props): React.JSX.Element {
  const { t, language } = useI18n();
  return (
    <div className="filters" role="group" aria-label={t('filter.label')}>
      <MineOrAll mine={filters.mine} onChange={(mine) => onChange({ ...filters, mine })} />
      <label className="filter">
        <span>{t('filter.category')}</span>
        <select
          value={filters.category ?? ''}
          onChange={(e) => onChange({ ...filters, category: e.target.value ? (Number(e.target.value) as Category) : null })}
        >
          <option value="">{t('filter.any')}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {c} · {CATEGORY_NAMES[c][language]}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>{t('filter.status')}</span>
        <select value={filters.status ?? ''} onChange={(e) => onChange({ ...filters, status: (e.target.value || null) as AppointmentStatus | null })}>
          <option value="">{t('filter.any')}</option>
          {APPOINTMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter filter-search">
        <span className="visually-hidden">{t('filter.search')}</span>
        <input type="search" placeholder={t('filter.search')} value={filters.search} onChange={(e) => onChange({ ...filters, search: e.target.value })} />
      </label>
      {/* Present (empty) while the day loads: a live region announces changes, not its first text. */}
      <span className="filter-count" aria-live="polite">
        {counts ? t('filter.shown', counts) : ''}
      </span>
    </div>
  );
}

/**
 * "All / Mine" as one radio group: one Tab stop (the checked option), arrow keys move and choose,
 * as native radio buttons do.
 */
function MineOrAll({ mine, onChange }: { mine: boolean; onChange(mine: boolean): void }): React.JSX.Element {
  const { t } = useI18n();
  const group = useRef<HTMLDivElement>(null);
  const choose = (next: boolean): void => {
    onChange(next);
    group.current?.querySelector<HTMLElement>(`[data-mine="${String(next)}"]`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (['ArrowLeft', 'ArrowUp', 'ArrowRight', 'ArrowDown'].includes(event.key)) {
      event.preventDefault();
      choose(!mine);
    }
  };
  return (
    <div ref={group} className="segmented" role="radiogroup" aria-label={t('filter.label')} onKeyDown={onKeyDown}>
      {([false, true] as const).map((option) => (
        <button
          key={String(option)}
          type="button"
          role="radio"
          data-mine={String(option)}
          aria-checked={mine === option}
          tabIndex={mine === option ? 0 : -1}
          onClick={() => choose(option)}
        >
          {option ? t('filter.mine') : t('filter.all')}
        </button>
      ))}
    </div>
  );
}
