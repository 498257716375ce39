import { useMemo } from 'react';
import { FAIL_REASONS } from '../../../../src-shared/domain/verification';
import { CALL_OUTCOMES } from '../../../../src-shared/protocol/changes';
import { type StatsResponse, WAIT_BAND_COUNT, WAIT_BAND_MINUTES } from '../../../../src-shared/protocol/stats';
import { type I18n, useI18n } from '../../i18n/i18n';
import { ChartFigure } from '../charts/ChartFigure';

/** A group's key as a person reads it: a date, a weekday's name, an hour. */
function groupLabel(stats: StatsResponse, key: string, i18n: I18n): string {
  if (stats.query.groupBy === 'weekday') return i18n.t(`stats.weekday.${key as '1' | '2' | '3' | '4' | '5' | '6' | '7'}`);
  if (stats.query.groupBy === 'hour') return `${key}:00`;
  return i18n.shortDate(key);
}

function Table({ title, headers, rows, testId }: { title: string; headers: string[]; rows: Array<Array<string>>; testId: string }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div className="stats-table" data-testid={testId}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">{t('stats.none')}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              {headers.map((h, i) => (
                <th key={h} scope="col" className={i > 0 ? 'numeric' : undefined}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row[0]}>
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={i} className="numeric">
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The answer: key figures, the trend and waiting-time charts, and the tables behind them. */
export function PeriodFigures({ stats }: { stats: StatsResponse }): React.JSX.Element {
  const i18n = useI18n();
  const { t, number } = i18n;
  const minutes = (seconds: number | null): string => (seconds === null ? '—' : t('stats.minutes', { value: number(seconds / 60, 1) }));
  // In a tile the unit is in the label: "5,5 / 11,3" stays on one line.
  const pair = (figures: { p50: number | null; p90: number | null }): string =>
    [figures.p50, figures.p90].map((s) => (s === null ? '—' : number(s / 60, 1))).join(' / ');
  const totals = stats.totals;
  const labels = useMemo(() => stats.groups.map((g) => groupLabel(stats, g.key, i18n)), [stats, i18n]);
  const trend = useMemo(
    () => [
      { label: t('stats.figure.bookings'), values: stats.groups.map((g) => g.figures.bookings), color: '#9db9dc' },
      { label: t('stats.figure.completed'), values: stats.groups.map((g) => g.figures.completed), color: '#1f5fa8' },
      { label: t('stats.figure.noShows'), values: stats.groups.map((g) => g.figures.noShows), color: '#b0622a' },
    ],
    [stats, t],
  );
  const bandLabels = useMemo(
    () =>
      Array.from({ length: WAIT_BAND_COUNT }, (_, i) =>
        i === WAIT_BAND_COUNT - 1 ? t('stats.band.over', { from: i * WAIT_BAND_MINUTES }) : `${i * WAIT_BAND_MINUTES}–${(i + 1) * WAIT_BAND_MINUTES}`,
      ),
    [t],
  );
  const bands = useMemo(() => [{ label: t('stats.band.citizens'), values: stats.waitBands, color: '#1f8a70' }], [stats, t]);

  const figures: Array<[string, string, string]> = [
    ['bookings', t('stats.figure.bookings'), number(totals.bookings)],
    ['completed', t('stats.figure.completed'), number(totals.completed)],
    ['no-show-rate', t('stats.figure.noShowRate'), totals.noShowRate === null ? '—' : `${number(totals.noShowRate * 100, 1)} %`],
    ['cancelled', t('stats.figure.cancelled'), number(totals.cancelled)],
    ['rescheduled', t('stats.figure.rescheduled'), number(totals.rescheduled)],
    ['calls', t('stats.figure.calls'), number(totals.calls)],
    ['wait', t('stats.figure.wait'), pair(totals.wait)],
    ['duration', t('stats.figure.duration'), pair(totals.duration)],
    ['late-start', t('stats.figure.lateStart'), pair(stats.lateStart)],
    ['interpreter', t('stats.figure.interpreterCalls'), number(stats.interpreterCalls)],
  ];

  return (
    <div className="stats-figures">
      <dl className="stats-tiles stats-key-figures" data-testid="stats-key-figures">
        {figures.map(([id, label, value]) => (
          <div key={id} className="stats-tile" data-testid={`figure-${id}`}>
            <dt>{label}</dt>
            <dd>
              <span className="stats-tile-value">{value}</span>
            </dd>
          </div>
        ))}
      </dl>
      <p className="muted stats-note">{t('stats.figure.percentiles')}</p>
      <div className="stats-charts">
        <ChartFigure
          testId="chart-trend"
          title={t('stats.chart.trend', { group: t(`stats.group.${stats.query.groupBy}`) })}
          summary={t('stats.chart.trendSummary', { bookings: number(totals.bookings), completed: number(totals.completed) })}
          kind={stats.query.groupBy === 'day' ? 'line' : 'bar'}
          labels={labels}
          series={trend}
          labelHeader={t(`stats.group.${stats.query.groupBy}`)}
        />
        <ChartFigure
          testId="chart-wait"
          title={t('stats.chart.wait')}
          summary={t('stats.chart.waitSummary', { median: minutes(totals.wait.p50) })}
          kind="bar"
          labels={bandLabels}
          series={bands}
          labelHeader={t('stats.band.minutes')}
        />
      </div>
      <div className="stats-tables">
        <Table
          testId="table-outcomes"
          title={t('stats.table.outcomes')}
          headers={[t('stats.column.outcome'), t('stats.column.count')]}
          rows={CALL_OUTCOMES.map((o) => [t(`call.outcome.${o}`), number(stats.outcomes[o])])}
        />
        <Table
          testId="table-checks"
          title={t('stats.table.checks')}
          headers={[t('stats.column.check'), t('stats.column.count')]}
          rows={[
            [t('stats.check.passed'), number(stats.verification.passed)],
            [t('stats.check.failed'), number(stats.verification.failed)],
            ...FAIL_REASONS.map((r) => [`${t('stats.check.failed')}: ${t(`verification.reason.${r}`)}`, number(stats.verification.failedByReason[r])]),
          ]}
        />
        <Table
          testId="table-documents"
          title={t('stats.table.documents')}
          headers={[t('stats.column.channel'), t('stats.column.sent'), t('stats.column.done'), t('stats.column.failed'), t('stats.column.timeToDone')]}
          rows={stats.documents.map((d) => [
            t(`delivery.${d.channel}`),
            number(d.sent),
            number(d.done),
            number(d.failed),
            `${minutes(d.timeToDone.p50)} / ${minutes(d.timeToDone.p90)}`,
          ])}
        />
        <Table
          testId="table-reasons"
          title={t('stats.table.reasons')}
          headers={[t('stats.column.reason'), t('stats.column.count')]}
          rows={[
            ...stats.cancelReasons.map((r) => [`${t('stats.reason.cancel')}: ${r.reason}`, number(r.count)]),
            ...stats.rescheduleReasons.map((r) => [`${t('stats.reason.reschedule')}: ${r.reason}`, number(r.count)]),
          ]}
        />
        <Table
          testId="table-employees"
          title={t('stats.table.employees')}
          headers={[t('stats.column.employee'), t('stats.column.calls'), t('stats.column.duration'), ...CALL_OUTCOMES.map((o) => t(`call.outcome.${o}`))]}
          rows={stats.employees.map((e) => [
            e.name,
            number(e.calls),
            `${minutes(e.duration.p50)} / ${minutes(e.duration.p90)}`,
            ...CALL_OUTCOMES.map((o) => number(e.outcomes[o])),
          ])}
        />
      </div>
    </div>
  );
}
