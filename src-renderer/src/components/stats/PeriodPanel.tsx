import { useMemo, useState } from 'react';
import type { IsoDate } from '../../../../src-shared/domain/athens-time';
import { CATEGORIES, CATEGORY_NAMES } from '../../../../src-shared/domain/services';
import type { ErrorInfo } from '../../../../src-shared/errors';
import {
  MAX_STATS_DAYS,
  STATS_EXPORT_FORMATS,
  STATS_GROUPINGS,
  type StatsExportFormat,
  type StatsGrouping,
  type StatsQuery,
  statsQuerySchema,
} from '../../../../src-shared/protocol/stats';
import { fromBase64 } from '../../base64';
import { useStaff } from '../../hooks/use-outbox';
import { usePeriodStats } from '../../hooks/use-stats';
import { useI18n } from '../../i18n/i18n';
import { call, toErrorInfo } from '../../kep';
import { saveFile } from '../../save-file';
import { LoadProblem } from '../LoadProblem';
import { PERIOD_PRESETS, type PeriodPreset, presetRange } from './period-presets';
import { PeriodFigures } from './PeriodFigures';

type Category = '1' | '2' | '3' | '4';

/** Why a chosen range cannot be asked, in the person's language (the schema says it in English). */
function rangeProblem(from: string, to: string): 'order' | 'tooLong' | 'missing' | null {
  if (!from || !to) return 'missing';
  if (from > to) return 'order';
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 >= MAX_STATS_DAYS ? 'tooLong' : null;
}

/** A period's figures from the hub: the question (presets, grouping, filters), the answer, and its export. */
export function PeriodPanel({ today }: { today: IsoDate }): React.JSX.Element {
  const { t, language, dateTime, errorText } = useI18n();
  const [preset, setPreset] = useState<PeriodPreset>('thisMonth');
  const [range, setRange] = useState(() => presetRange('last7', today));
  const [groupBy, setGroupBy] = useState<StatsGrouping>('day');
  const [category, setCategory] = useState<Category | ''>('');
  const [employee, setEmployee] = useState('');
  const [exporting, setExporting] = useState<StatsExportFormat | null>(null);
  const [exportError, setExportError] = useState<ErrorInfo | null>(null);
  const { data: staff } = useStaff();

  const { from, to } = preset === 'range' ? range : presetRange(preset, today);
  const problem = rangeProblem(from, to);
  const query = useMemo((): StatsQuery | null => {
    if (problem) return null;
    const parsed = statsQuerySchema.safeParse({ from, to, groupBy, ...(category ? { category } : {}), ...(employee ? { employee } : {}) });
    return parsed.success ? parsed.data : null;
  }, [problem, from, to, groupBy, category, employee]);
  const { data: answer, error, reload } = usePeriodStats(query);
  const shown = answer && query && answer.stats.query.from === query.from && answer.stats.query.to === query.to ? answer : null;

  const download = async (format: StatsExportFormat): Promise<void> => {
    if (!query) return;
    setExporting(format);
    setExportError(null);
    try {
      const file = await call('stats.export', { query, format, language });
      saveFile(file.fileName, fromBase64(file.dataBase64), file.mimeType);
    } catch (e) {
      setExportError(toErrorInfo(e));
    } finally {
      setExporting(null);
    }
  };

  return (
    <section className="card card-wide stats-period" aria-labelledby="stats-period-title" data-testid="stats-period">
      <h2 id="stats-period-title">{t('stats.period.title')}</h2>
      <form className="stats-controls" onSubmit={(e) => e.preventDefault()} aria-label={t('stats.period.question')}>
        <label className="filter">
          <span>{t('stats.period.preset')}</span>
          <select data-testid="stats-preset" value={preset} onChange={(e) => setPreset(e.target.value as PeriodPreset)}>
            {PERIOD_PRESETS.map((p) => (
              <option key={p} value={p}>
                {t(`stats.preset.${p}`)}
              </option>
            ))}
          </select>
        </label>
        {preset === 'range' && (
          <>
            <label className="filter">
              <span>{t('stats.period.from')}</span>
              <input type="date" data-testid="stats-from" value={range.from} max={today} onChange={(e) => setRange({ ...range, from: e.target.value })} />
            </label>
            <label className="filter">
              <span>{t('stats.period.to')}</span>
              <input type="date" data-testid="stats-to" value={range.to} max={today} onChange={(e) => setRange({ ...range, to: e.target.value })} />
            </label>
          </>
        )}
        <label className="filter">
          <span>{t('stats.period.groupBy')}</span>
          <select data-testid="stats-group-by" value={groupBy} onChange={(e) => setGroupBy(e.target.value as StatsGrouping)}>
            {STATS_GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {t(`stats.group.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('filter.category')}</span>
          <select data-testid="stats-category" value={category} onChange={(e) => setCategory(e.target.value as Category | '')}>
            <option value="">{t('filter.any')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={String(c)}>
                {c} · {CATEGORY_NAMES[c][language]}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('stats.period.employee')}</span>
          <select data-testid="stats-employee" value={employee} onChange={(e) => setEmployee(e.target.value)}>
            <option value="">{t('stats.period.allEmployees')}</option>
            {(staff ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.displayName}
              </option>
            ))}
          </select>
        </label>
      </form>
      {problem && problem !== 'missing' && (
        <p className="notice notice-error notice-inline" role="alert" data-testid="stats-range-problem">
          {problem === 'order' ? t('stats.range.order') : t('stats.range.tooLong', { days: MAX_STATS_DAYS })}
        </p>
      )}
      {error && query && <LoadProblem subject="stats" error={error} onRetry={reload} />}
      {shown && (
        <>
          <div className="stats-answer-bar">
            {shown.cached ? (
              <p className="notice notice-offline notice-inline" role="status" data-testid="stats-cached">
                {t('stats.period.cached', { time: dateTime(shown.fetchedAt) })}
              </p>
            ) : (
              <p className="muted" data-testid="stats-fetched">
                {t('stats.period.fetchedAt', { time: dateTime(shown.fetchedAt) })}
              </p>
            )}
            <div className="stats-export" role="group" aria-label={t('stats.export.label')}>
              {STATS_EXPORT_FORMATS.map((format) => (
                <button
                  key={format}
                  type="button"
                  className="button"
                  data-testid={`stats-export-${format}`}
                  disabled={exporting !== null}
                  onClick={() => void download(format)}
                >
                  {t(`stats.export.${format}`)}
                </button>
              ))}
            </div>
          </div>
          {exportError && (
            <p className="notice notice-error notice-inline" role="alert">
              {t('stats.export.failed')} {errorText(exportError)}
            </p>
          )}
          <PeriodFigures stats={shown.stats} />
        </>
      )}
    </section>
  );
}
