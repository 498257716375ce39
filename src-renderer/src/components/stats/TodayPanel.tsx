import { useMemo } from 'react';
import { useNow } from '../../hooks/use-now';
import { useTodayStats } from '../../hooks/use-stats';
import { useI18n } from '../../i18n/i18n';
import { ChartFigure } from '../charts/ChartFigure';
import { LoadProblem } from '../LoadProblem';

function Tile({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }): React.JSX.Element {
  return (
    <div className="stats-tile" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <span className="stats-tile-value">{value}</span>
        {detail && <span className="stats-tile-detail">{detail}</span>}
      </dd>
    </div>
  );
}

/** Today at this KEP, live: tiles a supervisor reads at a glance, and the day's load by hour. */
export function TodayPanel(): React.JSX.Element {
  const { t, number, time } = useI18n();
  const { data: today, error, reload } = useTodayStats();
  const now = useNow(15_000);
  const labels = useMemo(() => (today?.byHour ?? []).map((h) => `${h.hour}:00`), [today]);
  const series = useMemo(
    () => [
      { label: t('stats.today.booked'), values: (today?.byHour ?? []).map((h) => h.booked), color: '#9db9dc' },
      { label: t('stats.today.served'), values: (today?.byHour ?? []).map((h) => h.served), color: '#1f5fa8' },
    ],
    [today, t],
  );
  const waitedMinutes = today?.longestWaitSince ? Math.max(0, Math.floor((now.getTime() - Date.parse(today.longestWaitSince)) / 60_000)) : null;
  const next = today?.nextHour;

  return (
    <section className="card card-wide stats-today" aria-labelledby="stats-today-title" data-testid="stats-today">
      <div className="stats-heading">
        <h2 id="stats-today-title">{t('stats.today.title')}</h2>
        {today && <p className="muted">{t('stats.today.asOf', { time: time(today.at) })}</p>}
      </div>
      {error && <LoadProblem subject="stats" error={error} onRetry={reload} />}
      {today && (
        <>
          <dl className="stats-tiles">
            <Tile testId="tile-booked" label={t('stats.today.booked')} value={number(today.booked)} />
            <Tile testId="tile-served" label={t('stats.today.served')} value={number(today.served)} />
            <Tile testId="tile-in-call" label={t('stats.today.inCall')} value={number(today.inCallNow)} />
            <Tile
              testId="tile-waiting"
              label={t('stats.today.waiting')}
              value={number(today.waitingNow)}
              detail={waitedMinutes === null ? t('stats.today.nobodyWaits') : t('stats.today.longestWait', { minutes: number(waitedMinutes) })}
            />
            <Tile testId="tile-no-shows" label={t('stats.today.noShows')} value={number(today.noShows)} />
            <Tile testId="tile-failed-checks" label={t('stats.today.failedChecks')} value={number(today.failedChecks)} />
            <Tile testId="tile-owed" label={t('stats.today.owed')} value={number(today.documentsOwed)} />
            <Tile
              testId="tile-next-hour"
              label={t('stats.today.nextHour')}
              value={number(next?.total ?? 0)}
              detail={t('stats.today.nextHourDetail', {
                c1: number(next?.byCategory[1] ?? 0),
                c2: number(next?.byCategory[2] ?? 0),
                c3: number(next?.byCategory[3] ?? 0),
                c4: number(next?.byCategory[4] ?? 0),
              })}
            />
          </dl>
          {labels.length > 0 ? (
            <ChartFigure
              testId="chart-today"
              title={t('stats.today.chart')}
              summary={t('stats.today.chartSummary', { booked: number(today.booked), served: number(today.served) })}
              kind="bar"
              labels={labels}
              series={series}
              labelHeader={t('stats.hour')}
            />
          ) : (
            <p className="muted">{t('stats.today.noAppointments')}</p>
          )}
        </>
      )}
    </section>
  );
}
