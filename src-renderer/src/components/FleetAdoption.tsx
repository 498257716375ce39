import { useMemo } from 'react';
import type { FleetResponse } from '../../../src-shared/protocol/fleet';
import { compareVersions } from '../../../src-shared/protocol/version-order';
import { useI18n } from '../i18n/i18n';
import { ChartFigure, type ChartSeries } from './charts/ChartFigure';

/** The current release in the accent colour; older versions in calm greys, newest darkest. */
const CURRENT_COLOUR = '#1f5fa8';
const OTHER_COLOURS = ['#6b7686', '#98a1ae', '#bfc5ce', '#d9dde3'];

/** Per day, how many of the KEP's desks ran each version: is the current release arriving? */
export function FleetAdoption({ fleet }: { fleet: FleetResponse }): React.JSX.Element {
  const { t, shortDate } = useI18n();
  const { dates, series } = useMemo(() => {
    const dates = [...new Set(fleet.adoption.map((a) => a.date))].sort();
    const versions = [...new Set(fleet.adoption.map((a) => a.version))].sort((a, b) => compareVersions(b, a));
    let other = 0;
    const series: ChartSeries[] = versions.map((version) => ({
      label: version,
      values: dates.map((date) => fleet.adoption.find((a) => a.date === date && a.version === version)?.desks ?? 0),
      color: version === fleet.current ? CURRENT_COLOUR : (OTHER_COLOURS[Math.min(other++, OTHER_COLOURS.length - 1)] as string),
    }));
    return { dates, series };
  }, [fleet]);
  const labels = useMemo(() => dates.map(shortDate), [dates, shortDate]);

  if (dates.length === 0) return <p className="muted">{t('fleet.adoption.none')}</p>;
  const lastDay = dates.length - 1;
  const total = series.reduce((sum, s) => sum + (s.values[lastDay] ?? 0), 0);
  const onCurrent = series.find((s) => s.label === fleet.current)?.values[lastDay] ?? 0;
  const summary = fleet.current
    ? t('fleet.adoption.summary', { date: labels[lastDay] as string, count: onCurrent, total, version: fleet.current })
    : t('fleet.adoption.summaryNone', { date: labels[lastDay] as string, total });
  return (
    <ChartFigure
      title={t('fleet.adoption.title')}
      summary={summary}
      kind="bar"
      stacked
      labels={labels}
      series={series}
      labelHeader={t('fleet.adoption.day')}
      testId="fleet-adoption"
    />
  );
}
